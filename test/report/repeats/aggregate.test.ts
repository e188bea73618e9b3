import { describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { repeatHash } from '../../../src/record/request-hash.ts'
import { RepeatsAggregator, repeatsLines } from '../../../src/report/repeats/aggregate.ts'
import { RepeatGroupSchema } from '../../../src/report/repeats/schema.ts'
import { caseSlotString, resumeKeyString } from '../../../src/runner/resume/keys.ts'

type R = Pick<CaseRecord, 'dataset' | 'provider' | 'caseId' | 'status' | 'repeat'>
const rec = (caseId: string, repeat: number | undefined, status: CaseRecord['status'], provider = 'p'): R => ({ dataset: 'd', provider, caseId, status, ...(repeat === undefined ? {} : { repeat }) })

describe('RepeatsAggregator', () => {
  test('hand-checked figures over 5 repeats; a skipped repeat is no sample, an error a failed one; records without repeat are ignored', () => {
    const agg = new RepeatsAggregator()
    // x: 3 of 5 pass → pass@1 0.6, pass@5 1, pass^5 0
    for (const [i, s] of (['passed', 'failed', 'passed', 'error', 'passed'] as const).entries()) agg.add(rec('x', i, s))
    // y: 4 ran (one skipped), all pass → always passes, pass^4 = 1
    for (const [i, s] of (['passed', 'passed', 'skipped', 'passed', 'passed'] as const).entries()) agg.add(rec('y', i, s))
    // z: only skipped → a case with no sample: not counted in the group
    agg.add(rec('z', 0, 'skipped'))
    agg.add(rec('w', undefined, 'passed'))
    agg.add(rec('x', 0, 'failed', 'other'))
    const groups = agg.result()
    expect(groups.map((g) => g.provider)).toEqual(['other', 'p'])
    const p = RepeatGroupSchema.parse(groups[1])
    expect(p).toMatchObject({ repeats: 5, cases: 2, alwaysPasses: 1, alwaysFails: 0, flaky: 1, flakyIds: ['x'], flakyShare: 0.5 })
    expect(p.meanPassRate).toBeCloseTo((0.6 + 1) / 2, 12)
    expect(p.perCase.map((c) => c.caseId)).toEqual(['x', 'y', 'z'])
    expect(p.perCase[0]).toMatchObject({ trials: 5, passes: 3, passAtN: 1, passHatN: 0, kind: 'flaky' })
    expect(p.perCase[0]?.passAt1).toBeCloseTo(0.6, 12)
    expect(p.perCase[1]).toMatchObject({ trials: 4, passes: 4, passAt1: 1, passAtN: 1, passHatN: 1, kind: 'always-passes' })
    expect(p.perCase[2]).toMatchObject({ trials: 0, passes: 0, passFraction: null, kind: null })
    expect(groups[0]).toMatchObject({ repeats: 1, cases: 1, alwaysFails: 1, meanPassRate: 0 })
    expect(repeatsLines(groups)[1]).toBe('repeats: d › p: 5 per case, mean pass rate 80.0%, flaky: 1/2 (x)')
  })

  test('no record with a repeat: no groups', () => {
    const agg = new RepeatsAggregator()
    agg.add(rec('a', undefined, 'passed'))
    expect(agg.result()).toEqual([])
  })
})

describe('repeat keys', () => {
  test('repeat 0 keeps the request hash and a single sample\'s resume key and slot; later repeats differ from it and from each other', () => {
    const hash = '0123456789abcdef'
    expect(repeatHash(hash, undefined)).toBe(hash)
    expect(repeatHash(hash, 0)).toBe(hash)
    const later = [1, 2, 3].map((i) => repeatHash(hash, i))
    expect(new Set([hash, ...later]).size).toBe(4)
    expect(later.every((h) => /^[0-9a-f]{16}$/.test(h))).toBe(true)
    expect(repeatHash(hash, 2)).toBe(later[1])
    const key = { dataset: 'd', caseId: 'c', provider: 'p' }
    expect(resumeKeyString({ ...key, repeat: 0 })).toBe(resumeKeyString(key))
    expect(resumeKeyString({ ...key, repeat: 2 })).not.toBe(resumeKeyString({ ...key, repeat: 1 }))
    expect(caseSlotString({ ...key, sample: null, repeat: 0 })).toBe(caseSlotString({ ...key, sample: null }))
    expect(caseSlotString({ ...key, sample: null, repeat: 1 })).not.toBe(caseSlotString({ ...key, sample: null }))
  })
})
