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
})
