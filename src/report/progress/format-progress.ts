import type { ProgressSnapshot } from './progress-tracker.ts'

/** What every progress line starts with. */
export const PROGRESS_PREFIX = 'llm-test-bench'

/**
 * One line for a project's progress, e.g.
 * `llm-test-bench [llm] 120/500 cases (24%) · 110 passed · 8 failed · 2 errors · 3.1 cases/s · ETA 2m03s · openai:gpt-4o-mini 60/250, local 60/250`.
 * Timeouts and skipped cases are named only when there are some. While dataset
 * files are still being collected the total is a floor: `120/500+ cases`, no
 * percentage, `ETA ≥2m03s`.
 */
export function formatProgressLine(s: ProgressSnapshot): string {
  const total = `${s.total}${s.totalFinal ? '' : '+'}`
  const percent = s.totalFinal && s.total > 0 ? ` (${Math.floor((s.done / s.total) * 100)}%)` : ''
  const parts = [
    `${PROGRESS_PREFIX} [${s.project}] ${s.done}/${total} cases${percent}`,
    `${s.counts.passed} passed`,
    `${s.counts.failed} failed`,
    plural(s.counts.error, 'error', 'errors'),
  ]
  if (s.counts.timeout > 0) parts.push(`${s.counts.timeout} timed out`)
  if (s.counts.skipped > 0) parts.push(`${s.counts.skipped} skipped`)
  parts.push(`${s.throughput === null ? '—' : formatRate(s.throughput)} cases/s`)
  parts.push(`ETA ${s.etaMs === null ? '—' : `${s.totalFinal ? '' : '≥'}${formatDuration(s.etaMs)}`}`)
  if (s.providers.length > 0) parts.push(s.providers.map((p) => `${p.provider} ${p.done}/${p.total}`).join(', '))
  return parts.join(' · ')
}

/** `45s`, `2m03s`, `1h02m` (rounded to the second). */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds}s`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${pad2(seconds % 60)}s`
  return `${Math.floor(seconds / 3600)}h${pad2(Math.floor((seconds % 3600) / 60))}m`
}

/** `24`, `3.1`, `0.25` (two significant digits below 1). */
export function formatRate(perSecond: number): string {
  if (perSecond >= 10) return perSecond.toFixed(0)
  if (perSecond >= 1) return perSecond.toFixed(1)
  return String(Number(perSecond.toPrecision(2)))
}

/**
 * A line cut to fit a terminal row of `columns` (one column spare, so the
 * terminal never wraps it), ending in `…` when cut.
 */
export function fitToWidth(line: string, columns: number): string {
  const room = Math.max(1, columns - 1)
  const chars = [...line]
  if (chars.length <= room) return line
  return `${chars.slice(0, Math.max(0, room - 1)).join('')}…`
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}
