import type { ClientHealthReport } from '../../metrics/client-health/schema.ts'
import { clientLagMs } from '../../metrics/client-health/summarize.ts'
import { EPSILON, skippedGate } from './gate-result.ts'
import { millis } from './format-values.ts'
import type { GateResult } from './types.ts'

/**
 * maxClientLagMs: the client's lag while timed requests were in flight is at most `limit` ms: the
 * worse of the worst worker's p99 event-loop delay (bytes waiting to be read) and its p99
 * socket-to-timed gap (bytes read but not yet timed); above it the latency figures measure the
 * client, not the server. Skipped when no worker measured (client health off, every case replayed
 * or cached).
 */
export function clientLagGate(health: ClientHealthReport | null | undefined, limit: number): GateResult {
  const lag = health ? clientLagMs(health) : null
  if (lag === null || !health) return skippedGate('maxClientLagMs', limit, 'no event-loop delay measured during timed requests')
  const passed = lag <= limit + EPSILON
  const gap = health.socketGapP99Ms ?? null
  const what = gap !== null && gap > (health.p99Ms ?? 0) ? `socket-to-timed gap p99 ${millis(gap)}` : `event-loop delay p99 ${millis(lag)}`
  const message = passed
    ? `${what} during timed requests`
    : `${what} during timed requests: the latency figures are client-bound by about ${millis(lag - limit)}; spread the cases over more workers, lower concurrency or remove the blocking work`
  return { gate: 'maxClientLagMs', passed, limit, actual: lag, message }
}
