import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { buildFromLogs, NothingUsableError, writeFromLogs } from '../../../src/dataset/from-logs/build.ts'
import { loadDataset } from '../../../src/dataset/load.ts'
import { tempDir } from '../helpers.ts'
import { log, options } from './helpers.ts'

const ALL = ['production.jsonl', 'openai.jsonl', 'results.jsonl', 'pii.jsonl', 'duplicates.jsonl', 'bad.jsonl'].map(log)

describe('dataset from-logs: the written dataset', () => {
  test("passes the project's own dataset loader, with every case's origin, feedback and (when asked) expected output", async () => {
    const out = path.join(tempDir(), 'prod.dataset.yaml')
    const result = await writeFromLogs(options(ALL, out, { expected: 'output' }))
    const dataset = loadDataset(out, { knownMatchers: new Set() })
    expect(dataset.name).toBe('prod')
    expect(dataset.cases).toHaveLength(result.cases)
    const first = dataset.cases.find((testCase) => testCase.id === 'production-1')
    expect(first?.expected).toBe('Answer 1 for billing.')
    expect(first?.category).toBe('billing')
    expect(first?.metadata).toMatchObject({ feedback: { score: 0, comment: 'wrong answer' }, origin: { file: 'fixtures/logs/production.jsonl', line: 1, format: 'jsonl', id: 'req-001', timestamp: '2026-06-30T12:00:00.000Z' } })
    // `{{` in production text is written escaped (`\{{`), so the model is sent the text as it was logged
    expect(result.text).toContain('Summarise: the \\\\{{weather}} today is sunny.')
    expect(dataset.cases.find((testCase) => testCase.id === 'openai-3')?.messages?.[0]?.content).toBe('Summarise: the {{weather}} today is sunny.')
    expect(dataset.cases.find((testCase) => testCase.id === 'results-1')?.prompt).toContain('<h1>{{ title }}</h1>')
  })

  test('the production output is neither expected nor a reference unless asked; --expected reference makes it a reference', async () => {
    const none = await buildFromLogs(options([log('production.jsonl')], 'x.dataset.yaml'))
    expect(none.dataset.test_cases?.some((testCase) => testCase.expected !== undefined || testCase.references !== undefined)).toBe(false)
    const reference = await buildFromLogs(options([log('production.jsonl')], 'x.dataset.yaml', { expected: 'reference' }))
    expect(reference.dataset.test_cases?.[0]?.references).toEqual(['Answer 1 for billing.'])
    expect(reference.dataset.test_cases?.[0]?.expected).toBeUndefined()
  })

  test('is byte-identical for the same seed, and differs for another seed', async () => {
    const dir = tempDir()
    const write = async (name: string, seed: number): Promise<string> => {
      const out = path.join(dir, name)
      await writeFromLogs(options(ALL, out, { count: 20, seed }))
      return readFileSync(out, 'utf8')
    }
    const a = await write('a.dataset.yaml', 7)
    const b = await write('b.dataset.yaml', 7)
    expect(a.replace('name: a', '')).toBe(b.replace('name: b', ''))
    const c = await write('c.dataset.yaml', 8)
    expect(c.replace('name: c', '')).not.toBe(a.replace('name: a', ''))
  })

  test('--count larger than what is available takes every line and says so', async () => {
    const result = await buildFromLogs(options([log('production.jsonl')], 'x.dataset.yaml', { count: 1000 }))
    expect(result.cases).toBe(60)
    expect(result.short).toBe(true)
  })

  test('fails only when nothing usable remains, with the bad lines', async () => {
    const error = await buildFromLogs(options([log('all-bad.jsonl')], 'x.dataset.yaml')).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(NothingUsableError)
    expect((error as NothingUsableError).problems.map((problem) => problem.line)).toEqual([1, 2, 3])
  })
})

