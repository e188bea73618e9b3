import type { CaseRecord } from '../../record/schema.ts'
import type { PairedCase } from '../../report/stats/paired.ts'
import { mcnemarForCases } from '../../report/stats/mcnemar.ts'
import { caseUnits, passes, unitKey, type CaseUnit } from './case-units.ts'
import { providerSide } from './provider-numbers.ts'
import type { LoadedRun } from './read-run.ts'
import {
  COMPARISON_VERSION,
  type CaseKey,
  type CaseSide,
  type ChangedCase,
  type ComparedRun,
  type MatcherChange,
  type ProviderChange,
  type RunComparison,
  type ScoreChange,
} from './schema.ts'
import { passRateVerdict, scoreVerdict } from './verdicts.ts'

/** A matcher score that moved by more than this (same pass/fail) is listed as a score change. */
export const SCORE_EPSILON = 0.01
/** Outputs kept per side in the comparison (the formats cut them shorter). */
export const OUTPUT_LIMIT = 2000
const REASON_LIMIT = 500

/**
 * `current` against `base`, case by case, paired by dataset, case id, provider
 * and variant (skipped cases left out):
 * - newly failing: passing on the base (a strict majority of its trials; with
 *   one trial, it passed), not passing now; newly passing the other way;
 * - score changes: same pass/fail, a matcher's mean score moved by more than
 *   SCORE_EPSILON;
 * - the paired verdicts of src/report/stats/: the pass rate overall and per
 *   provider (clustered by case), each matcher's mean score (paired bootstrap),
 *   and McNemar's mid-p;
 * - per provider, E2E and TTFT p50/p95 and cost over the records that called it.
 */
export function compareRuns(base: LoadedRun, current: LoadedRun): RunComparison {
  const before = ranUnits(base.results.cases)
  const after = ranUnits(current.results.cases)
  const pairs: Array<[CaseUnit, CaseUnit]> = []
  const onlyInCurrent: CaseKey[] = []
  for (const [key, now] of after) {
    const old = before.get(key)
    if (old) pairs.push([old, now])
    else onlyInCurrent.push(keyOf(now))
  }
  const onlyInBase = [...before].filter(([key]) => !after.has(key)).map(([, u]) => keyOf(u))
  const newlyFailing: ChangedCase[] = []
  const newlyPassing: ChangedCase[] = []
  const scoreChanges: ScoreChange[] = []
  for (const [old, now] of pairs) {
    if (passes(old) && !passes(now)) newlyFailing.push(changed(old, now))
    else if (!passes(old) && passes(now)) newlyPassing.push(changed(old, now))
    else scoreChanges.push(...scoreMoves(old, now))
  }
  const tallies = pairs.map(tally)
  const mean = (side: 'baseline' | 'current'): number | null => (tallies.length === 0 ? null : tallies.reduce((t, p) => t + p[side].passes / p[side].trials, 0) / tallies.length)
  return {
    version: COMPARISON_VERSION,
    project: current.results.project,
    base: runOf(base),
    current: runOf(current),
    paired: pairs.length,
    passRate: { base: mean('baseline'), current: mean('current') },
    verdict: passRateVerdict(tallies),
    mcnemar: mcnemarForCases(tallies),
    newlyFailing: newlyFailing.sort(byKey),
    newlyPassing: newlyPassing.sort(byKey),
    scoreChanges: scoreChanges.sort((a, b) => byKey(a, b) || order(a.matcher, b.matcher)),
    scoreEpsilon: SCORE_EPSILON,
    matchers: matcherChanges(pairs),
    providers: providerChanges(base.results.cases, current.results.cases, before, after, pairs),
    onlyInBase: onlyInBase.sort(byKey),
    onlyInCurrent: onlyInCurrent.sort(byKey),
  }
}

/** The cases that ran (at least one trial not skipped). */
function ranUnits(records: readonly CaseRecord[]): Map<string, CaseUnit> {
  const units = caseUnits(records)
  for (const [key, unit] of units) if (unit.trials === 0) units.delete(key)
  return units
}

function tally([old, now]: [CaseUnit, CaseUnit]): PairedCase {
  return { id: unitKey(now), baseline: { passes: old.passes, trials: old.trials }, current: { passes: now.passes, trials: now.trials } }
}

function keyOf(u: CaseUnit): CaseKey {
  return { dataset: u.dataset, caseId: u.caseId, provider: u.provider, variant: u.variant }
}

function changed(old: CaseUnit, now: CaseUnit): ChangedCase {
  return { ...keyOf(now), base: side(old), current: side(now) }
}

function side(u: CaseUnit): CaseSide {
  return { status: u.status, passes: u.passes, trials: u.trials, scores: u.scores, output: cut(u.output, OUTPUT_LIMIT), reason: cut(u.reason, REASON_LIMIT) }
}

function scoreMoves(old: CaseUnit, now: CaseUnit): ScoreChange[] {
  const out: ScoreChange[] = []
  for (const [matcher, score] of Object.entries(now.scores)) {
    const was = old.scores[matcher]
    if (was !== undefined && Math.abs(score - was) > SCORE_EPSILON) out.push({ ...keyOf(now), matcher, base: was, current: score })
  }
  return out
}

function matcherChanges(pairs: ReadonlyArray<[CaseUnit, CaseUnit]>): MatcherChange[] {
  const names = [...new Set(pairs.flatMap(([old, now]) => [...Object.keys(old.scores), ...Object.keys(now.scores)]))].sort(order)
  return names.map((matcher) => {
    const both = pairs.filter(([old, now]) => old.scores[matcher] !== undefined && now.scores[matcher] !== undefined)
    const base = both.map(([old]) => old.scores[matcher] as number)
    const current = both.map(([, now]) => now.scores[matcher] as number)
    return { matcher, cases: both.length, base: average(base), current: average(current), verdict: scoreVerdict(base, current, `mean ${matcher} score`) }
  })
}

function providerChanges(
  baseRecords: readonly CaseRecord[],
  currentRecords: readonly CaseRecord[],
  before: Map<string, CaseUnit>,
  after: Map<string, CaseUnit>,
  pairs: ReadonlyArray<[CaseUnit, CaseUnit]>,
): ProviderChange[] {
  const names = [...new Set([...before.values(), ...after.values()].map((u) => u.provider))].sort(order)
  return names.map((provider) => {
    const sideOf = (records: readonly CaseRecord[], units: Map<string, CaseUnit>) => {
      const mine = [...units.values()].filter((u) => u.provider === provider)
      return mine.length === 0 ? null : providerSide(records.filter((r) => r.provider === provider), mine)
    }
    const paired = pairs.filter(([, now]) => now.provider === provider).map(tally)
    return {
      provider,
      base: sideOf(baseRecords, before),
      current: sideOf(currentRecords, after),
      paired: paired.length,
      verdict: passRateVerdict(paired, `pass rate of ${provider}`),
    }
  })
}

function runOf(run: LoadedRun): ComparedRun {
  const r = run.results
  return { runId: r.runId, file: run.file, mode: r.mode, startedAt: r.startedAt, commit: run.git?.commit ?? null, branch: run.git?.branch ?? null }
}

function average(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((t, v) => t + v, 0) / values.length
}

function cut(text: string | null, max: number): string | null {
  return text !== null && text.length > max ? `${text.slice(0, max - 1)}…` : text
}

function order(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function byKey(a: CaseKey, b: CaseKey): number {
  return order(a.dataset, b.dataset) || order(a.caseId, b.caseId) || order(a.provider, b.provider) || order(a.variant ?? '', b.variant ?? '')
}
