import type { TaskMeta } from 'vitest'
import type { CaseStatus } from '../../record/schema.ts'

/** How a finished case counts in the progress: the status of its last record. */
export type ProgressOutcome = CaseStatus

/** What `caseOutcome` reads of a finished test (a Vitest `TestCase` has it). */
export interface FinishedCase {
  meta(): TaskMeta
  result(): { state: string }
}

/**
 * A finished case's outcome: the status of its last record (in bench mode a
 * case has one record per sample; the last one speaks for the case), and
 * whether every record was reused from an earlier run (`resumed`: no work was
 * done, so it must not count towards throughput). A case without records never
 * reached its provider: a failed test is an `error`, a skipped one `skipped`.
 */
export function caseOutcome(testCase: FinishedCase): { outcome: ProgressOutcome; resumed: boolean } {
  // full records until the reporter wrote them to results.jsonl, their summaries after
  const own = testCase.meta().llmBench
  const records: ReadonlyArray<{ status: CaseStatus; resumed?: true }> = own && own.records.length > 0 ? own.records : (own?.summaries ?? [])
  const last = records.at(-1)
  if (last) return { outcome: last.status, resumed: records.every((r) => r.resumed === true) }
  const state = testCase.result().state
  if (state === 'passed') return { outcome: 'passed', resumed: false }
  if (state === 'failed') return { outcome: 'error', resumed: false }
  return { outcome: 'skipped', resumed: false }
}
