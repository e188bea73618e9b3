function assertCounts(n: number, c: number, k: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n (samples) must be a whole number ≥ 1, found ${n}`)
  if (!Number.isInteger(c) || c < 0 || c > n) throw new RangeError(`c (passing samples) must be a whole number in 0..${n}, found ${c}`)
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`k must be a whole number in 1..${n} (the samples taken), found ${k}`)
}

/**
 * pass@k: the chance that at least one of k samples drawn without replacement
 * from the n taken passes, the unbiased estimator of Chen et al. 2021
 * ("Evaluating Large Language Models Trained on Code"), 1 − C(n−c, k)/C(n, k),
 * computed as their numerically stable product 1 − Π_{i=n−c+1..n} (1 − k/i).
 */
export function passAtK(n: number, c: number, k: number): number {
  assertCounts(n, c, k)
  if (n - c < k) return 1
  let allFail = 1
  for (let i = n - c + 1; i <= n; i++) allFail *= 1 - k / i
  return 1 - allFail
}

/**
 * pass^k: the chance that all k samples drawn without replacement from the n
 * taken pass, C(c, k)/C(n, k) = Π_{i=0..k−1} (c−i)/(n−i) (the reliability
 * measure of τ-bench, Yao et al. 2024).
 */
export function passHatK(n: number, c: number, k: number): number {
  assertCounts(n, c, k)
  if (c < k) return 0
  let all = 1
  for (let i = 0; i < k; i++) all *= (c - i) / (n - i)
  return all
}
