import { describe, expect, test } from 'vitest'
import { llmBench } from '../../src/config/llm-bench.ts'
import { VITEST_TIMEOUT_MARGIN_MS, vitestTestTimeout } from '../../src/runner/test-timeout.ts'

const retry = { attempts: 3, baseDelayMs: 100, maxDelayMs: 2_000 }

describe('Vitest’s timeout for a dataset test', () => {
  test('off without a run deadline: nothing may cut a queue wait short', () => {
    expect(vitestTestTimeout({ runDeadlineMs: undefined, timeoutMs: 1_000, retry, calls: 1 })).toBe(0)
    expect(llmBench({ timeoutMs: 1_000 }).test?.testTimeout).toBe(0)
  })

  test('with a run deadline: after it, the longest a call started then may take, and a margin', () => {
    // 3 attempts of 1 s, 2 backoffs of 2 s, an evaluation of 1 s
    expect(vitestTestTimeout({ runDeadlineMs: 60_000, timeoutMs: 1_000, retry, calls: 1 })).toBe(60_000 + 3_000 + 4_000 + 1_000 + VITEST_TIMEOUT_MARGIN_MS)
    // bench mode: every call of the test
    expect(vitestTestTimeout({ runDeadlineMs: 60_000, timeoutMs: 1_000, retry, calls: 6 })).toBe(60_000 + 6 * 8_000 + VITEST_TIMEOUT_MARGIN_MS)
    expect(llmBench({ timeoutMs: 1_000, runDeadlineMs: 60_000 }).test?.testTimeout).toBeGreaterThan(60_000)
  })
})
