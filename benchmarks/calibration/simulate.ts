// A seeded simulated provider with a known true pass rate per case, and simulated CI runs held
// against a baseline by the real gate path (issue 13 §2 calibration): records → RunResults
// (buildRunResults) → createBaseline → compareWithBaseline → evaluateGates with gates.passRate,
// the same functions a `vitest run` calls at its end, with no copy of their logic here. A run's
// RunResults is an empty run's with the records as its cases: the gates read only the records, and
// skipping the aggregation of latency figures nobody reads here makes a simulated run ~10× cheaper.
import { compareWithBaseline } from '../../src/report/gates/compare.ts'
import { createBaseline } from '../../src/report/gates/create-baseline.ts'
import { evaluateGates } from '../../src/report/gates/evaluate.ts'
import type { Baseline } from '../../src/report/gates/baseline-schema.ts'
import type { GateResult } from '../../src/report/gates/types.ts'
import { mcnemarForCases } from '../../src/report/stats/mcnemar.ts'
import type { PairedCase } from '../../src/report/stats/paired.ts'
import { mulberry32 } from '../../src/report/stats/prng.ts'
import type { RunResults } from '../../src/report/run-results.ts'
import { record, results, type RecordSpec } from '../../test/report/gates/results-fixture.ts'

/** How the cases' true pass rates are spread: both have a mean near 0.8. */
export type Population = 'spread' | 'mostly-stable'

/** True per-case pass rates, drawn once per simulated run pair from `random`. */
export function truePassRates(population: Population, cases: number, random: () => number): number[] {
  return Array.from({ length: cases }, () => {
    const u = random()
    if (population === 'spread') return u ** 0.25 // mean 1/(1 + 0.25) = 0.8, many flaky cases
    // 75% almost always pass, 10% almost always fail, 15% anywhere: mean ≈ 0.805
    return u < 0.75 ? 0.97 : u < 0.85 ? 0.03 : random()
  })
}

export interface Scenario {
  population: Population
  cases: number
  repeats: number
  /** The true drop in mean pass rate from baseline to current (0 = no change). */
  trueDrop: number
  confidence: number
  /** Dataset × provider groups the cases are spread over (round robin): 1, or 4 (2 datasets × 2 providers). */
  groups: 1 | 4
}

export interface RunOutcome {
  /** The overall passRate.maxDrop result (maxDrop 0.05): failed, warned (inconclusive) or passed. */
  gate5: 'fail' | 'inconclusive' | 'pass'
  /** Any passRate.maxDrop result failed (overall or a group): the run fails. */
  runFails: boolean
  /** The overall interval lies wholly below 0 (a significant drop, whatever maxDrop). */
  significantDrop: boolean
  /** mid-p McNemar (majority per case) below 1 − confidence with more newly failing than newly passing cases. */
  mcnemarDrop: boolean
  /** The plain gate maxPassRateDrop: 0.05 failed (bare pass rates, a case passes when all its repeats pass). */
  plainGate5: boolean
  /** The overall interval contains the true change. */
  covered: boolean
}

/** Draws how many of `repeats` independent samples pass for a case with true pass rate p. */
function drawPasses(p: number, repeats: number, random: () => number): number {
  let passes = 0
  for (let r = 0; r < repeats; r++) if (random() < p) passes++
  return passes
}

/** A run: each case's passes out of `repeats`. */
export function drawRun(rates: readonly number[], repeats: number, random: () => number): number[] {
  return rates.map((p) => drawPasses(p, repeats, random))
}

/** The records of a run whose case i passed `passes[i]` of `repeats` repeats. */
function recordsOf(scenario: Scenario, passes: readonly number[]): RecordSpec[] {
  const specs: RecordSpec[] = []
  passes.forEach((passed, i) => {
    const group = i % scenario.groups
    const where = { dataset: group < 2 ? 'qa' : 'code', provider: group % 2 === 0 ? 'p:a' : 'p:b', caseId: `case-${String(i).padStart(4, '0')}` }
    for (let r = 0; r < scenario.repeats; r++) specs.push({ ...where, status: r < passed ? 'passed' : 'failed', ...(scenario.repeats > 1 ? { repeat: r } : {}) })
  })
  return specs
}

const EMPTY_RUN = results([])

/** A finished run whose records are these: what the gates read. */
function runOf(specs: readonly RecordSpec[]): RunResults {
  return { ...EMPTY_RUN, cases: specs.map(record) }
}

/** The baseline file a run of these passes would write. */
export function baselineOf(scenario: Scenario, passes: readonly number[]): Baseline {
  return createBaseline(runOf(recordsOf(scenario, passes)))
}

/** One simulated CI run against a freshly simulated baseline on the same cases. */
export function simulateRun(scenario: Scenario, seed: number): RunOutcome {
  const random = mulberry32(seed)
  const rates = truePassRates(scenario.population, scenario.cases, random)
  const passes = drawRun(rates, scenario.repeats, random)
  return ciRun(scenario, rates, passes, baselineOf(scenario, passes), random)
}

/** A current run drawn with the scenario's true drop, held against the baseline by evaluateGates. */
export function ciRun(scenario: Scenario, rates: readonly number[], baselinePasses: readonly number[], baseline: Baseline, random: () => number): RunOutcome {
  const meanRate = rates.reduce((a, b) => a + b, 0) / rates.length
  const scale = (meanRate - scenario.trueDrop) / meanRate // every case loses the same share: the mean drops by trueDrop
  const current = rates.map((p) => drawPasses(p * scale, scenario.repeats, random))
  const run = runOf(recordsOf(scenario, current))
  const report = evaluateGates(run, compareWithBaseline(run, baseline, 'llm-baseline.json'), { maxPassRateDrop: 0.05, passRate: { maxDrop: 0.05, confidence: scenario.confidence, inconclusive: 'warn' } }, null)
  const drops = report.gates.filter((g) => g.gate === 'passRate.maxDrop')
  const overall = drops.find((g) => g.provider === undefined) as GateResult
  const interval = overall.interval as NonNullable<GateResult['interval']>
  const pairs: PairedCase[] = current.map((passes, i) => ({ id: String(i), baseline: { passes: baselinePasses[i] as number, trials: scenario.repeats }, current: { passes, trials: scenario.repeats } }))
  const mcnemar = mcnemarForCases(pairs)
  return {
    gate5: !overall.passed ? 'fail' : overall.warning === true ? 'inconclusive' : 'pass',
    runFails: drops.some((g) => !g.passed),
    significantDrop: interval.upper < 0,
    mcnemarDrop: mcnemar.pValue < 1 - scenario.confidence && mcnemar.newlyFailing > mcnemar.newlyPassing,
    plainGate5: report.gates.some((g) => g.gate === 'maxPassRateDrop' && !g.passed),
    covered: interval.lower <= -scenario.trueDrop && -scenario.trueDrop <= interval.upper,
  }
}