describe('dataset from-logs: filters', () => {
  test('--since keeps lines at or after the date (lines without a timestamp are left out)', async () => {
    // production.jsonl: one line a day, 2026-06-30 back to 2026-05-02
    const since = Date.parse('2026-06-21T00:00:00Z')
    const result = await buildFromLogs(options([log('production.jsonl'), log('openai.jsonl')], 'x.dataset.yaml', { since }))
    expect(result.dataset.test_cases?.map((testCase) => testCase.id)).toEqual(['production-1', 'production-2', 'production-3', 'production-4', 'production-5', 'production-6', 'production-7', 'production-8', 'production-9', 'production-10'])
    expect(result.filtered).toBe(54)
  })

  test('--require-labels keeps only lines with feedback', async () => {
    const result = await buildFromLogs(options([log('production.jsonl'), log('openai.jsonl')], 'x.dataset.yaml', { requireLabels: true }))
    // lines 1-6 and every odd line after: 6 + 27, plus the thumbs-down OpenAI line
    expect(result.cases).toBe(34)
    expect(result.dataset.test_cases?.every((testCase) => testCase.metadata?.['feedback'] !== undefined)).toBe(true)
  })
})

describe('dataset from-logs: deduplication', () => {
  test('exact: equal after case, whitespace and punctuation are normalised; near: shingled Jaccard ≥ 0.8', async () => {
    const near = await buildFromLogs(options([log('duplicates.jsonl')], 'x.dataset.yaml'))
    expect(near.dataset.test_cases?.map((testCase) => testCase.metadata?.['origin'])).toMatchObject([{ id: 'd1' }, { id: 'd5' }, { id: 'd6' }])
    expect(near.duplicates).toEqual({ exact: 2, near: 1 })
    const exact = await buildFromLogs(options([log('duplicates.jsonl')], 'x.dataset.yaml', { dedup: 'exact' }))
    expect(exact.dataset.test_cases?.map((testCase) => (testCase.metadata?.['origin'] as { id: string }).id)).toEqual(['d1', 'd4', 'd5', 'd6'])
    const none = await buildFromLogs(options([log('duplicates.jsonl')], 'x.dataset.yaml', { dedup: 'none' }))
    expect(none.cases).toBe(6)
    // a stricter threshold keeps the near duplicate (one word of 20 changed: Jaccard about 0.89)
    const strict = await buildFromLogs(options([log('duplicates.jsonl')], 'x.dataset.yaml', { nearThreshold: 0.99 }))
    expect(strict.cases).toBe(4)
  })
})

describe('dataset from-logs: redaction', () => {
  test('no e-mail address, phone number or key survives anywhere in the file; user patterns are applied; dates and short numbers stay', async () => {
    const out = path.join(tempDir(), 'pii.dataset.yaml')
    await writeFromLogs(options([log('pii.jsonl')], out, { expected: 'output', redact: [/ACCT-\d+/g] }))
    const text = readFileSync(out, 'utf8')
    for (const secret of ['jane.doe@example.com', 'j.smith@corp.example.org', 'ops@example.net', '555-2671', '7946 0958', 'sk-proj-Abc123', 'ghp_abc', 'AKIAABCD', 'abcdefghij0123456789XYZ', 'ACCT-778812', '@']) {
      expect(text).not.toContain(secret)
    }
    expect(text).toContain('[email]')
    expect(text).toContain('[phone]')
    expect(text).toContain('[key]')
    expect(text).toContain('Account [redacted]')
    expect(text).toContain('2026-06-02 at 10:30 with code 12345')
    loadDataset(out, { knownMatchers: new Set() })
  })

  test("the run's known secrets (the shared registry: OPENAI_API_KEY) are redacted too", async () => {
    const secret = 'plainsecretvalue-XYZ-000111'
    const dir = tempDir()
    const file = path.join(dir, 'log.jsonl')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(file, `${JSON.stringify({ input: `the key is ${secret} ok` })}\n`)
    const previous = process.env['OPENAI_API_KEY']
    process.env['OPENAI_API_KEY'] = secret
    try {
      const result = await buildFromLogs(options([file], 'x.dataset.yaml', { baseDir: dir }))
      expect(result.text).not.toContain(secret)
      expect(result.text).toContain('the key is [redacted] ok')
    } finally {
      if (previous === undefined) delete process.env['OPENAI_API_KEY']
      else process.env['OPENAI_API_KEY'] = previous
    }
  })
})
