import { meanWithClusteredError } from '../stats/clustered.ts'
import { pairedPassRateDifference, type PairedCase } from '../stats/paired.ts'
import type { BaselineCase } from './baseline-schema.ts'
import { caseKey, compareCases, type CaseOutcome } from './case-outcomes.ts'
import { baselineTally, outcomeTally, type Tally } from './case-tally.ts'
import type { PassRateChange } from './types.ts'

/**
 * The change in pass rate against the baseline, overall (first) and per dataset ×
 * provider (sorted), each case counting once with its pass fraction over its repeats:
 * - paired on the cases both runs ran when the baseline has per-case tallies: the mean
 *   of the per-case differences with its clustered standard error (stats/paired.ts);
 * - unpaired otherwise (a baseline written before tallies existed): the difference of
 *   the two means, each with its clustered standard error, SE = √(SE_before² + SE_now²).
 * A group with no case on a side (paired: no case in both) has no entry.
 */
export function passRateChanges(now: readonly CaseOutcome[], baseline: readonly BaselineCase[]): PassRateChange[] {
  const ranNow = now.filter((o) => o.trials > 0)
  const tallied = baseline.map((c) => ({ c, tally: baselineTally(c) }))
  const paired = baseline.length > 0 && tallied.every((t) => t.tally.exact)
  const ranBefore = tallied.filter((t) => t.tally.trials > 0)
  const buckets = new Map<string, Side>()
  const bucket = (c: { dataset: string; provider: string }): Side => {
    const key = JSON.stringify([c.dataset, c.provider])
    let side = buckets.get(key)
    if (!side) buckets.set(key, (side = { dataset: c.dataset, provider: c.provider, now: [], before: [] }))
    return side
  }
  for (const o of ranNow) bucket(o).now.push(o)
  for (const t of ranBefore) bucket(t.c).before.push(t)
  const groups = [...buckets.values()].sort((a, b) => compareCases({ dataset: a.dataset ?? '', caseId: '', provider: a.provider ?? '' }, { dataset: b.dataset ?? '', caseId: '', provider: b.provider ?? '' }))
  const all: Side = { dataset: null, provider: null, now: ranNow, before: ranBefore }
  const out: PassRateChange[] = []
  // one group only: its figure is the overall one
  for (const side of groups.length > 1 ? [all, ...groups] : [all]) {
    const change = paired ? pairedChange(side.now, side.before) : unpairedChange(side.now, side.before)
    if (change) out.push({ dataset: side.dataset, provider: side.provider, ...change })
  }
  return out
}

interface Side {
  dataset: string | null
  provider: string | null
  now: CaseOutcome[]
  before: Array<{ c: BaselineCase; tally: Tally }>
}

type Figures = Omit<PassRateChange, 'dataset' | 'provider'>

function pairedChange(now: readonly CaseOutcome[], before: ReadonlyArray<{ c: BaselineCase; tally: Tally }>): Figures | null {
  const old = new Map(before.map((t) => [caseKey(t.c), t.tally]))
  const pairs: PairedCase[] = []
  let trials = 1
  for (const o of now) {
    const was = old.get(caseKey(o))
    if (!was) continue
    pairs.push({ id: caseKey(o), baseline: was, current: outcomeTally(o) })
    trials = Math.max(trials, o.trials)
  }
  if (pairs.length === 0) return null
  const difference = pairedPassRateDifference(pairs)
  return {
    paired: true,
    cases: pairs.length,
    casesBefore: pairs.length,
    trials,
    before: meanFraction(pairs.map((p) => p.baseline)),
    after: meanFraction(pairs.map((p) => p.current)),
    change: difference.estimate,
    standardError: difference.standardError,
  }
}

function unpairedChange(now: readonly CaseOutcome[], before: ReadonlyArray<{ c: BaselineCase; tally: Tally }>): Figures | null {
  if (now.length === 0 || before.length === 0) return null
  const after = meanWithClusteredError(now.map((o) => o.passes / o.trials))
  const old = meanWithClusteredError(before.map((t) => t.tally.passes / t.tally.trials))
  return {
    paired: false,
    cases: now.length,
    casesBefore: before.length,
    trials: Math.max(1, ...now.map((o) => o.trials)),
    before: old.estimate,
    after: after.estimate,
    change: after.estimate - old.estimate,
    standardError: Math.sqrt(old.standardError ** 2 + after.standardError ** 2),
  }
}

function meanFraction(tallies: readonly Tally[]): number {
  let sum = 0
  for (const t of tallies) sum += t.passes / t.trials
  return sum / tallies.length
}
