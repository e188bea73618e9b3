import type { CaseRecord } from '../../record/schema.ts'
import { compareText } from '../aggregate.ts'
import { mcnemarForCases } from '../stats/mcnemar.ts'
import { pairedPassRateDifference, type PairedCase } from '../stats/paired.ts'
import { verdict } from '../stats/verdict.ts'
import { meanBootstrap } from './bootstrap-capped.ts'
import type { PairedVerdict } from './paired-schema.ts'
import { caseIdentity } from './record-intervals.ts'

/** What a baseline case holds that the paired comparison reads (a BaselineCase fits). */
export interface BaselinePairCase {
  dataset: string
  caseId: string
  provider: string
  variant?: string | undefined
  status: CaseRecord['status']
  passes?: number | undefined
  trials?: number | undefined
  score: number | null
}

interface Side {
  passes: number
  trials: number
  score: number | null
}

/**
 * Per dataset × provider (sorted), this run's cases paired with the
 * baseline's on dataset, case id, provider and variant (when present): the
 * paired change in pass rate with its 95% interval, the mid-p McNemar p-value
 * on each case's majority pass/fail, the paired bootstrap of the change in
 * mean score, and the verdict with the minimum detectable change. A case
 * counts when it ran on both sides; groups with no such case are left out.
 */
export function pairedVerdicts(records: readonly CaseRecord[], baseline: readonly BaselinePairCase[]): PairedVerdict[] {
  const before = new Map<string, { side: Side; exact: boolean }>()
  for (const c of baseline) {
    const exact = c.trials !== undefined && c.passes !== undefined
    const side = exact ? { passes: c.passes ?? 0, trials: c.trials ?? 0, score: c.score } : { passes: c.status === 'passed' ? 1 : 0, trials: c.status === 'skipped' ? 0 : 1, score: c.score }
    if (side.trials > 0) before.set(caseIdentity(c), { side, exact })
  }
  const groups = new Map<string, { dataset: string; provider: string; pairs: Array<{ id: string; before: Side; after: Side }>; exact: boolean }>()
  for (const [id, { key, after }] of currentSides(records)) {
    const old = before.get(id)
    if (!old || after.trials === 0) continue
    const name = JSON.stringify([key.dataset, key.provider])
    let group = groups.get(name)
    if (!group) groups.set(name, (group = { dataset: key.dataset, provider: key.provider, pairs: [], exact: true }))
    group.pairs.push({ id, before: old.side, after })
    group.exact &&= old.exact
  }
  return [...groups.values()]
    .sort((a, b) => compareText(a.dataset, b.dataset) || compareText(a.provider, b.provider))
    .map((g) => groupVerdict(g.dataset, g.provider, g.pairs, g.exact))
}

function groupVerdict(dataset: string, provider: string, pairs: ReadonlyArray<{ id: string; before: Side; after: Side }>, exact: boolean): PairedVerdict {
  const cases: PairedCase[] = pairs.map((p) => ({ id: p.id, baseline: { passes: p.before.passes, trials: p.before.trials }, current: { passes: p.after.passes, trials: p.after.trials } }))
  const difference = pairedPassRateDifference(cases)
  const mcnemar = mcnemarForCases(cases)
  const fraction = (side: 'baseline' | 'current'): number => cases.reduce((total, c) => total + c[side].passes / c[side].trials, 0) / cases.length
  // every case moved alike (none at all, or all by the same amount): the SE is 0 and says nothing about a smaller change
  const spread = difference.standardError > 0
  const unchanged = cases.every((c) => c.current.passes / c.current.trials === c.baseline.passes / c.baseline.trials)
  const judged = verdict({ difference })
  const scored = pairs.filter((p) => p.before.score !== null && p.after.score !== null)
  const differences = scored.map((p) => (p.after.score ?? 0) - (p.before.score ?? 0))
  const scoreInterval = meanBootstrap(differences)
  const meanOf = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length
  return {
    dataset,
    provider,
    cases: cases.length,
    exact,
    passRate: { before: fraction('baseline'), after: fraction('current'), change: difference.estimate, lower: difference.lower, upper: difference.upper, confidence: difference.confidence },
    mcnemar,
    score:
      scoreInterval === null
        ? null
        : { cases: scored.length, before: meanOf(scored.map((p) => p.before.score ?? 0)), after: meanOf(scored.map((p) => p.after.score ?? 0)), change: meanOf(differences), lower: scoreInterval.lower, upper: scoreInterval.upper, confidence: scoreInterval.confidence },
    verdict: judged.verdict,
    minimumDetectableChange: spread ? judged.minimumDetectableChange : null,
    sentence: unchanged ? `No detectable change: no paired case's pass fraction moved (${cases.length} case${cases.length === 1 ? '' : 's'}), so the sample says nothing about how small a change it could see.` : judged.sentence,
  }
}

/**
 * This run's cases: per (dataset, case id, provider, variant), the passes of
 * its trials (records that ran; of a retried test only its last record per
 * sample and repeat) and the mean of its evaluation scores.
 */
function currentSides(records: readonly CaseRecord[]): Map<string, { key: { dataset: string; provider: string }; after: Side }> {
  const lastOf = new Map<string, Map<string, CaseRecord>>()
  for (const r of records) {
    const id = caseIdentity(r)
    let slots = lastOf.get(id)
    if (!slots) lastOf.set(id, (slots = new Map()))
    slots.set(`${r.sample ?? ''}:${r.repeat ?? ''}`, r)
  }
  const out = new Map<string, { key: { dataset: string; provider: string }; after: Side }>()
  for (const [id, slots] of lastOf) {
    const ran = [...slots.values()].filter((r) => r.status !== 'skipped')
    const first = [...slots.values()][0] as CaseRecord
    const scores = ran.flatMap((r) => r.evaluations.map((e) => e.score))
    out.set(id, {
      key: { dataset: first.dataset, provider: first.provider },
      after: { passes: ran.filter((r) => r.status === 'passed').length, trials: ran.length, score: scores.length === 0 ? null : scores.reduce((a, b) => a + b, 0) / scores.length },
    })
  }
  return out
}
