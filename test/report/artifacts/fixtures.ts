import type { CaseRecord, Evaluation } from '../../../src/record/schema.ts'

/** A passing, streamed, priced-less case record; `over` replaces any field. */
export function record(over: Partial<CaseRecord> & { caseId: string }): CaseRecord {
  return {
    runId: null,
    dataset: 'd',
    datasetFile: '/x/d.dataset.yaml',
    category: 'c',
    provider: 'p',
    providerType: 'openai',
    model: 'm',
    requestHash: 'h',
    prompt: 'q',
    output: 'a',
    finishReason: 'stop',
    status: 'passed',
    error: null,
    usage: { inputTokens: 10, outputTokens: 5, source: 'provider' },
    cost: null,
    timings: { queueMs: 0, ttftMs: 10, e2eMs: 50, tpotMs: 10, itlMs: [10, 10, 10, 10], streamed: true },
    serverTimings: null,
    attempts: 1,
    retries: 0,
    cached: false,
    evaluations: [{ name: 'toMatchRegex', pass: true, score: 1, threshold: 1, reason: 'ok' }],
    sample: null,
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:01.000Z',
    ...over,
  }
}

/** What a record that never got a response carries. */
export const NO_RESPONSE = {
  output: null,
  finishReason: null,
  timings: null,
  usage: { inputTokens: null, outputTokens: null, source: 'none' as const },
  evaluations: [],
}

export function regex(pass: boolean): Evaluation {
  return { name: 'toMatchRegex', pass, score: pass ? 1 : 0, threshold: 1, reason: pass ? 'matched' : 'no match for /x/' }
}

/** toSatisfyRubric's evaluation with the judge's usage in `details.judge`, as the matcher records it. */
export function rubric(score: number, judge: { calls: number; inputTokens: number | null; outputTokens: number | null; cost: number | null }): Evaluation {
  return {
    name: 'toSatisfyRubric',
    pass: score >= 0.7,
    score,
    threshold: 0.7,
    reason: `judge openai:judge: weighted score ${score}`,
    details: {
      criteria: [],
      judge: { provider: 'openai:judge', model: 'judge', ...judge, costNote: judge.cost === null ? 'no price' : null, attempts: judge.calls, retries: Math.max(0, judge.calls - 1) },
      attempts: [],
    },
  }
}

/** `2026-01-01T00:00:<s>Z` with s in seconds (may be fractional). */
export function at(seconds: number): string {
  return new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString()
}
