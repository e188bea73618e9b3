import { describe, expect, it } from 'vitest'
import { classifyCase, summarizeRepeats } from '../../../src/report/stats/flakiness.ts'

describe('flakiness', () => {
  it('classifies a case by its repeats', () => {
    expect(classifyCase({ id: 'a', passes: 3, trials: 3 })).toMatchObject({ kind: 'always-passes', passFraction: 1 })
    expect(classifyCase({ id: 'b', passes: 0, trials: 3 })).toMatchObject({ kind: 'always-fails', passFraction: 0 })
    expect(classifyCase({ id: 'c', passes: 2, trials: 3 })).toMatchObject({ kind: 'flaky', passFraction: 2 / 3 })
  })

  it('summarises a group: mean pass rate over repeats, share and ids of flaky cases', () => {
    const group = summarizeRepeats([
      { id: 'a', passes: 3, trials: 3 },
      { id: 'b', passes: 0, trials: 3 },
      { id: 'c', passes: 2, trials: 3 },
      { id: 'd', passes: 1, trials: 3 },
    ])
    expect(group).toEqual({ cases: 4, meanPassRate: (1 + 0 + 2 / 3 + 1 / 3) / 4, alwaysPasses: 1, alwaysFails: 1, flaky: 2, flakyShare: 0.5, flakyIds: ['c', 'd'] })
  })
})
