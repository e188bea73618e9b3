import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, test } from 'vitest'
import type { ModelCall } from '../../src/record/schema.ts'
import { CaseRecordSchema } from '../../src/record/schema.ts'
import { computeStats } from '../../src/report/aggregate.ts'
import { withCalls } from '../../src/runner/call-totals.ts'
import { caseScope, currentCase, runInCase } from '../../src/runner/case-context.ts'
import { handWrittenRecord } from '../../src/runner/hand-written.ts'

function call(overrides: Partial<ModelCall> = {}): ModelCall {
  return {
    provider: 'openai:m',
    model: 'm',
    usage: { inputTokens: 10, outputTokens: 5, source: 'provider' },
    cost: 0.001,
    timings: { queueMs: 1, ttftMs: null, e2eMs: 20 },
    cached: false,
    attempts: 1,
    ...overrides,
  }
}

describe('case context', () => {
  test('concurrent cases each see their own scope across awaits; outside any case there is none', async () => {
    const signal = new AbortController().signal
    const a = caseScope({ file: '/d/a.dataset.yaml', caseId: 'a', signal })
    const b = caseScope({ file: '/d/b.dataset.yaml', caseId: 'b', signal })
    const seen: string[] = []
    const work = async (delays: number[]): Promise<void> => {
      for (const ms of delays) {
        await sleep(ms)
        seen.push(currentCase()?.caseId ?? 'none')
        currentCase()?.calls.push(call({ provider: currentCase()?.caseId ?? '' }))
      }
    }
    await Promise.all([runInCase(a, () => work([5, 1, 8])), runInCase(b, () => work([1, 6, 1]))])
    expect(seen.filter((s) => s === 'a')).toHaveLength(3)
    expect(seen.filter((s) => s === 'b')).toHaveLength(3)
    expect(a.calls.map((c) => c.provider)).toEqual(['a', 'a', 'a'])
    expect(b.calls.map((c) => c.provider)).toEqual(['b', 'b', 'b'])
    expect(currentCase()).toBeUndefined()
  })
})

describe('a record with model calls', () => {
  test('tokens and cost add up; the case own response is one part', () => {
    const own = { usage: { inputTokens: 3, outputTokens: 4, source: 'provider' as const }, cost: 0.01, costNote: null }
    const totals = withCalls(own, [call(), call({ usage: { inputTokens: 7, outputTokens: 1, source: 'provider' }, cost: 0.002 })])
    expect(totals.usage).toEqual({ inputTokens: 20, outputTokens: 10, source: 'provider' })
    expect(totals.cost).toBeCloseTo(0.013, 12)
    expect(totals.costNote).toBeNull()
  })

  test('an unknown price makes the sum unknown (never counted as 0), with its note', () => {
    const totals = withCalls(null, [call(), call({ cost: null, costNote: 'no price for openai:x' })])
    expect(totals.cost).toBeNull()
    expect(totals.costNote).toBe('no price for openai:x')
    expect(totals.usage.outputTokens).toBe(10)
  })

  test('a function provider that counted nothing adds nothing; failed calls add nothing; replayed calls cost 0', () => {
    const bare = { usage: { inputTokens: null, outputTokens: null, source: 'none' as const }, cost: null, costNote: 'unknown price' }
    const totals = withCalls(bare, [call({ cached: true, cost: 0 }), call({ usage: { inputTokens: null, outputTokens: null, source: 'none' }, cost: null, timings: null, error: { class: 'auth', message: 'no' } })])
    expect(totals).toEqual({ usage: { inputTokens: 10, outputTokens: 5, source: 'provider' }, cost: 0, costNote: null })
  })

  test('without calls the own totals stay as they were', () => {
    const own = { usage: { inputTokens: 3, outputTokens: null, source: 'provider' as const }, cost: null, costNote: 'token counts unknown' }
    expect(withCalls(own, [])).toBe(own)
  })
})

describe('a hand-written test as a case record', () => {
  const base = { dataset: 'tests/a.llm.test.ts', datasetFile: '/p/tests/a.llm.test.ts', caseId: 'group > works', startedAt: new Date(1000), endedAt: new Date(2000) }

  test('passed, with its calls summed and timed; valid for results.json; counted by the aggregate', () => {
    const record = handWrittenRecord({ ...base, failed: false, errors: [], evaluations: [], calls: [call(), call({ timings: { queueMs: 2, ttftMs: 4, e2eMs: 30 } })] })
    expect(CaseRecordSchema.parse(record)).toEqual(record)
    expect(record).toMatchObject({ status: 'passed', error: null, provider: 'test', cost: 0.002, attempts: 2, retries: 0, cached: false })
    expect(record.usage).toEqual({ inputTokens: 20, outputTokens: 10, source: 'provider' })
    expect(record.timings).toMatchObject({ queueMs: 3, e2eMs: 50, ttftMs: null })
    const stats = computeStats([record])
    expect(stats.tokens).toMatchObject({ input: 20, output: 10 })
    expect(stats.cost).toEqual({ total: 0.002, known: 1, unknown: 0 })
  })

  test('failed by a matcher: failed, the evaluation says why; failed otherwise: the assertion message', () => {
    const evaluation = { name: 'toMatchRegex', pass: false, score: 0, threshold: 1, reason: 'no match' }
    expect(handWrittenRecord({ ...base, failed: true, errors: [{ name: 'AssertionError', message: 'x' }], evaluations: [evaluation], calls: [] })).toMatchObject({ status: 'failed', error: null })
    expect(handWrittenRecord({ ...base, failed: true, errors: [{ name: 'AssertionError', message: 'expected 1 to be 2' }], evaluations: [], calls: [] })).toMatchObject({
      status: 'failed',
      error: { class: 'assertion', message: 'expected 1 to be 2' },
    })
  })

  test('failed with a failed model call: an error of that call class; a timeout is a timeout', () => {
    const failedCall = call({ usage: { inputTokens: null, outputTokens: null, source: 'none' }, cost: null, timings: null, error: { class: 'rate_limit', message: 'openai:m: [rate_limit] 429' } })
    expect(handWrittenRecord({ ...base, failed: true, errors: [], evaluations: [], calls: [call(), failedCall] })).toMatchObject({ status: 'error', error: { class: 'rate_limit' }, cost: 0.001 })
    const timedOut = { ...failedCall, error: { class: 'timeout', message: 't' } }
    expect(handWrittenRecord({ ...base, failed: true, errors: [], evaluations: [], calls: [timedOut] }).status).toBe('timeout')
  })

  test('every call replayed: a replayed record', () => {
    const record = handWrittenRecord({ ...base, failed: false, errors: [], evaluations: [], calls: [call({ cached: true, cost: 0 })] })
    expect(record).toMatchObject({ cached: true, replayed: true, cost: 0 })
  })
})
