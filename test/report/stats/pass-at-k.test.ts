import { describe, expect, it } from 'vitest'
import { passAtK, passHatK } from '../../../src/report/stats/pass-at-k.ts'

/** C(n, k) exactly, as a BigInt. */
function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n
  let result = 1n
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i)
  return result
}

/** 1 − C(n−c, k)/C(n, k), the Codex paper's formula, exactly (scaled BigInt division). */
function exactPassAtK(n: number, c: number, k: number): number {
  const scale = 10n ** 30n
  return 1 - Number((choose(n - c, k) * scale) / choose(n, k)) / 1e30
}

describe('passAtK (Chen et al. 2021)', () => {
  it.each([
    [10, 3, 1],
    [10, 3, 5],
    [200, 1, 1],
    [200, 1, 10],
    [100, 5, 50],
    [200, 37, 100],
    [20, 0, 5],
    [3, 3, 2],
  ])('n=%i c=%i k=%i equals 1 − C(n−c,k)/C(n,k)', (n, c, k) => {
    expect(passAtK(n, c, k)).toBeCloseTo(exactPassAtK(n, c, k), 12)
  })

  it('hand values: pass@1 is c/n; 3 of 10 at k=5 is 1 − 21/252', () => {
    expect(passAtK(10, 3, 1)).toBeCloseTo(0.3, 14)
    expect(passAtK(10, 3, 5)).toBeCloseTo(1 - 21 / 252, 14)
    expect(passAtK(5, 0, 5)).toBe(0)
    expect(passAtK(10, 6, 5)).toBe(1) // fewer than k failures: some pass in every draw
  })

  it('rejects k above n, naming it', () => {
    expect(() => passAtK(3, 1, 4)).toThrow(/k must be a whole number in 1\.\.3 \(the samples taken\), found 4/)
  })
})

describe('passHatK', () => {
  it('is C(c,k)/C(n,k): all k draws pass', () => {
    expect(passHatK(10, 3, 2)).toBeCloseTo(3 / 45, 14)
    expect(passHatK(10, 3, 1)).toBeCloseTo(0.3, 14)
    expect(passHatK(5, 5, 5)).toBe(1)
    expect(passHatK(10, 3, 4)).toBe(0)
    // stable where C(200,100) ≈ 9e58 would lose the ratio: 1/C(200,100)
    expect(passHatK(200, 100, 100) / 1.1043803465997514e-59).toBeCloseTo(1, 9)
  })
})
