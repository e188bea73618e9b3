import type { ClientHealthReport } from '../../metrics/client-health/schema.ts'
import { EPSILON, skippedGate } from './gate-result.ts'
import { millis } from './format-values.ts'
import type { GateResult } from './types.ts'

/**
 * maxClientLagMs: the worst worker's p99 event-loop delay while timed requests were in flight is at
 * most `limit` ms; above it the latency figures measure the client, not the server. Skipped when no
 * worker measured (client health off, every case replayed or cached).
 */
export function clientLagGate(health: ClientHealthReport | null | undefined, limit: number): GateResult {
  const p99 = health?.p99Ms ?? null
  if (p99 === null) return skippedGate('maxClientLagMs', limit, 'no event-loop delay measured during timed requests')
  const passed = p99 <= limit + EPSILON
  const message = passed
    ? `event-loop delay p99 ${millis(p99)} during timed requests`
    : `event-loop delay p99 ${millis(p99)} during timed requests: the latency figures are client-bound by about ${millis(p99 - limit)}; spread the cases over more workers, lower concurrency or remove the blocking work`
  return { gate: 'maxClientLagMs', passed, limit, actual: p99, message }
}
