import { escapeMarkdown as esc, markdownTable } from '../artifacts/markdown-text.ts'
import type { PairedVerdict } from './paired-schema.ts'

/** `−3.1` / `+3.1`: a rate change in percentage points, one decimal. */
function points(change: number): string {
  const text = Math.abs(change * 100).toFixed(1)
  // a change that rounds to 0 has no sign
  return text === '0.0' ? text : `${change < 0 ? '−' : '+'}${text}`
}

/** `−0.120`: a score change, three decimals. */
function scoreChange(change: number): string {
  const text = Math.abs(change).toFixed(3)
  return text === '0.000' ? text : `${change < 0 ? '−' : '+'}${text}`
}

/** `0.031`, `< 0.001`. */
function pValue(p: number): string {
  return p < 0.001 ? '< 0.001' : p.toFixed(3)
}

/** The verdict as summary.md's cell: `regressed`, `improved`, or `no detectable change (this sample could detect ≥ 7.1 points)`. */
export function verdictCell(v: PairedVerdict): string {
  if (v.verdict !== 'no detectable change') return `**${v.verdict}**`
  if (v.minimumDetectableChange === null) return 'no detectable change (no paired case changed)'
  // a change of rates is at most 100 points: a larger detectable change means this sample can detect none
  if (v.minimumDetectableChange >= 1) return 'no detectable change (too few cases to detect even a 100-point change)'
  return `no detectable change (this sample could detect ≥ ${(v.minimumDetectableChange * 100).toFixed(1)} points)`
}

/** summary.md's section: one row per dataset × provider compared with the baseline on the same cases; nothing without a comparison. */
export function pairedMarkdownSection(verdicts: readonly PairedVerdict[] | undefined): string[] {
  if (!verdicts || verdicts.length === 0) return []
  const head = ['dataset', 'provider', 'paired cases', 'pass rate before → now', 'change, points [95% CI]', 'McNemar p', 'score change [95% CI]', 'verdict']
  const body = verdicts.map((v) => {
    const r = v.passRate
    // nothing moved: an interval of no width says less than these words
    const still = (change: number, lower: number, upper: number, digits: number): boolean => [change, lower, upper].every((x) => Math.abs(x) < 0.5 * 10 ** -digits)
    const score = v.score === null ? '-' : still(v.score.change, v.score.lower, v.score.upper, 3) ? 'unchanged' : `${scoreChange(v.score.change)} [${scoreChange(v.score.lower)} to ${scoreChange(v.score.upper)}]`
    return [
      esc(v.dataset),
      esc(v.provider),
      String(v.cases),
      `${(r.before * 100).toFixed(1)}% → ${(r.after * 100).toFixed(1)}%`,
      still(r.change, r.lower, r.upper, 3) ? 'unchanged' : `${points(r.change)} [${points(r.lower)} to ${points(r.upper)}]`,
      pValue(v.mcnemar.pValue),
      score,
      verdictCell(v),
    ]
  })
  const notes = [
    '- Each case is compared with itself in the baseline (its pass fraction over its repeats), so the spread between easy and hard cases cancels out. The change\'s interval is where the true change most likely lies; McNemar p is the chance of flips this lopsided (cases newly failing vs newly passing) if nothing had changed; the score change is a paired bootstrap of the mean evaluation score.',
    '- `regressed` / `improved`: the whole interval is on one side of 0. `no detectable change` gives the smallest change this many cases would catch 80% of the time: a smaller real change may hide in the noise.',
  ]
  if (verdicts.some((v) => !v.exact)) notes.push('- The baseline file has no per-repeat counts (written before them): each baseline case counts as one trial, passed or not. Update the baseline for exact pairs.')
  return [`### Compared with the baseline (paired on the same cases)\n\n${markdownTable(head, body, [2, 3, 4, 5, 6])}\n\n${notes.join('\n')}`]
}
