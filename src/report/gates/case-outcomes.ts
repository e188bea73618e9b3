import type { CaseRecord, CaseStatus } from '../../record/schema.ts'

/**
 * One case (dataset, case id, provider) of a run, its records folded into one
 * outcome: what a baseline stores and what a comparison compares.
 */
export interface CaseOutcome {
  dataset: string
  caseId: string
  provider: string
  /** The dataset's prompt variant (`variants:`): a case under each variant is an outcome of its own; absent without variants. */
  variant?: string
  model: string
  /**
   * passed when every sample passed; otherwise the first of error, timeout,
   * failed found among them; skipped when nothing ran.
   */
  status: CaseStatus
  /** Samples behind the outcome: 1 outside bench mode without repeats; bench samples or repeats otherwise. */
  samples: number
  /** Samples (bench samples or repeats) that ran, not skipped: the trials of the case's pass fraction. */
  trials: number
  /** Of those, the ones that passed. */
  passes: number
  /** Mean of every evaluation score of the samples, 0..1; null without evaluations. */
  score: number | null
  /** Mean score per matcher name. */
  scores: Record<string, number>
  /** Mean E2E latency of the samples that have timings; null when none has. */
  e2eMs: number | null
  /** USD summed over the samples; null when a sample with an output has no price, or none has a cost. */
  cost: number | null
  /** Every sample was replayed from a recording (no call was made). */
  replayed: boolean
}

/** The key of a case across runs. */
export function caseKey(c: { dataset: string; caseId: string; provider: string; variant?: string | undefined }): string {
  return JSON.stringify(c.variant === undefined ? [c.dataset, c.caseId, c.provider] : [c.dataset, c.caseId, c.provider, { variant: c.variant }])
}

/** `dataset › case › provider`, the way messages name a case. */
export function caseLabel(c: { dataset: string; caseId: string; provider: string; variant?: string | undefined }): string {
  return c.variant === undefined ? `${c.dataset} › ${c.caseId} › ${c.provider}` : `${c.dataset} › ${c.caseId} › ${c.variant} › ${c.provider}`
}

/** A record answered from a recording: its timings are the recorded ones and its cost is 0. */
export function isReplayed(record: CaseRecord): boolean {
  return record.cached || record.replayed === true
}

/** The statuses that count as a failure of a case that ran. */
export function isFailure(status: CaseStatus): boolean {
  return status === 'failed' || status === 'error' || status === 'timeout'
}

/**
 * The outcome of every case of a run, sorted by dataset, case id, provider.
 *
 * Records of one case are its samples (bench mode: `sample` 0, 1, ...), its
 * repeats (`repeat` 0, 1, ... with `repeats: N`) or, outside bench mode, one
 * record per attempt when Vitest retried the test: for each sample and repeat
 * only the last record counts (the retry that decided the test). A case passes
 * only when ALL of its samples and repeats pass; `passes` of `trials` keeps the
 * count (what the significance-aware gates and the majority rule use).
 */
export function caseOutcomes(records: readonly CaseRecord[]): CaseOutcome[] {
  const groups = new Map<string, CaseRecord[]>()
  for (const record of records) {
    const key = caseKey(record)
    const group = groups.get(key)
    if (group) group.push(record)
    else groups.set(key, [record])
  }
  return [...groups.values()].map((group) => outcomeOf(lastPerSample(group))).sort(compareCases)
}

/** Pass rate over cases that ran: passed / (passed + failed + errored + timed out); null when none ran. */
export function casePassRate(outcomes: readonly { status: CaseStatus }[]): number | null {
  const ran = outcomes.filter((o) => o.status !== 'skipped')
  return ran.length === 0 ? null : ran.filter((o) => o.status === 'passed').length / ran.length
}

/** Dataset, case id, provider in code-point order (the same on every machine and locale). */
export function compareCases(a: { dataset: string; caseId: string; provider: string; variant?: string | undefined }, b: { dataset: string; caseId: string; provider: string; variant?: string | undefined }): number {
  return codePoint(a.dataset, b.dataset) || codePoint(a.caseId, b.caseId) || codePoint(a.provider, b.provider) || codePoint(a.variant ?? '', b.variant ?? '')
}

function codePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** One record per sample and repeat: the last one (a Vitest retry replaces the attempt before it). */
function lastPerSample(group: readonly CaseRecord[]): CaseRecord[] {
  const bySample = new Map<string, CaseRecord>()
  for (const record of group) bySample.set(`${record.sample ?? ''}/${record.repeat ?? ''}`, record)
  return [...bySample.values()]
}

const FAILURE_ORDER: readonly CaseStatus[] = ['error', 'timeout', 'failed']

function outcomeOf(samples: readonly CaseRecord[]): CaseOutcome {
  const first = samples[0] as CaseRecord
  const ran = samples.filter((r) => r.status !== 'skipped')
  const status: CaseStatus =
    ran.length === 0 ? 'skipped' : (FAILURE_ORDER.find((s) => ran.some((r) => r.status === s)) ?? 'passed')
  const evaluations = ran.flatMap((r) => r.evaluations)
  const byMatcher = new Map<string, number[]>()
  for (const e of evaluations) byMatcher.set(e.name, [...(byMatcher.get(e.name) ?? []), e.score])
  const scores: Record<string, number> = {}
  for (const [name, values] of [...byMatcher].sort(([a], [b]) => codePoint(a, b))) scores[name] = mean(values) as number
  const timed = ran.flatMap((r) => (r.timings ? [r.timings.e2eMs] : []))
  const priced = ran.filter((r) => r.cost !== null)
  const unpriced = ran.some((r) => r.cost === null && r.output !== null)
  return {
    dataset: first.dataset,
    caseId: first.caseId,
    provider: first.provider,
    ...(first.variant === undefined ? {} : { variant: first.variant }),
    model: samples.find((r) => r.model !== '')?.model ?? first.model,
    status,
    samples: samples.length,
    trials: ran.length,
    passes: ran.filter((r) => r.status === 'passed').length,
    score: mean(evaluations.map((e) => e.score)),
    scores,
    e2eMs: mean(timed),
    cost: unpriced || priced.length === 0 ? null : priced.reduce((total, r) => total + (r.cost ?? 0), 0),
    replayed: ran.length > 0 && ran.every(isReplayed),
  }
}

function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null
  let total = 0
  for (const v of values) total += v
  return total / values.length
}
