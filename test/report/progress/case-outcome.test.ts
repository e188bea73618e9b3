import type { TaskMeta } from 'vitest'
import { describe, expect, test } from 'vitest'
import type { CaseRecord, CaseStatus } from '../../../src/record/schema.ts'
import { caseOutcome } from '../../../src/report/progress/case-outcome.ts'

function record(status: CaseStatus, sample: number | null = null, resumed = false): CaseRecord {
  return {
    runId: null,
    dataset: 'd',
    datasetFile: '/d.dataset.yaml',
    caseId: 'c',
    category: null,
    provider: 'p',
    providerType: 'openai',
    model: 'm',
    requestHash: 'h',
    prompt: 'q',
    output: status === 'passed' ? 'a' : null,
    finishReason: null,
    status,
    error: null,
    usage: { inputTokens: null, outputTokens: null, source: 'none' },
    cost: null,
    timings: null,
    serverTimings: null,
    attempts: 1,
    retries: 0,
    cached: false,
    evaluations: [],
    sample,
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:01.000Z',
    ...(resumed ? { resumed: true as const } : {}),
  }
}

/** A finished test as `caseOutcome` reads it. */
function finished(records: CaseRecord[] | undefined, state: string): { meta(): TaskMeta; result(): { state: string } } {
  const meta: TaskMeta = records
    ? { llmBench: { case: { dataset: 'd', datasetFile: '/d.dataset.yaml', caseId: 'c', category: null, provider: 'p' }, records } }
    : {}
  return { meta: () => meta, result: () => ({ state }) }
}

describe('caseOutcome', () => {
  test("the last record's status, whatever Vitest's state", () => {
    expect(caseOutcome(finished([record('timeout')], 'failed'))).toEqual({ outcome: 'timeout', resumed: false })
    expect(caseOutcome(finished([record('failed')], 'failed'))).toEqual({ outcome: 'failed', resumed: false })
    expect(caseOutcome(finished([record('passed')], 'passed'))).toEqual({ outcome: 'passed', resumed: false })
  })

  test('bench mode: one record per sample, the last speaks for the case', () => {
    expect(caseOutcome(finished([record('passed', 0), record('passed', 1), record('error', 2)], 'failed')).outcome).toBe('error')
  })

  test('resumed only when every record was reused', () => {
    expect(caseOutcome(finished([record('passed', null, true)], 'passed')).resumed).toBe(true)
    expect(caseOutcome(finished([record('passed', 0, true), record('passed', 1)], 'passed')).resumed).toBe(false)
  })

  test('no record: a failed test is an error, a skipped one skipped', () => {
    expect(caseOutcome(finished([], 'failed')).outcome).toBe('error')
    expect(caseOutcome(finished(undefined, 'failed')).outcome).toBe('error')
    expect(caseOutcome(finished(undefined, 'skipped')).outcome).toBe('skipped')
    expect(caseOutcome(finished(undefined, 'passed')).outcome).toBe('passed')
  })
})
