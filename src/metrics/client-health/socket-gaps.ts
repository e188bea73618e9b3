import { createHistogram, type RecordableHistogram } from 'node:perf_hooks'
import type { SocketGap } from './schema.ts'

/**
 * Per worker: the gap between a streamed chunk's bytes arriving from the socket (undici's parser read
 * them: the `undici:request:bodyChunkReceived` diagnostics event) and the provider timing the chunk
 * (`RequestTimer.chunk()`), for every content chunk of a timed request; the first chunk of each
 * request (the TTFT's) apart too. Kept in µs in Node histograms (integers).
 */

let enabled = true
let all: RecordableHistogram | null = null
let first: RecordableHistogram | null = null
/** Content chunks timed with no arrival seen for their request (no diagnostics event on this Node). */
let unmeasured = 0

/** Off with the rest of client health (`clientHealth.enabled: false`). */
export function setSocketGapsEnabled(on: boolean): void {
  enabled = on
}

/** One content chunk's gap, ms; `isFirst` for the request's first content chunk (TTFT's). */
export function recordSocketGap(gapMs: number, isFirst: boolean): void {
  if (!enabled) return
  const micros = Math.max(1, Math.round(gapMs * 1000))
  all ??= createHistogram()
  all.record(micros)
  if (!isFirst) return
  first ??= createHistogram()
  first.record(micros)
}

/** A content chunk was timed but no socket arrival was seen for its request. */
export function recordUnmeasuredChunk(): void {
  if (enabled) unmeasured++
}

/**
 * This worker's gaps so far; null when no content chunk of an HTTP provider was timed. With chunks
 * timed but none measured, the figures are null and `note` says why.
 */
export function socketGapSnapshot(): SocketGap | null {
  if (all === null || all.count === 0) {
    if (unmeasured === 0) return null
    return { p50Ms: null, p99Ms: null, maxMs: null, firstP50Ms: null, firstP99Ms: null, chunks: 0, unmeasured, note: missingReason() }
  }
  const ms = (micros: number): number => Math.round(micros) / 1000
  return {
    p50Ms: ms(all.percentile(50)),
    p99Ms: ms(all.percentile(99)),
    maxMs: ms(all.max),
    firstP50Ms: first && first.count > 0 ? ms(first.percentile(50)) : null,
    firstP99Ms: first && first.count > 0 ? ms(first.percentile(99)) : null,
    chunks: all.count,
    unmeasured,
  }
}

function missingReason(): string {
  const undici = process.versions['undici'] ?? 'unknown'
  return `no socket arrival seen: Node ${process.version}'s fetch (undici ${undici}) publishes no undici:request:bodyChunkReceived diagnostics event`
}
