import type { CaseRecord } from '../../record/schema.ts'

/** What identifies a finished case for resume: the same case on the same provider with the same exact request. */
export interface ResumeKey {
  dataset: string
  caseId: string
  provider: string
  requestHash: string
}

/** Finished records of the run being resumed, by `resumeKeyString(key)`. Plain JSON: it travels to workers through `provide`. */
export type ResumeIndex = Record<string, CaseRecord>

export function resumeKeyString(key: ResumeKey): string {
  return JSON.stringify([key.dataset, key.caseId, key.provider, key.requestHash])
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
