import type { CaseRecord, LoadPoint } from '../../../src/record/schema.ts'
import { record, regex } from '../artifacts/fixtures.ts'

const T0 = Date.parse('2026-01-01T00:00:00.000Z')

/** The load point of a concurrency level. */
export function concurrency(c: number, measurement: number): LoadPoint {
  return { measurement, label: `concurrency=${c}`, kind: 'concurrency', concurrency: c, ratePerS: null, scheduledMs: null }
}

export interface RequestShape {
  /** Sent at this many ms after T0 (after `queueMs` of waiting). */
  sentMs: number
  e2eMs: number
  ttftMs?: number | null
  tpotMs?: number | null
  queueMs?: number
  outputTokens?: number
  /** Matcher passed (status passed) or failed (status failed). */
  pass?: boolean
  status?: CaseRecord['status']
  provider?: string
  itlMs?: number[]
}

/** One request of a load profile's measurement, with the timings given. */
export function request(point: LoadPoint, shape: RequestShape, id = `${point.label}-${shape.sentMs}`): CaseRecord {
  const queueMs = shape.queueMs ?? 0
  const pass = shape.pass ?? true
  const status = shape.status ?? (pass ? 'passed' : 'failed')
  const errored = status === 'error' || status === 'timeout'
  return record({
    caseId: id,
    provider: shape.provider ?? 'p',
    status,
    load: point,
    sample: 0,
    startedAt: new Date(T0 + shape.sentMs - queueMs).toISOString(),
    endedAt: new Date(T0 + shape.sentMs + shape.e2eMs + 50).toISOString(),
    output: errored ? null : 'a',
    error: errored ? { class: 'APIError', message: 'HTTP 503' } : null,
    usage: errored ? { inputTokens: null, outputTokens: null, source: 'none' } : { inputTokens: 10, outputTokens: shape.outputTokens ?? 5, source: 'provider' },
    timings: errored
      ? null
      : { queueMs, ttftMs: shape.ttftMs === undefined ? 100 : shape.ttftMs, e2eMs: shape.e2eMs, tpotMs: shape.tpotMs === undefined ? 20 : shape.tpotMs, itlMs: shape.itlMs ?? [20, 20], streamed: shape.ttftMs !== null },
    evaluations: errored ? [] : [regex(pass)],
  })
}

/**
 * A server that runs `slots` requests at once, each taking `serviceMs` once it has a slot, driven
 * at concurrency c for `requests` requests: what a request sees is its wait for a server slot
 * (in its TTFT and E2E, not in queueMs) plus the service time. Start times are computed exactly.
 */
export function closedLoop(c: number, measurement: number, slots: number, serviceMs: number, requests: number, startMs: number, passAt = (_: number): boolean => true): CaseRecord[] {
  const point = concurrency(c, measurement)
  const clientFree = Array.from({ length: c }, () => startMs)
  const serverFree = Array.from({ length: slots }, () => startMs)
  const out: CaseRecord[] = []
  for (let i = 0; i < requests; i++) {
    const ci = clientFree.indexOf(Math.min(...clientFree))
    const sent = clientFree[ci] as number
    const si = serverFree.indexOf(Math.min(...serverFree))
    const begins = Math.max(sent, serverFree[si] as number)
    const ends = begins + serviceMs
    serverFree[si] = ends
    clientFree[ci] = ends
    out.push(request(point, { sentMs: sent, e2eMs: ends - sent, ttftMs: begins - sent + 50, pass: passAt(c) }, `c${c}-${i}`))
  }
  return out
}

export function sweep(levels: number[], slots: number, passAt?: (c: number) => boolean): CaseRecord[] {
  return levels.flatMap((c, i) => closedLoop(c, i, slots, 1000, c * 4, i * 100_000, passAt))
}
