import type { CaseRecord, CaseStatus } from '../../record/schema.ts'

/** What pairs a case across two runs: dataset, case id, provider and, when the dataset has variants, the variant. */
export interface UnitKey {
  dataset: string
  caseId: string
  provider: string
  /** null: the dataset declares no variants. */
  variant: string | null
}

/**
 * One case of a run on one provider (and variant), its records folded: every
 * trial (bench sample, repeat) counts once, the last attempt of each when Vitest
 * retried the test. `passes / trials` is its pass fraction.
 */
export interface CaseUnit extends UnitKey {
  model: string
  /** Trials that ran (not skipped). */
  trials: number
  passes: number
  /** passed when every trial passed; else the first of error, timeout, failed; skipped when nothing ran. */
  status: CaseStatus
  /** Mean score per matcher name over the trials. */
  scores: Record<string, number>
  /** The first trial's output (the one shown side by side); null without one. */
  output: string | null
  /** The first failing evaluation's reason or the error message, for a failing case; null otherwise. */
  reason: string | null
  /** Mean E2E ms of the trials with timings; null when none has. */
  e2eMs: number | null
}

export function unitKey(k: UnitKey): string {
  return JSON.stringify([k.dataset, k.caseId, k.provider, k.variant])
}

/** `dataset › case › provider [variant]`, the way messages name a case. */
export function unitLabel(k: UnitKey): string {
  return `${k.dataset} › ${k.caseId} › ${k.provider}${k.variant === null ? '' : ` [${k.variant}]`}`
}

/** Passing in a strict majority of its trials (with one trial: it passed). */
export function passes(unit: { passes: number; trials: number }): boolean {
  return unit.trials > 0 && unit.passes * 2 > unit.trials
}

const FAILURE_ORDER: readonly CaseStatus[] = ['error', 'timeout', 'failed']

/** The run's cases, keyed by `unitKey`, in the records' order. */
export function caseUnits(records: readonly CaseRecord[]): Map<string, CaseUnit> {
  const groups = new Map<string, Map<string, CaseRecord>>()
  for (const record of records) {
    const key = unitKey(keyOf(record))
    let trials = groups.get(key)
    if (!trials) groups.set(key, (trials = new Map()))
    // one trial per (sample, repeat); a later record of the same trial is a retry and replaces it
    trials.set(JSON.stringify([record.sample, record.repeat ?? null, record.load?.measurement ?? null]), record)
  }
  const out = new Map<string, CaseUnit>()
  for (const [key, trials] of groups) out.set(key, unitOf([...trials.values()]))
  return out
}

function keyOf(r: CaseRecord): UnitKey {
  return { dataset: r.dataset, caseId: r.caseId, provider: r.provider, variant: r.variant ?? null }
}

function unitOf(trials: readonly CaseRecord[]): CaseUnit {
  const first = trials[0] as CaseRecord
  const ran = trials.filter((r) => r.status !== 'skipped')
  const status: CaseStatus = ran.length === 0 ? 'skipped' : (FAILURE_ORDER.find((s) => ran.some((r) => r.status === s)) ?? 'passed')
  const byMatcher = new Map<string, number[]>()
  for (const e of ran.flatMap((r) => r.evaluations)) byMatcher.set(e.name, [...(byMatcher.get(e.name) ?? []), e.score])
  const scores: Record<string, number> = {}
  for (const [name, values] of [...byMatcher].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) scores[name] = mean(values) as number
  const shown = ran[0] ?? first
  const failing = ran.find((r) => r.status !== 'passed')
  return {
    ...keyOf(first),
    model: trials.find((r) => r.model !== '')?.model ?? first.model,
    trials: ran.length,
    passes: ran.filter((r) => r.status === 'passed').length,
    status,
    scores,
    output: shown.output,
    reason: failing ? (failing.error?.message ?? failing.evaluations.find((e) => !e.pass)?.reason ?? null) : null,
    e2eMs: mean(ran.flatMap((r) => (r.timings ? [r.timings.e2eMs] : []))),
  }
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null
  let total = 0
  for (const v of values) total += v
  return total / values.length
}
