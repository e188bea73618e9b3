import type { CaseRecord } from '../../record/schema.ts'
import { classifyCase, passAtK, passHatK, summarizeRepeats } from '../stats/index.ts'
import type { RepeatCase, RepeatGroup } from './schema.ts'

interface Tally {
  trials: number
  passes: number
  /** Repeats the case was registered with, skipped ones included (the highest index seen + 1). */
  registered: number
}

/**
 * Per dataset × provider, each case's pass count over its repeats and the group's figures
 * (pass@k, pass^k, flakiness), from the records read once: `add` each record as it passes,
 * then `result()`. Only records with a `repeat` index count; a run without repeats has none.
 * Memory: two numbers per case and provider.
 */
export class RepeatsAggregator {
  readonly #groups = new Map<string, { dataset: string; provider: string; variant: string | undefined; cases: Map<string, Tally> }>()

  add(record: Pick<CaseRecord, 'dataset' | 'provider' | 'caseId' | 'status' | 'repeat' | 'variant'>): void {
    if (record.repeat === undefined) return
    // with prompt variants (`variants:`), a group is dataset × provider × variant
    const key = JSON.stringify(record.variant === undefined ? [record.dataset, record.provider] : [record.dataset, record.provider, record.variant])
    let group = this.#groups.get(key)
    if (!group) this.#groups.set(key, (group = { dataset: record.dataset, provider: record.provider, variant: record.variant, cases: new Map() }))
    let tally = group.cases.get(record.caseId)
    if (!tally) group.cases.set(record.caseId, (tally = { trials: 0, passes: 0, registered: 0 }))
    tally.registered = Math.max(tally.registered, record.repeat + 1)
    // a skipped repeat (run deadline, filtered) is no sample; an error is a failed one
    if (record.status === 'skipped') return
    tally.trials++
    if (record.status === 'passed') tally.passes++
  }

  /** The groups, by dataset then provider; empty when no record had a repeat. */
  result(): RepeatGroup[] {
    const groups = [...this.#groups.values()].sort((a, b) => compare(a.dataset, b.dataset) || compare(a.provider, b.provider) || compare(a.variant ?? '', b.variant ?? ''))
    return groups.map(({ dataset, provider, variant, cases }) => {
      const ids = [...cases.keys()].sort(compare)
      const perCase = ids.map((id) => caseFigures(id, cases.get(id) as Tally))
      const ran = ids.flatMap((id) => {
        const t = cases.get(id) as Tally
        return t.trials > 0 ? [{ id, trials: t.trials, passes: t.passes }] : []
      })
      const summary = summarizeRepeats(ran)
      return {
        dataset,
        provider,
        ...(variant === undefined ? {} : { variant }),
        repeats: Math.max(1, ...[...cases.values()].map((t) => t.registered)),
        cases: summary.cases,
        meanPassRate: summary.cases === 0 ? null : summary.meanPassRate,
        alwaysPasses: summary.alwaysPasses,
        alwaysFails: summary.alwaysFails,
        flaky: summary.flaky,
        flakyShare: summary.cases === 0 ? null : summary.flakyShare,
        flakyIds: summary.flakyIds,
        perCase,
      }
    })
  }
}

function caseFigures(caseId: string, t: Tally): RepeatCase {
  if (t.trials === 0) return { caseId, trials: 0, passes: 0, passFraction: null, kind: null, passAt1: null, passAtN: null, passHatN: null }
  const { kind, passFraction } = classifyCase({ id: caseId, trials: t.trials, passes: t.passes })
  const n = t.trials
  return { caseId, trials: n, passes: t.passes, passFraction, kind, passAt1: passAtK(n, t.passes, 1), passAtN: passAtK(n, t.passes, n), passHatN: passHatK(n, t.passes, n) }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** `flaky: 3/40 (dataset › provider, 5 repeats)`, one line per group, for the terminal. */
export function repeatsLines(groups: readonly RepeatGroup[]): string[] {
  return groups.map((g) => {
    const mean = g.meanPassRate === null ? '-' : `${(g.meanPassRate * 100).toFixed(1)}%`
    return `repeats: ${g.dataset} › ${g.variant === undefined ? '' : `${g.variant} › `}${g.provider}: ${g.repeats} per case, mean pass rate ${mean}, flaky: ${g.flaky}/${g.cases}${g.flakyIds.length > 0 ? ` (${g.flakyIds.slice(0, 5).join(', ')}${g.flakyIds.length > 5 ? ', …' : ''})` : ''}`
  })
}
