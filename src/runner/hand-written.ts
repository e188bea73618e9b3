import { hostname } from 'node:os'
import { relative } from 'node:path'
import type { RunnerTestCase } from 'vitest'
import { isDatasetFile } from '../dataset/load.ts'
import { datasetFileOf } from './dataset-split.ts'
import { redactValue } from '../providers/redaction/registry.ts'
import type { CaseRecord, CaseStatus, Evaluation, ModelCall } from '../record/schema.ts'
import { withCalls } from './call-totals.ts'
import { caseScope, runInCase, type CaseScope } from './case-context.ts'

/**
 * Hand-written tests of an llmBench project (`*.llm.test.ts`): each runs
 * inside a case context of its own, so its `provider(...)` calls are recorded
 * in its file's recordings and attached to it; once it has finished, its
 * record (dataset: the file, relative to the root; case id: the test's name
 * with its describe blocks; provider `test`) goes into its `task.meta`, where
 * the reporter finds dataset cases' records.
 */

const HOST = hostname()
/** The provider (and provider type) named by a hand-written test's record. */
export const HAND_WRITTEN_PROVIDER = 'test'

interface Running {
  scope: CaseScope
  startedAt: Date
}

const running = new WeakMap<RunnerTestCase, Running>()

/** Whether a test is a hand-written one (not a dataset case). */
export function isHandWritten(test: RunnerTestCase): boolean {
  // a part of a split dataset file is `<file>?llm-part=k-of-n`
  return !isDatasetFile(datasetFileOf(test.file.filepath))
}

/** Runs a hand-written test's body inside its case context (one context for every retry of the test). */
export function runHandWritten(test: RunnerTestCase, body: () => unknown): unknown {
  let state = running.get(test)
  if (!state) {
    state = { scope: caseScope({ file: test.file.filepath, caseId: testName(test), signal: test.context.signal }), startedAt: new Date() }
    running.set(test, state)
  }
  return runInCase(state.scope, body)
}

/** Once a hand-written test has finished (its result final): its record goes into its meta, without secrets. */
export function finishHandWritten(test: RunnerTestCase, root: string): void {
  const state = running.get(test)
  // a skipped test never ran: it has no record
  if (!state || test.result?.state === 'skip') return
  running.delete(test)
  const record = handWrittenRecord({
    dataset: relative(root, test.file.filepath).replaceAll('\\', '/'),
    datasetFile: test.file.filepath,
    caseId: state.scope.caseId,
    failed: test.result?.state === 'fail',
    errors: (test.result?.errors ?? []).map((e) => ({ name: typeof e.name === 'string' ? e.name : 'Error', message: typeof e.message === 'string' ? e.message : String(e) })),
    evaluations: test.meta.llmBenchEvaluations ?? [],
    calls: state.scope.calls,
    // from its first model call on, as a dataset case starts once its provider is ready (a model load is no case's time)
    startedAt: state.scope.firstSentAt ?? state.startedAt,
    endedAt: new Date(),
  })
  const info = { dataset: record.dataset, datasetFile: record.datasetFile, caseId: record.caseId, category: null, provider: HAND_WRITTEN_PROVIDER }
  test.meta.llmBench = { case: info, records: [redactValue(record)] }
}

/** The test's name under its describe blocks: `group > name`. */
export function testName(test: RunnerTestCase): string {
  const names = [test.name]
  for (let suite = test.suite; suite && suite !== test.file; suite = suite.suite) if (suite.name) names.unshift(suite.name)
  return names.join(' > ')
}

export interface HandWrittenRun {
  dataset: string
  datasetFile: string
  caseId: string
  failed: boolean
  errors: readonly { name: string; message: string }[]
  evaluations: readonly Evaluation[]
  calls: readonly ModelCall[]
  startedAt: Date
  endedAt: Date
}

/**
 * A hand-written test as a case record. Status: `passed`/`failed` from the
 * test's result; `error` when it failed and a model call failed (its class
 * and message). Tokens and cost: the sum of its model calls. Timings: the sum
 * of the calls' queue and end-to-end times (the first call's time to first
 * token). No prompt or output of its own: `calls` lists each call. `cached`
 * when every call was replayed.
 */
export function handWrittenRecord(run: HandWrittenRun): CaseRecord {
  const { calls } = run
  const totals = withCalls(null, calls)
  const failedCall = calls.find((c) => c.error !== undefined)
  const status: CaseStatus = !run.failed ? 'passed' : failedCall ? (failedCall.error?.class === 'timeout' ? 'timeout' : 'error') : 'failed'
  const explained = run.evaluations.some((e) => !e.pass)
  const error =
    status === 'error' || status === 'timeout'
      ? { class: failedCall?.error?.class ?? 'error', message: failedCall?.error?.message ?? '' }
      : status === 'failed' && !explained
        ? { class: 'assertion', message: run.errors.map((e) => e.message).join('\n') || 'the test failed' }
        : null
  const timed = calls.flatMap((c) => (c.timings ? [c.timings] : []))
  const replayed = calls.length > 0 && calls.every((c) => c.cached)
  const models = [...new Set(calls.map((c) => c.model))]
  return {
    runId: null,
    dataset: run.dataset,
    datasetFile: run.datasetFile,
    caseId: run.caseId,
    category: null,
    provider: HAND_WRITTEN_PROVIDER,
    providerType: HAND_WRITTEN_PROVIDER,
    model: models.join(', '),
    requestHash: '',
    prompt: '',
    output: null,
    finishReason: null,
    status,
    error,
    usage: totals.usage,
    cost: totals.cost,
    ...(totals.costNote && calls.length > 0 ? { costNote: totals.costNote } : {}),
    timings:
      timed.length === 0
        ? null
        : {
            queueMs: timed.reduce((t, c) => t + c.queueMs, 0),
            ttftMs: timed[0]?.ttftMs ?? null,
            e2eMs: timed.reduce((t, c) => t + c.e2eMs, 0),
            tpotMs: null,
            itlMs: [],
            streamed: false,
          },
    serverTimings: null,
    attempts: calls.reduce((t, c) => t + c.attempts, 0),
    retries: calls.reduce((t, c) => t + Math.max(0, c.attempts - 1), 0),
    cached: replayed,
    ...(replayed ? { replayed: true } : {}),
    ...(calls.length > 0 ? { calls: [...calls] } : {}),
    evaluations: [...run.evaluations],
    sample: null,
    host: HOST,
    startedAt: run.startedAt.toISOString(),
    endedAt: run.endedAt.toISOString(),
  }
}
