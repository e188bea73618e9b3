import { confidenceLevel, millis, percent, points, pointsRange, relative } from './format-values.ts'
import { rate } from './load-gates.ts'
import type { CaseChange, GateResult } from './types.ts'

/** A gate's limit in its own unit: `≥ 90.0%`, `≤ 5.0 points`, `none`, `≤ +20.0%`. */
export function limitText(g: GateResult): string {
  switch (g.gate) {
    case 'minPassRate':
      return `≥ ${percent(Number(g.limit))}`
    case 'maxPassRateDrop':
      return `≤ ${points(Number(g.limit))}`
    case 'passRate.maxDrop':
      return `≤ ${points(Number(g.limit))}${g.interval ? ` at ${confidenceLevel(g.interval.confidence)}` : ''}`
    case 'passRate.minPassRate':
      return `≥ ${percent(Number(g.limit))}${g.interval ? ` at ${confidenceLevel(g.interval.confidence)}` : ''}`
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
    case 'passRate.maxDrop':
      // the drop and its interval: after − before reversed
      return g.interval ? `${points(g.actual)} (${pointsRange(-g.interval.upper, -g.interval.lower)})` : points(g.actual)
    case 'passRate.minPassRate':
      return g.interval ? `${percent(g.actual)} (${percent(g.interval.lower)}–${percent(g.interval.upper)})` : percent(g.actual)
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

/** `passed`, `FAILED`, `skipped`, `warning` (an inconclusive significance-aware gate set to warn) */
export function verdict(g: GateResult): 'passed' | 'FAILED' | 'skipped' | 'warning' {
  return !g.passed ? 'FAILED' : g.skipped !== undefined ? 'skipped' : g.warning === true ? 'warning' : 'passed'
}

/** `minPassRate`, `maxP95LatencyIncrease (openai:gpt-4o)`, `minGoodput (openai:x at concurrency=4)`, `passRate.maxDrop (qa › openai:x)` */
export function gateTitle(g: GateResult): string {
  const provider = g.provider === undefined ? [] : [g.dataset === undefined ? g.provider : `${g.dataset} › ${g.provider}`]
  const where = [...provider, ...(g.load === undefined ? [] : [`at ${g.load}`])].join(' ')
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
