import type { ResolvedOptions } from '../../config/options.ts'
import type { RunResults } from '../run-results.ts'
import { caseOutcomes } from './case-outcomes.ts'
import { clientLagGate } from './client-lag-gate.ts'
import { loadGates } from './load-gates.ts'
import { maxPassRateDropGate, minPassRateGate } from './pass-rate-gates.ts'
import { noNewFailuresGate } from './new-failures-gate.ts'
import { passRateDropGates, passRateMinimumGates } from './significant-pass-rate-gates.ts'
import { costGates, latencyGates } from './provider-gates.ts'
import type { MissingBaseline } from './gate-result.ts'
import type { BaselineComparison, GateReport, GateResult } from './types.ts'

/** The `gates` option of `llmBench()`. */
export type GateLimits = ResolvedOptions['gates']

/**
 * Holds a run against the configured gates, in the order of the option's
 * fields; a gate left out of the options (or `noNewFailures: false`) is not
 * checked. `passRate` adds its results (overall, then per dataset × provider)
 * after the plain pass-rate gates. Pass rates are per case: in bench mode a case passes when all of
 * its samples pass.
 *
 * Without a comparison, the gates that need a baseline are skipped with
 * `baselineNote` as the reason, or FAIL when `baselineUnusable` (the file is
 * there but cannot be read, is invalid or belongs to another project): a
 * broken baseline must not let a regression through.
 */
export function evaluateGates(
  results: RunResults,
  comparison: BaselineComparison | null,
  gates: GateLimits,
  baselineNote: string | null,
  baselineUnusable = false,
): GateReport {
  const missing: MissingBaseline = { note: baselineNote ?? 'no baseline to compare with', blocking: baselineUnusable }
  const out: GateResult[] = []
  if (gates.minPassRate !== undefined) out.push(minPassRateGate(passCounts(results), gates.minPassRate))
  if (gates.maxPassRateDrop !== undefined) out.push(maxPassRateDropGate(comparison, gates.maxPassRateDrop, missing))
  if (gates.passRate?.maxDrop !== undefined) out.push(...passRateDropGates(comparison, { ...gates.passRate, maxDrop: gates.passRate.maxDrop }, missing))
  if (gates.passRate?.minPassRate !== undefined) out.push(...passRateMinimumGates(caseOutcomes(results.cases), { ...gates.passRate, minPassRate: gates.passRate.minPassRate }))
  if (gates.noNewFailures !== undefined && gates.noNewFailures !== false) out.push(noNewFailuresGate(comparison, missing, gates.noNewFailures !== true))
  if (gates.maxP95LatencyIncrease !== undefined) out.push(...latencyGates(comparison, gates.maxP95LatencyIncrease, missing, results.mode))
  if (gates.maxCostIncrease !== undefined) out.push(...costGates(comparison, gates.maxCostIncrease, missing, results.mode))
  if (gates.maxClientLagMs !== undefined) out.push(clientLagGate(results.clientHealth, gates.maxClientLagMs))
  out.push(...loadGates(results.load, gates, results.mode))
  return { baseline: comparison, baselineNote: comparison ? null : baselineNote, gates: out, passed: out.every((g) => g.passed) }
}

function passCounts(results: RunResults): { passed: number; ran: number } {
  const ran = caseOutcomes(results.cases).filter((o) => o.status !== 'skipped')
  return { passed: ran.filter((o) => o.status === 'passed').length, ran: ran.length }
}
