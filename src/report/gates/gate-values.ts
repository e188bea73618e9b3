import { millis, percent, points, relative } from './format-values.ts'
import { rate } from './load-gates.ts'
import type { CaseChange, GateResult } from './types.ts'

/** A gate's limit in its own unit: `≥ 90.0%`, `≤ 5.0 points`, `none`, `≤ +20.0%`. */
export function limitText(g: GateResult): string {
  switch (g.gate) {
    case 'minPassRate':
      return `≥ ${percent(Number(g.limit))}`
    case 'maxPassRateDrop':
      return `≤ ${points(Number(g.limit))}`
    case 'noNewFailures':
      return 'none'
    case 'maxClientLagMs':
    case 'maxP95TtftMs':
      return `≤ ${millis(Number(g.limit))}`
    case 'minGoodput':
      return `≥ ${rate(Number(g.limit))}`
    default:
      return `≤ ${relative(Number(g.limit))}`
  }
}

/** A gate's measured value in its own unit; `-` when not measured. */
export function actualText(g: GateResult): string {
  if (g.actual === null) return '-'
  switch (g.gate) {
    case 'minPassRate':
      return percent(g.actual)
    case 'maxPassRateDrop':
      return points(g.actual)
    case 'noNewFailures':
      return String(g.actual)
    case 'maxClientLagMs':
    case 'maxP95TtftMs':
      return millis(g.actual)
    case 'minGoodput':
      return rate(g.actual)
    default:
      return relative(g.actual)
  }
}

/** `passed`, `FAILED`, `skipped` */
export function verdict(g: GateResult): 'passed' | 'FAILED' | 'skipped' {
  return !g.passed ? 'FAILED' : g.skipped !== undefined ? 'skipped' : 'passed'
}

/** `minPassRate`, `maxP95LatencyIncrease (openai:gpt-4o)`, `minGoodput (openai:x at concurrency=4)` */
export function gateTitle(g: GateResult): string {
  const where = [...(g.provider === undefined ? [] : [g.provider]), ...(g.load === undefined ? [] : [`at ${g.load}`])].join(' ')
  return where === '' ? g.gate : `${g.gate} (${where})`
}

/** `passed → failed, score 0.92 → 0.40` */
export function changeText(c: CaseChange): string {
  const status = c.before === null ? c.after : `${c.before} → ${c.after}`
  const score = c.scoreBefore === null && c.scoreAfter === null ? '' : `, score ${scoreText(c.scoreBefore)} → ${scoreText(c.scoreAfter)}`
  return `${status}${score}`
}

function scoreText(score: number | null): string {
  return score === null ? '-' : score.toFixed(2)
}
