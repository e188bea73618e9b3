/**
 * The message for a pass rate above 1 (`minPassRate`, `maxPassRateDrop`): they are fractions of 1,
 * and a number up to 100 was most likely meant as a percentage.
 */
export function passRateError(issue: { input?: unknown }): string {
  const found = issue.input
  if (typeof found === 'number' && found > 1 && found <= 100) {
    return `expected a fraction of 1, found ${found}: pass rates are fractions, not percentages (write ${Number((found / 100).toFixed(6))} for ${found}%)`
  }
  return `expected a fraction from 0 to 1, found ${String(found)}`
}
