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
