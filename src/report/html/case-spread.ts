import { summarize } from '../../metrics/percentile.ts'
import type { CaseRecord } from '../../record/schema.ts'
import type { CaseSpread, Spread } from './page-model.ts'

/**
 * Bench mode: how each case (dataset, case id, provider) varied over its
 * samples. Returns the spreads and, for each record index, the index of its
 * case's spread (absent for records outside bench mode). Linear in records.
 */
export function caseSpreads(records: readonly CaseRecord[]): { spreads: CaseSpread[]; spreadOf: Array<number | undefined> } {
  const groups = new Map<string, number[]>()
  records.forEach((r, i) => {
    if (r.sample === null) return
    const key = `${r.dataset}\0${r.caseId}\0${r.provider}`
    const list = groups.get(key)
    if (list) list.push(i)
    else groups.set(key, [i])
  })
  const spreads: CaseSpread[] = []
  const spreadOf: Array<number | undefined> = new Array<number | undefined>(records.length)
  for (const indexes of groups.values()) {
    const group = indexes.map((i) => records[i] as CaseRecord)
    const timed = group.filter((r) => r.timings !== null && r.status !== 'skipped')
    spreads.push({
      samples: group.length,
      passed: group.filter((r) => r.status === 'passed').length,
      e2eMs: spreadOfValues(timed.map((r) => r.timings?.e2eMs ?? Number.NaN)),
      ttftMs: spreadOfValues(timed.map((r) => r.timings?.ttftMs ?? Number.NaN)),
      outputTokens: spreadOfValues(group.map((r) => r.usage.outputTokens ?? Number.NaN)),
    })
    for (const i of indexes) spreadOf[i] = spreads.length - 1
  }
  return { spreads, spreadOf }
}

function spreadOfValues(values: number[]): Spread | null {
  const d = summarize(values)
  if (d.count === 0 || d.min === null || d.p50 === null || d.mean === null || d.max === null) return null
  return { min: d.min, p50: d.p50, mean: d.mean, max: d.max }
}
