import { afterAll, describe, expect, test } from 'vitest'
import toSatisfyRubric from '../../../src/evaluators/matchers/to-satisfy-rubric.ts'
import { closeJudges, resolveJudgeSpec } from '../../../src/evaluators/judge/judge-provider.ts'
import { buildJudgeMessages } from '../../../src/evaluators/judge/prompt.ts'
import { normalizeRubric, weightedScore } from '../../../src/evaluators/judge/rubric.ts'
import { parseVerdict } from '../../../src/evaluators/judge/verdict.ts'
import type { ResolvedCase } from '../../../src/dataset/types.ts'
import { startScriptedServer } from './scripted-server.ts'

afterAll(() => closeJudges())

const CRITERIA = normalizeRubric([
  { name: 'correct', description: 'The answer is factually correct.', weight: 3 },
  { name: 'concise', description: 'The answer is short.' },
])

const VALID = JSON.stringify({
  criteria: [
    { name: 'correct', score: 1, reasoning: 'Paris is right.' },
    { name: 'concise', score: 0.5, reasoning: 'A bit long.' },
  ],
})

describe('rubric and weighting', () => {
  test('a string rubric is one criterion; weights default to 1', () => {
    expect(normalizeRubric('Be polite')).toEqual([{ name: 'rubric', description: 'Be polite', weight: 1 }])
    expect(CRITERIA.map((c) => c.weight)).toEqual([3, 1])
  })
  test('duplicate names, all-zero weights and empty rubrics are errors', () => {
    expect(() => normalizeRubric([{ name: 'a', description: 'x' }, { name: 'A', description: 'y' }])).toThrow(/used twice/)
    expect(() => normalizeRubric([{ name: 'a', description: 'x', weight: 0 }])).toThrow(/weight 0/)
    expect(() => normalizeRubric([])).toThrow(/invalid rubric/)
  })
  test('score = weighted mean', () => {
    expect(weightedScore(CRITERIA, new Map([['correct', 1], ['concise', 0.5]]))).toBeCloseTo(0.875)
    expect(weightedScore(CRITERIA, new Map([['correct', 0], ['concise', 1]]))).toBeCloseTo(0.25)
  })
})

describe('judge prompt', () => {
  test('has the criteria, the case prompt and expected answer, the output and the JSON shape', () => {
    const [system, user] = buildJudgeMessages(CRITERIA, 'The capital is Paris.', { prompt: 'Capital of France?', expected: 'Paris' })
    expect(system?.role).toBe('system')
    expect(user?.content).toContain('- correct: The answer is factually correct.')
    expect(user?.content).toContain('- concise: The answer is short.')
    expect(user?.content).toContain('PROMPT given to the assistant:\n<<<\nCapital of France?\n>>>')
    expect(user?.content).toContain('EXPECTED (reference) answer:\n<<<\nParis\n>>>')
    expect(user?.content).toContain('OUTPUT to grade:\n<<<\nThe capital is Paris.\n>>>')
    expect(user?.content).toContain('"name": "correct", "score": <number 0..1>')
  })
  test('leaves out the prompt and expected when unknown; an output cannot close its block', () => {
    const [, user] = buildJudgeMessages(CRITERIA, 'x >>> y')
    expect(user?.content).not.toContain('PROMPT')
    expect(user?.content).not.toContain('EXPECTED')
    expect(user?.content).toContain('x > > > y')
  })
})

describe('verdict validation', () => {
  test('valid JSON, also fenced or after prose', () => {
    const ok = parseVerdict(VALID, CRITERIA)
    expect(ok).toMatchObject({ ok: true, verdict: { scale: 1, criteria: [{ name: 'correct', score: 1, weight: 3 }, { name: 'concise', score: 0.5 }] } })
    expect(parseVerdict(`Here you go:\n\`\`\`json\n${VALID}\n\`\`\``, CRITERIA).ok).toBe(true)
  })
  test('0..10 scores are normalised; names match case-insensitively', () => {
    const answer = JSON.stringify({ criteria: [{ name: 'Correct', score: 8, reasoning: '' }, { name: 'concise', score: 1, reasoning: '' }], overall: 7 })
    expect(parseVerdict(answer, CRITERIA)).toMatchObject({ ok: true, verdict: { scale: 10, overall: 0.7, criteria: [{ score: 0.8 }, { score: 0.1 }] } })
  })
  test('what is wrong is said', () => {
    expect(parseVerdict('Once upon a time', CRITERIA)).toMatchObject({ ok: false, problem: expect.stringMatching(/no valid JSON/) })
    expect(parseVerdict('', CRITERIA)).toMatchObject({ ok: false, problem: expect.stringMatching(/empty/) })
    expect(parseVerdict('{"criteria": [{"name": "correct", "score": 42}]}', CRITERIA)).toMatchObject({ ok: false, problem: expect.stringMatching(/expected shape/) })
    expect(parseVerdict('{"criteria": [{"name": "correct", "score": 1}]}', CRITERIA)).toMatchObject({ ok: false, problem: 'missing criteria: "concise"' })
  })
})

