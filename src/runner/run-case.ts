import { hostname } from 'node:os'
import type { TestContext } from 'vitest'
import type { ResolvedCase, ResolvedDataset } from '../dataset/types.ts'
import { costFor } from '../providers/pricing/index.ts'
import type { ProviderSpec } from '../providers/spec.ts'
import { repeatHash, requestHash, variantHash } from '../record/request-hash.ts'
import type { CaseRecord, CaseStatus, Evaluation } from '../record/schema.ts'
import { buildRequest, promptText, requestTarget } from './build-request.ts'
import { withCalls } from './call-totals.ts'
import { caseScope, runInCase } from './case-context.ts'
import { classifyError, type ClassifiedError } from './classify-error.ts'
import { evaluateOutput } from './evaluate-output.ts'
import { obtainResponse } from './obtain-response.ts'
import { resumedRecord } from './resume/resumed-record.ts'
import type { WorkerContext } from './worker-context.ts'

/** The machine every record of this worker names (ties GPU samples to cases on a fleet). */
const HOST = hostname()

export interface CaseRun {
  dataset: ResolvedDataset
  testCase: ResolvedCase
  spec: ProviderSpec
  /** Bench mode: the sample's index; null in a plain run; -1 for a warm-up call (not recorded). */
  sample: number | null
  /** Run and watch mode with `repeats: N` > 1: this repeat's index (0…N-1); absent for a single sample. */
  repeat?: number | undefined
  /** False: never taken from a resumed run (a load profile's requests repeat a case at every level). Default true. */
  resumable?: boolean | undefined
}

/**
 * Runs one case on one provider: calls it (with retries, each attempt inside a
 * slot of the provider's run-wide limits and within its own timeout),
 * scores the output with the case's matchers, and returns the case record. A
 * provider fault becomes the record's error; it never escapes as an exception.
 */
export async function runCase(ctx: TestContext, wc: WorkerContext, run: CaseRun): Promise<CaseRecord> {
  const { testCase, spec } = run
  const request = buildRequest(testCase, spec)
  const target = await requestTarget(spec)
  // each repeat and each prompt variant has its own key: recorded, replayed and resumed on its own
  const hash = repeatHash(variantHash(requestHash(target, request), testCase.variant), run.repeat)
  const resumed =
    run.resumable === false
      ? null
      : await resumedRecord(ctx, { dataset: run.dataset.name, caseId: testCase.id, provider: spec.id, requestHash: hash, sample: run.sample, repeat: run.repeat, variant: testCase.variant })
  if (resumed) return resumed

  const prompt = promptText(request)
  const timeoutMs = testCase.timeoutMs ?? wc.options.timeoutMs
  // model calls made from code (a function provider's, a custom matcher's) are this case's
  const scope = caseScope({ file: run.dataset.file, caseId: testCase.id, signal: ctx.signal, timeoutMs })
  const obtained = await runInCase(scope, () => obtainResponse(wc, run, spec, { request, prompt, hash, target, signal: ctx.signal, timeoutMs }))
  const { response, attempts, replayed } = obtained
  let failure = obtained.failure

  let evaluations: Evaluation[] = []
  if (response && run.sample !== -1) {
    try {
      evaluations = await runInCase(scope, () => evaluateOutput(ctx, wc.evaluators, testCase, response.output))
    } catch (error) {
      failure = classifyError(error, false, timeoutMs)
    }
  }
  const priced = replayed
    ? { cost: 0, note: 'replayed from a recording: no call was made' }
    : response?.cost !== undefined
      ? { cost: response.cost, note: null }
      : response && spec.type === 'function' && response.usage.source === 'none' && spec.price === undefined
      ? { cost: null, note: 'the function returned neither a cost nor token usage' }
      : response
      ? costFor(spec, response.usage, wc.options.pricing)
      : { cost: null, note: null }
  // the calls made from code are part of what the case consumed (the record's `calls` lists each)
  const totals = withCalls(response ? { usage: response.usage, cost: priced.cost, costNote: priced.note } : null, scope.calls)

  return {
    runId: null,
    dataset: run.dataset.name,
    datasetFile: run.dataset.file,
    caseId: testCase.id,
    category: testCase.category,
    provider: spec.id,
    providerType: spec.type,
    model: response?.model ?? spec.model,
    requestHash: hash,
    prompt,
    output: response?.output ?? null,
    finishReason: response?.finishReason ?? null,
    status: statusOf(failure, evaluations),
    error: failure ? { class: failure.class, message: failure.message, ...(failure.stack ? { stack: failure.stack } : {}) } : null,
    usage: totals.usage,
    cost: totals.cost,
    ...(totals.costNote ? { costNote: totals.costNote } : {}),
    timings: response?.timings ?? null,
    serverTimings: response?.serverTimings ?? null,
    attempts,
    retries: Math.max(0, attempts - 1),
    ...(obtained.attemptErrors.length > 0 ? { attemptErrors: [...obtained.attemptErrors] } : {}),
    cached: replayed,
    ...(replayed ? { replayed: true } : {}),
    ...(scope.calls.length > 0 ? { calls: [...scope.calls] } : {}),
    evaluations,
    sample: run.sample,
    ...(run.repeat === undefined ? {} : { repeat: run.repeat }),
    ...(testCase.variant === undefined ? {} : { variant: testCase.variant }),
    host: HOST,
    startedAt: obtained.startedAt.toISOString(),
    endedAt: new Date().toISOString(),
    ...(obtained.recordingError === undefined ? {} : { recordingError: obtained.recordingError }),
  }
}

function statusOf(failure: ClassifiedError | null, evaluations: Evaluation[]): CaseStatus {
  if (failure) return failure.status
  return evaluations.every((e) => e.pass) ? 'passed' : 'failed'
}
