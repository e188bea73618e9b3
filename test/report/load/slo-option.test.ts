import { describe, expect, test } from 'vitest'
import { resolveOptions } from '../../../src/config/options.ts'

describe('the slo option and the load gates, as the config loads', () => {
  test('valid forms resolve as given', () => {
    const o = resolveOptions({ slo: { ttftMs: 500, tpotMs: 50 }, gates: { minGoodput: { 'concurrency=4': 3.5 }, maxP95TtftMs: 800 } })
    expect(o.slo).toEqual({ ttftMs: 500, tpotMs: 50 })
    expect(o.gates).toMatchObject({ minGoodput: { 'concurrency=4': 3.5 }, maxP95TtftMs: 800 })
    expect(resolveOptions({}).slo).toBeUndefined()
  })

  test('a bad bound, an unknown SLO and a negative gate are refused, each naming its field', () => {
    expect(() => resolveOptions({ slo: { ttftMs: -1 } })).toThrow(/slo\.ttftMs/)
    expect(() => resolveOptions({ slo: { ttft: 500 } as never })).toThrow(/slo.*ttft/)
    expect(() => resolveOptions({ gates: { minGoodput: { 'concurrency=4': -2 } } })).toThrow(/gates\.minGoodput/)
  })
})
