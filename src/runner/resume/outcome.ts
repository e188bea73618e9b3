import type { CaseRecord } from '../../record/schema.ts'
import { redactValue } from '../../providers/redaction/registry.ts'
import { caseAnnotations } from '../case-annotations.ts'
import type { ResumeOutcome } from './keys.ts'

/**
 * Main side: what a worker gets of a finished record (see ResumeOutcome). The
 * annotations and failure messages are those the test made when the record was
 * reused whole; the record itself stays on disk. Redacted.
 */
export function resumeOutcome(record: CaseRecord): ResumeOutcome {
  const status = record.status === 'skipped' ? 'error' : record.status
  const outcome: ResumeOutcome = { requestHash: record.requestHash, status, annotations: caseAnnotations(record) }
  if (record.status === 'failed') outcome.failures = failureMessages(record)
  if (record.error) outcome.error = { class: record.error.class, message: record.error.message }
  if (record.attempts > 1) outcome.attempts = record.attempts
  // it goes to every worker: no secret in it, whatever the file holds
  return redactValue(outcome)
}

/** `toMatchRegex (resumed from run <id>): no match`, per failing matcher; one line for a failed case without one. */
function failureMessages(record: CaseRecord): string[] {
  const run = record.runId ?? '?'
  const failing = record.evaluations.filter((e) => !e.pass)
  if (failing.length === 0) return [`case failed in run ${run} (resumed)`]
  return failing.map((e) => `${e.name} (resumed from run ${run}): ${e.reason}`)
}
