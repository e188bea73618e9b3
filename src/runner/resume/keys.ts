import type { CaseRecord, CaseStatus } from '../../record/schema.ts'

/** What identifies a finished case for resume: the same case on the same provider with the same exact request. */
export interface ResumeKey {
  dataset: string
  caseId: string
  provider: string
  requestHash: string
}

/**
 * What a worker needs to skip a finished case, and to end its test as the case
 * ended: its request hash (a changed request runs again), its status, and what
 * the test reports (annotations, the messages it fails with again, the error it
 * throws). The whole record stays on disk in the main process (see ResumedRecords).
 */
export interface ResumeOutcome {
  requestHash: string
  status: Exclude<CaseStatus, 'skipped'>
  /** The test's annotations, as made from the record (runner/case-annotations.ts). */
  annotations: { type: string; message: string }[]
  /** A failed case: what its test fails with again, one message per failing matcher. */
  failures?: string[]
  /** An errored or timed-out case: the error its test throws again. */
  error?: { class: string; message: string }
  /** More than one attempt: the error says how many. */
  attempts?: number
}

/** Finished cases of the run being resumed, by `resumeKeyString(key)`. Plain JSON: it travels to every worker through `provide`. */
export type ResumeIndex = Record<string, ResumeOutcome>

/** A case on a provider, whatever its request: the index's key (the request hash is checked against the outcome's). */
export function resumeKeyString(key: Pick<ResumeKey, 'dataset' | 'caseId' | 'provider'>): string {
  return JSON.stringify([key.dataset, key.caseId, key.provider])
}

/** A case and provider regardless of the request (and the bench sample): the slot a newer record replaces an older one in. */
export function caseSlotString(record: Pick<CaseRecord, 'dataset' | 'caseId' | 'provider' | 'sample'>): string {
  return JSON.stringify([record.dataset, record.caseId, record.provider, record.sample])
}

/**
 * Whether a record is the outcome of a case that ran to its end: any status
 * but a case that was cancelled (an aborted request when the run was stopped)
 * or never ran (`skipped`). Only a plain run's records count (no bench sample).
 */
export function isFinished(record: CaseRecord): boolean {
  if (record.sample !== null) return false
  if (record.status === 'skipped') return false
  return record.error?.class !== 'aborted'
}
