import type { LoadGateLimit } from '../../config/load-gate-limit.ts'
import type { LoadMeasurement, LoadReport } from '../load/schema.ts'
import { EPSILON, skippedGate } from './gate-result.ts'
import { millis } from './format-values.ts'
import type { GateResult } from './types.ts'

type LoadGateName = 'minGoodput' | 'maxP95TtftMs'

/**
 * The load gates of bench load profiles, one result per provider × measurement held:
 * - `minGoodput`: goodput (requests/s meeting `slo`) at least the limit;
 * - `maxP95TtftMs`: TTFT p95 at most the limit (ms).
 * A number holds at every measurement; `{ '<label>': limit }` at the named ones, and a label that
 * no measurement ran under FAILS, naming the ones that ran. Outside bench mode the gates are
 * skipped (a `vitest run` of the same project has no load profile); in bench mode without a load
 * profile they fail. minGoodput fails without the `slo` option (nothing to count).
 */
export function loadGates(load: LoadReport | null | undefined, gates: { minGoodput?: LoadGateLimit | undefined; maxP95TtftMs?: LoadGateLimit | undefined }, mode: string): GateResult[] {
  const out: GateResult[] = []
  if (gates.minGoodput !== undefined) out.push(...loadGate('minGoodput', gates.minGoodput, load, mode))
  if (gates.maxP95TtftMs !== undefined) out.push(...loadGate('maxP95TtftMs', gates.maxP95TtftMs, load, mode))
  return out
}

function loadGate(gate: LoadGateName, limit: LoadGateLimit, load: LoadReport | null | undefined, mode: string): GateResult[] {
  const first = typeof limit === 'number' ? limit : (Object.values(limit)[0] ?? 0)
  if (!load || load.measurements.length === 0) {
    if (mode !== 'bench') return [skippedGate(gate, first, `not a bench run (${mode}): no load profile`)]
    return [{ gate, passed: false, limit: first, actual: null, message: 'no load profile ran: set bench.load (e.g. { concurrency: [1, 4, 16] }) or remove the gate' }]
  }
  if (gate === 'minGoodput' && load.slo === null) {
    return [{ gate, passed: false, limit: first, actual: null, message: 'goodput not measured: no slo option (e.g. slo: { ttftMs: 500, tpotMs: 50 })' }]
  }
  if (typeof limit === 'number') return load.measurements.map((m) => hold(gate, limit, m))
  const out: GateResult[] = []
  for (const [label, value] of Object.entries(limit)) {
    const at = load.measurements.filter((m) => m.label === label)
    if (at.length === 0) {
      const ran = [...new Set(load.measurements.map((m) => m.label))].join(', ')
      out.push({ gate, load: label, passed: false, limit: value, actual: null, message: `no measurement ran at load "${label}" (ran: ${ran})` })
      continue
    }
    out.push(...at.map((m) => hold(gate, value, m)))
  }
  return out
}

function hold(gate: LoadGateName, limit: number, m: LoadMeasurement): GateResult {
  const where = { provider: m.provider, load: m.label }
  if (gate === 'minGoodput') {
    const actual = m.goodput
    if (actual === null) return { gate, ...where, passed: false, limit, actual: null, message: 'goodput could not be measured (no request with timings)' }
    const passed = actual + EPSILON >= limit
    const message = `goodput ${rate(actual)} (${m.sloMet ?? 0} of ${m.requests} requests met the SLOs)${passed ? '' : `, below ${rate(limit)}`}`
    return { gate, ...where, passed, limit, actual, message }
  }
  const actual = m.ttftMs.p95
  if (actual === null) return { gate, ...where, passed: false, limit, actual: null, message: 'TTFT p95 could not be measured (no streamed answer)' }
  const passed = actual <= limit + EPSILON
  return { gate, ...where, passed, limit, actual, message: `TTFT p95 ${millis(actual)} over ${m.ttftMs.count} streamed requests${passed ? '' : `, above ${millis(limit)}`}` }
}

/** `3.42 req/s` */
export function rate(value: number): string {
  return `${value.toFixed(value >= 100 ? 0 : 2)} req/s`
}
