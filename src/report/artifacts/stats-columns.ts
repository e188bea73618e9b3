import type { Stats } from '../results-schema.ts'
import type { BootstrapInterval, PercentileIntervals, RateInterval } from '../intervals/schema.ts'
import { costCells, distributionColumns, type Column } from './columns.ts'

/**
 * The columns of a Stats, flattened: counts, pass rate, mean score per
 * matcher (`score_<matcher>_mean`, one column for each matcher of the run),
 * distributions as `e2e_p50_ms` etc., tokens, cost (empty plus `cost_note`
 * when unknown), judge usage, retries and throughput.
 */
export function statsColumns<T>(matchers: readonly string[], of: (row: T) => Stats): Column<T>[] {
  const cost = (row: T): ReturnType<typeof costCells> => costCells(of(row).cost)
  const judgeCost = (row: T): ReturnType<typeof costCells> => costCells(of(row).judge.cost)
  return [
    { header: 'cases', value: (r) => of(r).cases },
    { header: 'samples', value: (r) => of(r).samples },
    { header: 'passed', value: (r) => of(r).passed },
    { header: 'failed', value: (r) => of(r).failed },
    { header: 'errored', value: (r) => of(r).errored },
    { header: 'timed_out', value: (r) => of(r).timedOut },
    { header: 'skipped', value: (r) => of(r).skipped },
    { header: 'pass_rate', value: (r) => of(r).passRate },
    ...boundColumns<T>('pass_rate', (r) => of(r).passRateInterval),
    ...matchers.flatMap((m) => [{ header: `score_${m}_mean`, value: (r: T) => of(r).scores[m]?.mean ?? null }, ...boundColumns<T>(`score_${m}_mean`, (r) => of(r).scores[m]?.meanInterval)]),
    ...distributionColumns<T>('e2e', 'ms', (r) => of(r).e2eMs),
    ...percentileBoundColumns<T>('e2e', (r) => of(r).e2eMsInterval),
    ...distributionColumns<T>('ttft', 'ms', (r) => of(r).ttftMs),
    ...percentileBoundColumns<T>('ttft', (r) => of(r).ttftMsInterval),
    ...distributionColumns<T>('tpot', 'ms', (r) => of(r).tpotMs),
    ...distributionColumns<T>('itl', 'ms', (r) => of(r).itlMs),
    ...distributionColumns<T>('queue', 'ms', (r) => of(r).queueMs),
    { header: 'input_tokens', value: (r) => of(r).tokens.input },
    { header: 'output_tokens', value: (r) => of(r).tokens.output },
    { header: 'total_tokens', value: (r) => of(r).tokens.total },
    { header: 'records_without_usage', value: (r) => of(r).tokens.recordsWithoutUsage },
    { header: 'cost_usd', value: (r) => cost(r).usd },
    { header: 'cost_known_records', value: (r) => of(r).cost.known },
    { header: 'cost_unknown_records', value: (r) => of(r).cost.unknown },
    { header: 'cost_note', value: (r) => cost(r).note },
    { header: 'judge_evaluations', value: (r) => of(r).judge.evaluations },
    { header: 'judge_calls', value: (r) => of(r).judge.calls },
    { header: 'judge_input_tokens', value: (r) => of(r).judge.inputTokens },
    { header: 'judge_output_tokens', value: (r) => of(r).judge.outputTokens },
    { header: 'judge_cost_usd', value: (r) => judgeCost(r).usd },
    { header: 'judge_cost_note', value: (r) => judgeCost(r).note },
    { header: 'attempts', value: (r) => of(r).attempts },
    { header: 'retries', value: (r) => of(r).retries },
    { header: 'replayed', value: (r) => of(r).replayed },
    { header: 'wall_ms', value: (r) => of(r).wallMs },
    { header: 'output_tokens_per_s', value: (r) => of(r).outputTokensPerSecond },
    { header: 'requests_per_s', value: (r) => of(r).requestsPerSecond },
  ]
}

/** `<name>_lower`, `<name>_upper`: a 95% interval's bounds; empty without one (older results, too few values). */
function boundColumns<T>(name: string, of: (row: T) => RateInterval | BootstrapInterval | null | undefined): Column<T>[] {
  return [
    { header: `${name}_lower`, value: (r) => of(r)?.lower ?? null },
    { header: `${name}_upper`, value: (r) => of(r)?.upper ?? null },
  ]
}

/** `e2e_p50_ms_lower` … `e2e_p95_ms_upper`: the bootstrap bounds of a latency's p50 and p95. */
function percentileBoundColumns<T>(name: string, of: (row: T) => PercentileIntervals | undefined): Column<T>[] {
  return [...boundColumns<T>(`${name}_p50_ms`, (r) => of(r)?.p50), ...boundColumns<T>(`${name}_p95_ms`, (r) => of(r)?.p95)]
}
