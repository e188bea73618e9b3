import { pairedChange, type Figures, type HistoryStore, type TrendPoint } from '../index.ts'
import type { HistoryGroupInput, HistoryRunInput } from './build-page.ts'
import { group, readResultsPick } from './from-run-folders.ts'

export interface FromIndexOptions {
  project?: string | undefined
  /** Only this dataset's groups (and the runs that have one). */
  dataset?: string | undefined
  /** Only this provider's groups (and the runs that have one). */
  provider?: string | undefined
  /** The latest N runs. */
  last?: number | undefined
  warn?: (message: string) => void
}

/**
 * The page's runs from the history index (no run folder opened for the
 * trends): its runs (bench runs left out: their numbers are per sample) and
 * their dataset × provider × model × variant groups, with the index's
 * intervals. The model comparison needs each provider's own percentiles,
 * which groups cannot be pooled into: those come from the results.json of the
 * few runs that are some provider/model's latest; a run whose results.json
 * does not read keeps pooled counts with no percentiles.
 */
export function historyRunsFromIndex(store: HistoryStore, options: FromIndexOptions = {}): HistoryRunInput[] {
  const query = { project: options.project, dataset: options.dataset, provider: options.provider }
  const runs = store.listRuns({ ...query, last: options.last }).filter((run) => run.mode !== 'bench')
  const ids = new Set(runs.map((r) => r.id))
  const points = new Map<string, TrendPoint[]>()
  for (const point of store.trend(query)) {
    if (!ids.has(point.runId)) continue
    let list = points.get(point.runId)
    if (!list) points.set(point.runId, (list = []))
    list.push(point)
  }
  const inputs: Array<HistoryRunInput & { groups: HistoryGroupInput[] }> = runs.map((run) => {
    const groups = (points.get(run.id) ?? []).map((p) => groupOf(p.dataset, p.provider, p.model, p.variant, p.figures))
    return {
      id: run.id,
      project: run.project,
      startedAt: run.startedAt,
      commit: run.git?.commit ?? null,
      branch: run.git?.branch ?? null,
      dirty: run.git?.dirty ?? null,
      dir: run.folder,
      cases: run.figures.cases,
      passRate: run.figures.passRate,
      groups,
      providers: pooled(groups),
    }
  })
  // each series' latest run: its paired change from the series' run before (one pairing per series)
  const lastTwo = new Map<string, Array<{ run: number; group: number }>>()
  inputs.forEach((run, i) =>
    run.groups.forEach((g, j) => {
      const key = JSON.stringify([g.dataset, g.provider, g.model, g.variant])
      lastTwo.set(key, [...(lastTwo.get(key) ?? []), { run: i, group: j }].slice(-2))
    }),
  )
  for (const pair of lastTwo.values()) {
    const [before, after] = pair
    const run = after && inputs[after.run]
    const g = after && run?.groups[after.group]
    if (!before || !run || !g) continue
    const change = pairedChange(store, inputs[before.run]?.id ?? '', run.id, { dataset: g.dataset, provider: g.provider, model: g.model, variant: g.variant })
    if (change.overlapping > 0) run.groups = run.groups.map((x, j) => (j === after.group ? { ...x, change } : x))
  }
  // the latest run of each provider/model: its own figures from its results.json
  const latest = new Map<string, number>()
  inputs.forEach((run, i) => run.providers.forEach((p) => latest.set(JSON.stringify([p.provider, p.model]), i)))
  for (const i of new Set(latest.values())) {
    const run = inputs[i]
    const results = run ? readResultsPick(run.dir, options.warn) : null
    if (run && results) inputs[i] = { ...run, providers: results.byProvider.map(group) }
  }
  return inputs
}

function groupOf(dataset: string, provider: string, model: string, variant: string | null, f: Figures): HistoryGroupInput {
  return {
    dataset,
    provider,
    model,
    variant,
    cases: f.cases,
    passed: f.passed,
    ran: f.passed + f.failed + f.errored + f.timedOut,
    p50E2eMs: f.e2eP50,
    p95E2eMs: f.e2eP95,
    costUsd: f.costKnown > 0 ? f.cost : null,
    interval: f.passRateLower !== null && f.passRateUpper !== null ? { lower: f.passRateLower, upper: f.passRateUpper } : null,
  }
}

/** Per provider/model: the groups' counts and cost summed; percentiles unknown (they do not pool). */
function pooled(groups: readonly HistoryGroupInput[]): HistoryGroupInput[] {
  const byKey = new Map<string, HistoryGroupInput>()
  for (const g of groups) {
    const key = JSON.stringify([g.provider, g.model])
    const sum = byKey.get(key)
    if (!sum) byKey.set(key, { ...g, dataset: '', variant: null, p50E2eMs: null, p95E2eMs: null, interval: null })
    else byKey.set(key, { ...sum, cases: sum.cases + g.cases, passed: sum.passed + g.passed, ran: sum.ran + g.ran, costUsd: sum.costUsd === null && g.costUsd === null ? null : (sum.costUsd ?? 0) + (g.costUsd ?? 0) })
  }
  return [...byKey.values()]
}
