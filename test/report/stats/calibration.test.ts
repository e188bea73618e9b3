import { describe, expect, it } from 'vitest'
import { simulateRun, type Scenario } from '../../../benchmarks/calibration/simulate.ts'

// The calibration study (benchmarks/calibration) in small: seeded, so the rates are fixed numbers;
// the bounds are the targets, not the measured values (docs/statistics.md has those).
function failureRate(scenario: Scenario, runs: number): number {
  let fails = 0
  // runFails: the gates.passRate result of evaluateGates (maxDrop 0.05) failed
  for (let run = 0; run < runs; run++) if (simulateRun(scenario, (run * 2654435761) % 4294967296).runFails) fails++
  return fails / runs
}

describe('calibration: the gates.passRate gate (paired, 95%, maxDrop 5 points) on a simulated provider with known pass rates', () => {
  for (const repeats of [1, 3]) {
    it(`with ${repeats} repeat(s): fails in about 5% or fewer unchanged runs, and in most runs after a true 10-point drop`, () => {
      const base = { population: 'mostly-stable', cases: 200, repeats, confidence: 0.95, groups: 1 } as const
      expect(failureRate({ ...base, trueDrop: 0 }, 200)).toBeLessThanOrEqual(0.06)
      expect(failureRate({ ...base, trueDrop: 0.1 }, 200)).toBeGreaterThan(0.8)
    }, 300_000)
  }

  // The variants demo's size: with a normal z and no C/(C−1) the gate failed 4% of these unchanged runs
  // (a one-tailed 95% test should stay near 2.5%) and the interval covered the truth 92% of the time.
  it('with 6 cases × 3 repeats (small sample): rarely fails an unchanged run, and the interval covers the truth about 95% of the time', () => {
    const scenario = { population: 'spread', cases: 6, repeats: 3, trueDrop: 0, confidence: 0.95, groups: 1 } as const
    const outcomes = Array.from({ length: 400 }, (_, run) => simulateRun(scenario, (run * 2654435761) % 4294967296))
    expect(outcomes.filter((o) => o.runFails).length / 400).toBeLessThanOrEqual(0.025)
    expect(outcomes.filter((o) => o.covered).length / 400).toBeGreaterThanOrEqual(0.94)
  }, 300_000)
})
