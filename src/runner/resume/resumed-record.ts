import { inject, type TestContext } from 'vitest'
import type { CaseRecord } from '../../record/schema.ts'
import { annotateWith } from '../case-annotations.ts'
import { resumeKeyString, type ResumeIndex, type ResumeKey, type ResumeOutcome } from './keys.ts'

/** The case a test is about to run; `sample` as in `CaseRun` (bench samples are never resumed). */
export interface ResumeLookup extends ResumeKey {
  sample?: number | null
  datasetFile?: string
}

/**
 * Worker side of resume, called at the top of `runCase`: when the run being
 * resumed already finished this case (same dataset, case, provider and
 * request hash), ends the test as the case ended and returns a stub of its
 * record (key, status, error; marked `resumed: true`) for the test to report
 * instead of calling the provider; otherwise null. The test gets the case's
 * annotations again, and keeps its outcome: a record that failed its matchers
 * fails the test again here (soft assertions, as the matchers themselves do);
 * an errored or timed-out one carries its error, which the caller throws as
 * for a fresh record. The main process puts the whole record in place of the
 * stub (ResumedRecords.restore): workers never hold the earlier records.
 */
export async function resumedRecord(ctx: TestContext, lookup: ResumeLookup, index: ResumeIndex | undefined = injectedIndex()): Promise<CaseRecord | null> {
  if (lookup.sample !== undefined && lookup.sample !== null) return null
  const outcome = index?.[resumeKeyString(lookup)]
  if (!outcome || outcome.requestHash !== lookup.requestHash) return null
  // before the soft failures: Vitest takes annotations from a running test
  await annotateWith(ctx, outcome.annotations)
  for (const message of outcome.failures ?? []) ctx.expect.soft(false, message).toBe(true)
  return stub(lookup, outcome)
}

function injectedIndex(): ResumeIndex | undefined {
  return inject('llmBenchResume')
}

/** What the test reports of a resumed case until the main process has the whole record. */
function stub(key: ResumeLookup, outcome: ResumeOutcome): CaseRecord {
  const epoch = new Date(0).toISOString()
  return {
    runId: null,
    dataset: key.dataset,
    datasetFile: key.datasetFile ?? '',
    caseId: key.caseId,
    category: null,
    provider: key.provider,
    providerType: key.provider.split(':')[0] ?? key.provider,
    model: '',
    requestHash: key.requestHash,
    prompt: '',
    output: null,
    finishReason: null,
    status: outcome.status,
    error: outcome.error ?? null,
    usage: { inputTokens: null, outputTokens: null, source: 'none' },
    cost: null,
    timings: null,
    serverTimings: null,
    attempts: outcome.attempts ?? 1,
    retries: Math.max(0, (outcome.attempts ?? 1) - 1),
    cached: false,
    evaluations: [],
    sample: null,
    startedAt: epoch,
    endedAt: epoch,
    resumed: true,
  }
}
