import { count, millis, relative, usd } from './format-values.ts'
import { EPSILON, skippedGate, withoutBaseline, type MissingBaseline } from './gate-result.ts'
import type { BaselineComparison, GateName, GateResult, ProviderComparison, ProviderNumbers } from './types.ts'

/** What a per-provider gate measures. */
interface Measure {
  gate: Extract<GateName, 'maxP95LatencyIncrease' | 'maxCostIncrease'>
  /** `E2E p95`, `cost` */
  what: string
  value: (n: ProviderNumbers) => number | null
  format: (v: number | null) => string
  /** Why there is no value on a side that has measured records. */
  noValue: string
  /** What to do when the gate fails. */
  advice: string
  /** A total over the records (cost): it grows with the number of records measured. */
  total: boolean
}

const LATENCY: Measure = {
  gate: 'maxP95LatencyIncrease',
  what: 'E2E p95',
  value: (n) => n.e2eP95Ms,
  format: millis,
  noValue: 'no timings',
  advice: 'find what slowed it (model, prompt length, max tokens, server load) or raise gates.maxP95LatencyIncrease',
  total: false,
}

const COST: Measure = {
  gate: 'maxCostIncrease',
  what: 'cost',
  value: (n) => n.cost,
  format: usd,
  noValue: 'no known cost (no price)',
  advice: 'check the prompt and output lengths and the model, or raise gates.maxCostIncrease',
  total: true,
}

/**
 * maxP95LatencyIncrease: per provider, E2E p95 rose by at most `limit` (0.2 = +20%); replayed records left out.
 * `mode` is this run's (run, watch, bench).
 */
export function latencyGates(comparison: BaselineComparison | null, limit: number, missing: MissingBaseline, mode: string): GateResult[] {
  return providerGates(LATENCY, comparison, limit, missing, mode)
}

/** maxCostIncrease: per provider, total cost rose by at most `limit` (0.1 = +10%); replayed records left out. */
export function costGates(comparison: BaselineComparison | null, limit: number, missing: MissingBaseline, mode: string): GateResult[] {
  return providerGates(COST, comparison, limit, missing, mode)
}

/** One result per provider of this run (a provider only on the baseline has nothing to hold). */
function providerGates(measure: Measure, comparison: BaselineComparison | null, limit: number, missing: MissingBaseline, mode: string): GateResult[] {
  if (!comparison) return [withoutBaseline(measure.gate, limit, missing)]
  if (!comparison.providers) return [skippedGate(measure.gate, limit, 'the comparison has no per-provider numbers')]
  const baselineMode = comparison.baselineMode
  if (baselineMode !== undefined && (baselineMode === 'bench') !== (mode === 'bench')) {
    return [skippedGate(measure.gate, limit, `the baseline comes from ${modeWords(baselineMode)} and this run from ${modeWords(mode)}: latency and cost do not compare across the two (write the baseline from a ${modeWords(mode)} run to gate them)`)]
  }
  const current = comparison.providers.filter((p) => p.after !== null)
  if (current.length === 0) return [skippedGate(measure.gate, limit, 'no provider ran')]
  return current.map((p) => providerGate(measure, p, limit))
}

function providerGate(measure: Measure, p: ProviderComparison, limit: number): GateResult {
  const { gate } = measure
  const { before, after } = p
  if (!after) return skippedGate(gate, limit, 'did not run', p.provider)
  if (!before) return skippedGate(gate, limit, 'not in the baseline', p.provider)
  if (before.measured === 0) return skippedGate(gate, limit, 'the baseline has only replayed records for this provider (recordings carry recorded timings and cost 0)', p.provider)
  if (after.measured === 0) return skippedGate(gate, limit, 'this run has only replayed records for this provider (recordings carry recorded timings and cost 0)', p.provider)
  const old = measure.value(before)
  const now = measure.value(after)
  if (old === null) return skippedGate(gate, limit, `the baseline has ${measure.noValue} for this provider`, p.provider)
  if (now === null) return skippedGate(gate, limit, `this run has ${measure.noValue} for this provider`, p.provider)
  const values = { before: old, after: now }
  if (old === 0) {
    if (now === 0) return { gate, provider: p.provider, passed: true, limit, actual: 0, values, message: `${measure.what} ${measure.format(0)}, as on the baseline` }
    return { ...skippedGate(gate, limit, `the baseline's ${measure.what} is ${measure.format(0)}: a relative rise cannot be computed (now ${measure.format(now)})`, p.provider), values }
  }
  const actual = now / old - 1
  const passed = actual <= limit + EPSILON
  const change = `${measure.format(old)} on the baseline → ${measure.format(now)} now (${relative(actual)})`
  const message = passed
    ? `${measure.what} ${change}, within ${relative(limit)}`
    : `${measure.what} ${change}, more than the ${relative(limit)} allowed${measure.total ? sampleNote(before, after) : ''}: ${measure.advice}`
  return { gate, provider: p.provider, passed, limit, actual, values, message }
}

/** When the two sides measured different numbers of records, a total (cost) is not like for like. */
function sampleNote(before: ProviderNumbers, after: ProviderNumbers): string {
  if (before.measured === after.measured) return ''
  return ` (measured ${count(after.measured, 'record')} now, ${before.measured} on the baseline)`
}

/** `bench mode`, or `run mode` for run and watch (one case, one sample). */
function modeWords(mode: string): string {
  return mode === 'bench' ? 'bench mode' : 'run mode'
}
