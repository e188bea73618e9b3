// A seeded simulated provider with a known true pass rate per case, and simulated CI runs
// compared with a baseline by the statistics of src/report/stats (issue 13 §2 calibration).
import { mcnemarForCases } from '../../src/report/stats/mcnemar.ts'
import { pairedPassRateDifference, type PairedCase } from '../../src/report/stats/paired.ts'
import { passRateDropGate } from '../../src/report/stats/drop-gate.ts'
import { mulberry32 } from '../../src/report/stats/prng.ts'

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
}

export interface RunOutcome {
  /** The paired interval lies wholly below 0 (a significant drop, maxDrop 0). */
  significantDrop: boolean
  /** passRateDropGate with maxDrop 0.05. */
  gate5: 'fail' | 'pass' | 'inconclusive'
  /** mid-p McNemar below 1 − confidence with more newly failing than newly passing cases. */
  mcnemarDrop: boolean
  /** The old plain gate: bare pass rates, baseline − current > 0.05. */
  plainGate5: boolean
  /** The paired interval contains the true change. */
  covered: boolean
}

/** Draws how many of `repeats` independent samples pass for a case with true pass rate p. */
function drawPasses(p: number, repeats: number, random: () => number): number {
  let passes = 0
  for (let r = 0; r < repeats; r++) if (random() < p) passes++
  return passes
}

/** The baseline run: each case's passes out of `repeats`. */
export function drawRun(rates: readonly number[], repeats: number, random: () => number): number[] {
  return rates.map((p) => drawPasses(p, repeats, random))
}

/** One simulated CI run against a freshly simulated baseline on the same cases. */
export function simulateRun(scenario: Scenario, seed: number): RunOutcome {
  const random = mulberry32(seed)
  const rates = truePassRates(scenario.population, scenario.cases, random)
  return compareWithBaseline(scenario, rates, drawRun(rates, scenario.repeats, random), random)
}

/** A current run drawn with the scenario's true drop, compared paired with the given baseline passes. */
export function compareWithBaseline(scenario: Scenario, rates: readonly number[], baseline: readonly number[], random: () => number): RunOutcome {
  const meanRate = rates.reduce((a, b) => a + b, 0) / rates.length
  const scale = (meanRate - scenario.trueDrop) / meanRate // every case loses the same share: the mean drops by trueDrop
  const pairs: PairedCase[] = rates.map((p, i) => ({
    id: `case-${i}`,
    baseline: { passes: baseline[i] as number, trials: scenario.repeats },
    current: { passes: drawPasses(p * scale, scenario.repeats, random), trials: scenario.repeats },
  }))
  const difference = pairedPassRateDifference(pairs, scenario.confidence)
  const mcnemar = mcnemarForCases(pairs)
  const total = scenario.cases * scenario.repeats
  const baselineRate = pairs.reduce((a, pair) => a + pair.baseline.passes, 0) / total
  const currentRate = pairs.reduce((a, pair) => a + pair.current.passes, 0) / total
  return {
    significantDrop: difference.upper < 0,
    gate5: passRateDropGate(difference, 0.05),
    mcnemarDrop: mcnemar.pValue < 1 - scenario.confidence && mcnemar.newlyFailing > mcnemar.newlyPassing,
    plainGate5: baselineRate - currentRate > 0.05,
    covered: difference.lower <= -scenario.trueDrop && -scenario.trueDrop <= difference.upper,
  }
}
