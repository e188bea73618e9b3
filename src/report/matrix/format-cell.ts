import type { MatrixCell } from './build.ts'
import type { ColumnComparison } from './compare.ts'

/** A cell in one glyph: ✓ passed, ✗ failed, ! errored or timed out, · skipped, - did not run; k/N with repeats that disagree. */
export function cellGlyph(cell: MatrixCell | null): string {
  if (cell === null) return '-'
  if (cell.trials === 0) return '·'
  if (cell.passes === cell.trials) return cell.trials > 1 ? `✓${cell.trials}` : '✓'
  if (cell.errors === cell.trials) return '!'
  if (cell.passes === 0) return cell.trials > 1 ? `✗${cell.trials}` : '✗'
  return `${cell.passes}/${cell.trials}`
}

/** Column names for a compact matrix: A, B, … Z, AA, AB … */
export function columnLetter(i: number): string {
  let n = i
  let out = ''
  do {
    out = String.fromCharCode(65 + (n % 26)) + out
    n = Math.floor(n / 26) - 1
  } while (n >= 0)
  return out
}

const pct = (v: number): string => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '-')

/** `83.4% (75.1–89.4%)`. */
export function rateWithInterval(c: ColumnComparison): string {
  if (!Number.isFinite(c.passRate.estimate)) return '- (no case ran)'
  return `${pct(c.passRate.estimate)} (${pct(c.passRate.lower).replace('%', '')}–${pct(c.passRate.upper)})`
}

/** The paired comparison with the reference in a few words: `−13.4 points (−20.1 to −6.7): lower, p = 0.003`; `no paired case changed (3 paired cases)`. */
export function versusText(c: ColumnComparison): string {
  const v = c.versusReference
  if (v === null) return c.cases === 0 ? 'no case to compare' : 'reference'
  // every paired case the same: the interval has no width and "could detect ≈0.0 points" would mislead
  if (v.changedCases === 0) return `no paired case changed (${v.pairedCases} paired ${v.pairedCases === 1 ? 'case' : 'cases'})`
  const d = v.verdict.difference
  // a normal interval on few cases can reach past ±100 points: a difference of rates cannot; a rounded 0 has no sign
  const points = (x: number): string => {
    const text = Math.min(100, Math.abs(x * 100)).toFixed(1)
    return text === '0.0' ? text : `${x < 0 ? '−' : '+'}${text}`
  }
  const word = v.verdict.verdict === 'regressed' ? 'lower' : v.verdict.verdict === 'improved' ? 'higher' : v.verdict.minimumDetectableChange >= 1 ? 'no detectable difference (too few cases to detect even a 100-point change)' : `no detectable difference (could detect ≈${(v.verdict.minimumDetectableChange * 100).toFixed(1)} points)`
  return `${points(d.estimate)} points (${points(d.lower)} to ${points(d.upper)}) on ${v.pairedCases} paired cases: ${word}; McNemar p = ${formatP(v.pValue)}`
}

function formatP(p: number): string {
  if (p < 0.001) return '< 0.001'
  return p.toFixed(3)
}
