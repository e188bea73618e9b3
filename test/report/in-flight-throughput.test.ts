import { describe, expect, test } from 'vitest'
import { computeStats, inFlightTime } from '../../src/report/aggregate.ts'
import type { CaseRecord } from '../../src/record/schema.ts'
import { record } from './artifacts/fixtures.ts'

const T0 = Date.parse('2026-01-01T00:00:00.000Z')
const at = (ms: number): string => new Date(T0 + ms).toISOString()

/** A call sent at `sentMs` (after `queueMs` of queue wait), its last token `e2eMs` later, 100 output tokens. */
function call(caseId: string, sentMs: number, e2eMs: number, extra: Partial<CaseRecord> = {}, queueMs = 0): CaseRecord {
  return record({
    caseId,
    startedAt: at(sentMs - queueMs),
    // the record ends later than its last token: evaluation and judge calls come after it
    endedAt: at(sentMs + e2eMs + 5000),
    timings: { queueMs, ttftMs: 100, e2eMs, tpotMs: 20, itlMs: [20], streamed: true },
    usage: { inputTokens: 10, outputTokens: 100, source: 'provider' },
    ...extra,
  })
}

describe('output throughput over the union of in-flight intervals', () => {
  // batch 1: four overlapping calls in [0, 1500]; a resume pause of 10 minutes; batch 2: four calls in [600 000, 601 500]
  const batch1 = [call('a', 0, 1000), call('b', 200, 1000), call('c', 500, 1000, {}, 300), call('d', 1000, 500)]
  const resumeAt = 600_000
  const batch2 = [call('e', resumeAt, 1000), call('f', resumeAt + 500, 1000), call('g', resumeAt + 100, 400), call('h', resumeAt + 1200, 300)]
  // replayed in the resumed run, timed at its recorded time in between: never in the in-flight time
  const replayed = call('r', 300_000, 2000, { cached: true })

  test('a resume pause between two batches is not in the in-flight time', () => {
    // batch 1: [0, 1500] (a [0, 1000], b [200, 1200], c [500, 1500], d [1000, 1500]); batch 2: [600 000, 601 500]
    expect(inFlightTime([...batch1, ...batch2])).toBe(3000)
    const s = computeStats([...batch1, ...batch2, replayed])
    expect(s.wallMs).toBe(3000)
    // 8 calls × 100 output tokens / 3 s; the replayed record's tokens are not counted as produced
    expect(s.outputTokensPerSecond).toBeCloseTo(800 / 3, 10)
    expect(s.requestsPerSecond).toBeCloseTo(8 / 3, 10)
  })

  test('evaluation and judge time after the last token is not in it (endedAt is 5 s later)', () => {
    expect(inFlightTime([call('a', 0, 1000)])).toBe(1000)
  })

  test('disjoint, nested and touching intervals', () => {
    expect(inFlightTime([call('a', 0, 100), call('b', 100, 100), call('c', 50, 20), call('d', 1000, 10)])).toBe(210)
  })

  test('no timed call: null', () => {
    expect(inFlightTime([])).toBeNull()
    expect(computeStats([replayed]).outputTokensPerSecond).toBeNull()
  })
})
