/**
 * The two-sided p-value of an estimate against 0 under a normal approximation,
 * 2·(1 − Φ(|estimate| / SE)) = erfc(|z| / √2): consistent with the normal interval
 * estimate ± z·SE (the interval leaves out 0 exactly when p < 1 − confidence).
 * SE 0: 1 for an estimate of 0, else 0.
 */
export function twoSidedPValue(estimate: number, standardError: number): number {
  if (standardError === 0 || !Number.isFinite(standardError)) return estimate === 0 ? 1 : 0
  return erfc(Math.abs(estimate / standardError) / Math.SQRT2)
}

/**
 * The complementary error function by the Chebyshev fit of Numerical Recipes
 * (§6.2, fractional error below 1.2e-7 everywhere): enough for a p-value shown
 * to three decimals.
 */
export function erfc(x: number): number {
  const z = Math.abs(x)
  const t = 1 / (1 + 0.5 * z)
  const poly = -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  const r = t * Math.exp(poly)
  return x >= 0 ? r : 2 - r
}

/** `p = 0.004`, `p = 0.21`, `p < 0.001` */
export function formatPValue(p: number): string {
  if (p < 0.001) return 'p < 0.001'
  return `p = ${p < 0.1 ? p.toFixed(3) : p < 0.995 ? p.toFixed(2) : '1.00'}`
}