describe('toSatisfyRubric against a real HTTP judge', () => {
  test('invalid JSON first, then valid: one retry told what was wrong; weighted score; usage and cost apart', async () => {
    const server = await startScriptedServer(['I think it is good!', VALID])
    try {
      const judge = { type: 'openai', model: 'judge-a', baseURL: server.baseURL, stream: false }
      const result = await toSatisfyRubric.evaluate('The capital is Paris.', [...CRITERIA], { judge, min: 0.8, prompt: 'Capital of France?' })
      expect(result).toMatchObject({ pass: true, score: 0.875, threshold: 0.8 })
      expect(result.reason).toMatch(/weighted score 0\.88 >= 0\.80 \(correct 1\.00, concise 0\.50\)/)
      expect(result.details).toMatchObject({
        criteria: [{ name: 'correct', score: 1, reasoning: 'Paris is right.' }, { name: 'concise', score: 0.5 }],
        judge: { calls: 2, attempts: 2, retries: 1, inputTokens: 200, outputTokens: 40, cost: 0 },
        attempts: [{ answer: 'I think it is good!', problem: expect.stringMatching(/no valid JSON/) }, { problem: null }],
      })
      expect(server.requests).toHaveLength(2)
      const [first, second] = server.requests.map((r) => r.body)
      expect(first?.['temperature']).toBe(0)
      const retryMessages = second?.['messages'] as Array<{ role: string; content: string }>
      expect(retryMessages.at(-2)).toEqual({ role: 'assistant', content: 'I think it is good!' })
      expect(retryMessages.at(-1)?.content).toMatch(/^Your answer was not valid: no valid JSON/)
    } finally {
      await server.close()
    }
  })

  test('still invalid after the retries: a failed evaluation with a clear reason, not a crash', async () => {
    const server = await startScriptedServer(['nope'])
    try {
      const result = await toSatisfyRubric.evaluate('out', 'Be helpful', { judge: { type: 'openai', model: 'judge-b', baseURL: server.baseURL, stream: false }, retries: 1 })
      expect(result).toMatchObject({ pass: false, score: 0, threshold: 0.7 })
      expect(result.reason).toMatch(/gave no valid verdict in 2 attempts; last problem: no valid JSON/)
      expect(result.details).toMatchObject({ judge: { calls: 2, retries: 1 } })
      expect(server.requests).toHaveLength(2)
    } finally {
      await server.close()
    }
  })

  test('a dataset case: criteria and judge from the options, prompt and expected from the case', async () => {
    const server = await startScriptedServer([VALID])
    try {
      const testCase = { id: 'c1', prompt: 'Capital of France?', messages: null, expected: 'Paris' } as Partial<ResolvedCase> as ResolvedCase
      const evaluation = await toSatisfyRubric.evaluateCase('Paris.', testCase, {
        criteria: [
          { name: 'correct', description: 'Correct.', weight: 3 },
          { name: 'concise', description: 'Short.' },
        ],
        min: 0.9,
        judge: { type: 'openai', model: 'judge-c', baseURL: server.baseURL, stream: false },
      })
      expect(evaluation).toMatchObject({ name: 'toSatisfyRubric', pass: false, score: 0.875, threshold: 0.9 })
      expect(evaluation.reason).toMatch(/lowest: concise/)
      const user = (server.requests[0]?.body['messages'] as Array<{ content: string }>)[1]?.content
      expect(user).toContain('Capital of France?')
      expect(user).toContain('EXPECTED (reference) answer:\n<<<\nParis')
    } finally {
      await server.close()
    }
  })

  test('no judge configured: an error saying how to set one', () => {
    expect(() => resolveJudgeSpec(undefined, {})).toThrow(/LLM_BENCH_JUDGE=openai:gpt-4o-mini/)
    expect(resolveJudgeSpec(undefined, { LLM_BENCH_JUDGE: 'ollama:llama3.2' })).toMatchObject({ type: 'ollama', model: 'llama3.2' })
  })
})
