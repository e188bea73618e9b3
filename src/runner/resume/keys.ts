import type { CaseRecord } from '../../record/schema.ts'

/** What identifies a finished case for resume: the same case on the same provider with the same exact request. */
export interface ResumeKey {
  dataset: string
  caseId: string
  provider: string
  requestHash: string
}

/**
 * A finished case as a worker gets it: its request hash (a changed request
 * runs again) and where its record is in the resumed run's `results.jsonl`
 * (byte offset and length, line number for messages). The worker reads that
 * one line when it reaches the case; no worker holds the other records.
 */
export type ResumeEntry = [requestHash: string, offset: number, length: number, line: number]

/**
 * What every worker is provided: the finished cases of the run being resumed,
 * by `resumeKeyString(key)`, and the file their records are in. Plain JSON: it
 * travels to every worker through `provide`. Empty (`{}`) when not resuming.
 */
export interface ResumeIndex {
  file?: string
  cases?: Record<string, ResumeEntry>
}

/** A case on a provider, whatever its request: the index's key (the request hash is checked against the outcome's). */
export function resumeKeyString(key: Pick<ResumeKey, 'dataset' | 'caseId' | 'provider'> & { repeat?: number | undefined; variant?: string | undefined }): string {
  // a later repeat (`repeats: N`) is a case of its own; repeat 0 keeps a single sample's key
  const base = key.repeat ? [key.dataset, key.caseId, key.provider, key.repeat] : [key.dataset, key.caseId, key.provider]
  // so is each prompt variant (`variants:`): its name last, as `{ variant }` (never equal to a repeat's number)
  return JSON.stringify(key.variant === undefined ? base : [...base, { variant: key.variant }])
}

/** A case and provider regardless of the request (and the bench sample): the slot a newer record replaces an older one in. */
export function caseSlotString(record: Pick<CaseRecord, 'dataset' | 'caseId' | 'provider' | 'sample' | 'repeat' | 'variant'>): string {
  const slot = [record.dataset, record.caseId, record.provider, record.sample]
  const repeated = record.repeat ? [...slot, record.repeat] : slot
  return JSON.stringify(record.variant === undefined ? repeated : [...repeated, { variant: record.variant }])
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
