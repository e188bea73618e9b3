import { inject, type TestContext } from 'vitest'
import type { CaseRecord } from '../../record/schema.ts'
import { resumeKeyString, type ResumeIndex, type ResumeKey } from './keys.ts'

/** The case a test is about to run; `sample` as in `CaseRun` (bench samples are never resumed). */
export interface ResumeLookup extends ResumeKey {
  sample?: number | null
}

/**
 * Worker side of resume, called at the top of `runCase`: when the run being
 * resumed already finished this case (same dataset, case, provider and
 * request hash), returns its record, marked `resumed: true`, for the test to
 * report instead of calling the provider; otherwise null. The test keeps the
 * case's outcome: a record that failed its matchers fails the test again here
 * (soft assertions, as the matchers themselves do); an errored or timed-out
 * record carries its error, which the caller throws as for a fresh record.
 */
export function resumedRecord(ctx: TestContext, lookup: ResumeLookup, index: ResumeIndex | undefined = injectedIndex()): CaseRecord | null {
  if (lookup.sample !== undefined && lookup.sample !== null) return null
  const previous = index?.[resumeKeyString(lookup)]
  if (!previous) return null
  replayOutcome(ctx, previous)
  return { ...previous, resumed: true }
}

function injectedIndex(): ResumeIndex | undefined {
  return inject('llmBenchResume')
}

/** Records the case's evaluations on the test again, and fails the test softly when the case had failed. */
function replayOutcome(ctx: TestContext, record: CaseRecord): void {
  const meta = ctx.task.meta
  meta.llmBenchEvaluations = [...(meta.llmBenchEvaluations ?? []), ...record.evaluations]
  if (record.status !== 'failed') return
  const failing = record.evaluations.filter((e) => !e.pass)
  for (const evaluation of failing) {
    ctx.expect.soft(evaluation.pass, `${evaluation.name} (resumed from run ${record.runId ?? '?'}): ${evaluation.reason}`).toBe(true)
  }
  if (failing.length === 0) ctx.expect.soft(record.status, `case failed in run ${record.runId ?? '?'} (resumed)`).toBe('passed')
}
