import type { LoadMeasurement } from '../load/schema.ts'
import { distributionColumns, type Column } from './columns.ts'

/**
 * `measurements.csv`: one row per provider × load-profile measurement (bench `load`), in the order
 * of results.json's `load.measurements`. Rates are per second over the measurement's span
 * (first send → last end); goodput cells are empty without the `slo` option. Text cells go
 * through the formula guard like every CSV cell (a label or provider starting with `=`).
 */
export const measurementColumns: Column<LoadMeasurement>[] = [
  { header: 'provider', value: (m) => m.provider },
  { header: 'model', value: (m) => m.model },
  { header: 'measurement', value: (m) => m.measurement },
  { header: 'load', value: (m) => m.label },
  { header: 'kind', value: (m) => m.kind },
  { header: 'concurrency', value: (m) => m.concurrency },
  { header: 'rate_per_s', value: (m) => m.ratePerS },
  { header: 'requests', value: (m) => m.requests },
  { header: 'completed', value: (m) => m.completed },
  { header: 'errors', value: (m) => m.errors },
  { header: 'error_rate', value: (m) => m.errorRate },
  { header: 'replayed', value: (m) => m.replayed },
  { header: 'passed', value: (m) => m.passed },
  { header: 'duration_s', value: (m) => m.durationS },
  { header: 'requests_per_s', value: (m) => m.requestsPerSecond },
  { header: 'output_tokens_per_s', value: (m) => m.outputTokensPerSecond },
  { header: 'total_tokens_per_s', value: (m) => m.totalTokensPerSecond },
  { header: 'peak_concurrency', value: (m) => m.peakConcurrency },
  { header: 'slo_met', value: (m) => m.sloMet },
  { header: 'goodput_per_s', value: (m) => m.goodput },
  { header: 'quality_met', value: (m) => m.qualityMet },
  { header: 'quality_goodput_per_s', value: (m) => m.qualityGoodput },
  { header: 'knee', value: (m) => m.knee },
  ...distributionColumns<LoadMeasurement>('ttft', 'ms', (m) => m.ttftMs),
  ...distributionColumns<LoadMeasurement>('tpot', 'ms', (m) => m.tpotMs),
  ...distributionColumns<LoadMeasurement>('itl', 'ms', (m) => m.itlMs),
  ...distributionColumns<LoadMeasurement>('e2e', 'ms', (m) => m.e2eMs),
  ...distributionColumns<LoadMeasurement>('queue', 'ms', (m) => m.queueMs),
]
