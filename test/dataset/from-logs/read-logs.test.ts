import { describe, expect, test } from 'vitest'
import { readLogs } from '../../../src/dataset/from-logs/read-logs.ts'
import { log } from './helpers.ts'

describe('dataset from-logs: reading log lines', () => {
  test('the production-sample format: input, output, feedback, metadata, timestamp and id are kept', async () => {
    const { entries, problems, formats } = await readLogs([log('production.jsonl')])
    expect(problems).toEqual([])
    expect(formats).toEqual({ jsonl: 60, openai: 0, results: 0 })
    expect(entries[0]).toMatchObject({
      line: 1,
      format: 'jsonl',
      id: 'req-001',
      timestamp: '2026-06-30T12:00:00.000Z',
      prompt: 'Question 1 about billing: how do I handle case number 3 in the billing workflow?',
      output: 'Answer 1 for billing.',
      feedback: { score: 0, comment: 'wrong answer' },
      metadata: { category: 'billing', user_tier: 'pro' },
    })
  })

  test('OpenAI chat-completions logs: {request, response}, request.body/response.body, Batch input lines, text parts, developer role', async () => {
    const { entries, problems } = await readLogs([log('openai.jsonl')])
    expect(problems).toEqual([])
    expect(entries.map((entry) => entry.format)).toEqual(['openai', 'openai', 'openai', 'openai'])
    expect(entries[0]).toMatchObject({ output: 'Your order ships tomorrow.', id: 'chatcmpl-aaa', timestamp: '2026-06-01T09:00:00Z', metadata: { model: 'gpt-4o-mini', category: 'shipping' } })
    expect(entries[0]?.messages).toEqual([
      { role: 'system', content: 'You are a support agent.' },
      { role: 'user', content: 'Where is my order #1234?' },
    ])
    // wrapped bodies; parts joined; developer → system; the response's `created` (epoch s) is the timestamp
    expect(entries[1]).toMatchObject({ output: 'Bonjour.', id: 'chatcmpl-bbb', feedback: { thumbs: 'down' }, timestamp: new Date(1780390800 * 1000).toISOString() })
    expect(entries[1]?.messages).toEqual([
      { role: 'system', content: 'Answer briefly.' },
      { role: 'user', content: "Translate 'hello' to French." },
    ])
    // a Batch API input line: no response, so no output
    expect(entries[2]).toMatchObject({ id: 'batch-req-7' })
    expect(entries[2]?.output).toBeUndefined()
    expect(entries[3]?.messages?.map((message) => message.role)).toEqual(['user', 'assistant', 'user'])
  })

  test("this tool's results.jsonl: prompt, output, case id, category, start time, evaluations as feedback", async () => {
    const { entries, problems, formats } = await readLogs([log('results.jsonl')])
    expect(problems).toEqual([])
    expect(formats.results).toBe(3)
    expect(entries[0]).toMatchObject({ format: 'results', id: 'simple-component-props', timestamp: '2026-12-06T06:15:04.386Z', metadata: { category: 'vue-refactoring', provider: 'local', status: 'failed' } })
    expect(entries[0]?.prompt).toContain('You are a Vue.js expert')
    expect(typeof entries[0]?.feedback?.['score']).toBe('number')
    expect(entries[0]?.feedback?.['pass']).toBe(false)
  })

  test('bad lines (malformed JSON, unknown shape, empty input, invalid fields, not an object) are reported with their line and skipped; blank lines are ignored', async () => {
    const { entries, problems, lines } = await readLogs([log('bad.jsonl')])
    expect(entries.map((entry) => entry.line)).toEqual([1, 8])
    expect(lines).toBe(7)
    expect(problems.map((problem) => [problem.line, problem.reason.split(':')[0]])).toEqual([
      [2, 'malformed JSON'],
      [3, 'unknown shape'],
      [5, 'empty input'],
      [6, 'invalid jsonl line'],
      [7, 'unknown shape'],
    ])
    expect(problems[0]?.file).toBe(log('bad.jsonl'))
    expect(problems[3]?.reason).toContain('messages.0.role')
    expect(problems[4]?.reason).toContain('found a list')
  })

  test("a malformed line's text is not repeated in its problem (it may hold personal data)", async () => {
    const { problems } = await readLogs([log('bad.jsonl')])
    expect(problems[0]?.reason).toBe('malformed JSON')
  })
})
