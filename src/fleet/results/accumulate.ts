import { summarize } from '../../metrics/percentile.ts'
import { compareText } from '../../report/aggregate.ts'
import type { CaseRecord } from '../../record/schema.ts'
import type { FleetCategoryResult, FleetProviderResult, FleetSummary } from './schema.ts'

/**
 * Running totals of a set of records, one record at a time: counts, tokens,
 * cost, scores, and the durations (numbers only) for percentiles. The fleet
 * keeps one for the whole fleet, one per provider, category, repository ×
 * provider pair and cell, so no breakdown needs the records in memory.
 */
export class Totals {
  tests = 0
  succeeded = 0
  failed = 0
  timeout = 0
  skipped = 0
  tokens = 0
  liveOutputTokens = 0
  cost = 0
  costKnown = 0
  costUnknown = 0
  scoreTotal = 0
  scoreCount = 0
  durationTotal = 0
  readonly #durations: number[] | null
  readonly #ttft: number[] | null
  readonly #tpot: number[] | null
  durationCount = 0

  /** `keep`: which distributions to keep values of (percentiles); the mean needs none. */
  constructor(keep: { durations?: boolean; firstTokens?: boolean } = {}) {
    this.#durations = keep.durations ? [] : null
    this.#ttft = keep.firstTokens ? [] : null
    this.#tpot = keep.firstTokens ? [] : null
  }

  add(r: CaseRecord): void {
    this.tests++
    if (r.status === 'passed') this.succeeded++
    else if (r.status === 'failed' || r.status === 'error') this.failed++
    else if (r.status === 'timeout') this.timeout++
    else this.skipped++
    const ran = r.status !== 'skipped'
    if (ran && (r.usage.inputTokens !== null || r.usage.outputTokens !== null)) {
      const output = r.usage.outputTokens ?? 0
      this.tokens += (r.usage.inputTokens ?? 0) + output
      if (r.timings !== null && !r.cached) this.liveOutputTokens += output
    }
    if (ran && r.cost !== null) {
      this.cost += r.cost
      this.costKnown++
    } else if (ran && r.cost === null && (r.output !== null || (r.calls?.some((c) => c.error === undefined) ?? false))) this.costUnknown++
    for (const e of r.evaluations) {
      this.scoreTotal += e.score
      this.scoreCount++
    }
    const t = r.timings
    if (ran && t !== null && Number.isFinite(t.e2eMs)) {
      this.durationTotal += t.e2eMs
      this.durationCount++
      this.#durations?.push(t.e2eMs)
      if (t.ttftMs !== null) this.#ttft?.push(t.ttftMs)
      if (t.tpotMs !== null) this.#tpot?.push(t.tpotMs)
    }
  }

  get successRate(): number | null {
    return this.tests > 0 ? this.succeeded / this.tests : null
  }

  /** Known costs summed; null when none was known but some were unknown (never 0 for unknown). */
  get totalCost(): number | null {
    return this.costKnown === 0 && this.costUnknown > 0 ? null : this.cost
  }

  get avgDurationMs(): number | null {
    return this.durationCount > 0 ? this.durationTotal / this.durationCount : null
  }

  durations(): ReturnType<typeof summarize> {
    return summarize(this.#durations ?? [])
  }

  ttft(): ReturnType<typeof summarize> {
    return summarize(this.#ttft ?? [])
  }

  tpot(): ReturnType<typeof summarize> {
    return summarize(this.#tpot ?? [])
  }
}

/** The fleet summary: the seed's 19 metrics, then ours. */
export function fleetSummary(all: Totals, input: { repositories: number; startedMs: number | null; endedMs: number | null; errorsByClass: Map<string, number>; cellsNotRun: number }): FleetSummary {
  const d = all.durations()
  const ttft = all.ttft()
  const tpot = all.tpot()
  const totalDurationMs = input.startedMs !== null && input.endedMs !== null ? Math.max(0, input.endedMs - input.startedMs) : null
  const repos = input.repositories
  const totalCost = all.totalCost
  return {
    totalRepositories: repos,
    totalTests: all.tests,
    totalSucceeded: all.succeeded,
    totalFailed: all.failed,
    totalTimeout: all.timeout,
    totalSkipped: all.skipped,
    successRate: all.successRate,
    avgDurationMs: all.avgDurationMs,
    p50DurationMs: d.p50,
    p95DurationMs: d.p95,
    p99DurationMs: d.p99,
    minDurationMs: d.min,
    maxDurationMs: d.max,
    totalTokens: all.tokens,
    avgTokensPerRequest: all.tests > 0 ? all.tokens / all.tests : null,
    totalCost,
    avgCostPerRepository: totalCost !== null && repos > 0 ? totalCost / repos : null,
    avgTestsPerRepository: repos > 0 ? all.tests / repos : null,
    totalDurationMs,
    ttftP50Ms: ttft.p50,
    ttftP95Ms: ttft.p95,
    tpotP50Ms: tpot.p50,
    tpotP95Ms: tpot.p95,
    outputTokensPerSecond: totalDurationMs !== null && totalDurationMs > 0 ? all.liveOutputTokens / (totalDurationMs / 1000) : null,
    costKnown: all.costKnown,
    costUnknown: all.costUnknown,
    errorsByClass: Object.fromEntries([...input.errorsByClass].sort(([a], [b]) => compareText(a, b))),
    cellsNotRun: input.cellsNotRun,
  }
}

export function providerResult(provider: string, t: Totals, repositoryCount: number): FleetProviderResult {
  const d = t.durations()
  return {
    provider,
    repositoryCount,
    totalTests: t.tests,
    totalSucceeded: t.succeeded,
    successRate: t.successRate,
    meanScore: t.scoreCount > 0 ? t.scoreTotal / t.scoreCount : null,
    totalTokens: t.tokens,
    totalCost: t.totalCost,
    costUnknown: t.costUnknown,
    p50DurationMs: d.p50,
    p95DurationMs: d.p95,
    ttftP50Ms: t.ttft().p50,
  }
}

export function categoryResult(category: string, t: Totals): FleetCategoryResult {
  return { category, totalTests: t.tests, totalSucceeded: t.succeeded, successRate: t.successRate, avgDurationMs: t.avgDurationMs }
}

/** The totals under `key`, made when missing. */
export function totalsFor<K>(map: Map<K, Totals>, key: K, keep: ConstructorParameters<typeof Totals>[0] = {}): Totals {
  let t = map.get(key)
  if (!t) {
    t = new Totals(keep)
    map.set(key, t)
  }
  return t
}
