import type { FleetManifest } from '../manifest-schema.ts'
import type { Totals } from './accumulate.ts'
import type { FleetGate, FleetGates } from './schema.ts'

/** Why a manifest gate is not applied to a fleet aggregate. */
const NOT_APPLIED: Record<string, string> = {
  maxPassRateDrop: 'needs a baseline: each repository run applies it against its own baseline',
  noNewFailures: 'needs a baseline: each repository run applies it against its own baseline',
  maxP95LatencyIncrease: 'needs a baseline: each repository run applies it against its own baseline',
  maxCostIncrease: 'needs a baseline: each repository run applies it against its own baseline',
  maxClientLagMs: 'client health is measured per run, not in the records',
  minGoodput: 'applies to bench load profiles of one run',
  maxP95TtftMs: 'applies to bench load profiles of one run',
}

/**
 * The fleet's gates from its records: `minPassRate` on the whole fleet and on
 * each provider (passed / cases that ran, as a run's gate counts it: skipped
 * cases left out). The other gates need a baseline or a run's own
 * measurements and are listed as not applied, with why.
 */
export function fleetGates(gates: FleetManifest['gates'], all: Totals, byProvider: ReadonlyMap<string, Totals>): FleetGates {
  const applied: FleetGate[] = []
  const notApplied: FleetGates['notApplied'] = []
  for (const [gate, limit] of Object.entries(gates).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (limit === undefined) continue
    if (gate === 'minPassRate' && typeof limit === 'number') {
      applied.push(passRateGate('minPassRate', 'the fleet', limit, all))
      for (const [provider, t] of byProvider) applied.push(passRateGate(`minPassRate[${provider}]`, provider, limit, t))
    } else notApplied.push({ gate, why: NOT_APPLIED[gate] ?? 'not a fleet-wide gate' })
  }
  return { pass: applied.length === 0 ? null : applied.every((g) => g.pass), applied, notApplied }
}

function passRateGate(gate: string, what: string, limit: number, t: Totals): FleetGate {
  const ran = t.tests - t.skipped
  const actual = ran > 0 ? t.succeeded / ran : null
  // nothing ran: nothing shows the fleet is good, so the gate fails
  const pass = actual !== null && actual >= limit
  const detail = actual === null ? `${what}: no case ran` : `${what}: ${t.succeeded}/${ran} passed (${(actual * 100).toFixed(1)}% ${pass ? '≥' : '<'} ${(limit * 100).toFixed(1)}%)`
  return { gate, limit, actual, pass, detail }
}
