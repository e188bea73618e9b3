import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { startLlamaServer, type LlamaServer } from '../helpers/llama-server.ts'
import { cleanupAll, configSource, createProject, describeRun, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * The `openai` provider against a real llama.cpp llama-server, through the whole
 * runner (child Vitest, dataset, limiter, reporter): chat and completions, each
 * streamed and not, plus the string form of a spec. Every number in a record is
 * checked against what the server itself says.
 */

const MAX_TOKENS = 20
const DATASET = `name: ls-stories
defaults:
  temperature: 0
  seed: 42
  max_tokens: ${MAX_TOKENS}
assert:
  - toMatchRegex: { pattern: '\\S' }
test_cases:
  - id: girl
    prompt: "Once upon a time, there was a little girl named"
  - id: dog
    prompt: "One day, a little dog"
`
const CASES: Record<string, string> = {
  girl: 'Once upon a time, there was a little girl named',
  dog: 'One day, a little dog',
}

interface Variant {
  id: string
  api: 'chat' | 'completions'
  stream: boolean
}
const VARIANTS: Variant[] = [
  { id: 'ls-chat-stream', api: 'chat', stream: true },
  { id: 'ls-chat-nostream', api: 'chat', stream: false },
  { id: 'ls-compl-stream', api: 'completions', stream: true },
  { id: 'ls-compl-nostream', api: 'completions', stream: false },
]

let server: LlamaServer
let project: TestProject
let run: VitestRun
let stringId: string
let sdk: OpenAI

beforeAll(async () => {
  server = await startLlamaServer({ parallel: 4 })
  sdk = new OpenAI({ apiKey: 'sk-no-key', baseURL: server.baseURL, maxRetries: 0 })
  // the very first request after start is slower (one-off warm-up)
  await sdk.completions.create({ model: 'stories', prompt: 'Once', max_tokens: 4 })
  stringId = `openai:stories@${server.baseURL}`
  const providers = [
    ...VARIANTS.map((v) => ({ type: 'openai', model: 'stories', baseURL: server.baseURL, api: v.api, stream: v.stream, id: v.id, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY' })),
    stringId,
  ]
  project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)} }`),
    files: { 'datasets/ls.dataset.yaml': DATASET },
  })
  run = await project.run(['run', '--reporter=verbose'], { timeoutMs: 120_000, env: { OPENAI_API_KEY: undefined } })
}, 180_000)

afterAll(async ({}, suite) => {
  await server?.stop()
  await cleanupAll(suite)
})

function record(caseId: string, provider: string): CaseRecord {
  const found = run.results().cases.filter((r) => r.caseId === caseId && r.provider === provider)
  expect(found, `${caseId} › ${provider}`).toHaveLength(1)
  return found[0] as CaseRecord
}

/** The same request sent straight through the SDK, not streamed: the server's own answer. */
async function direct(api: 'chat' | 'completions', prompt: string): Promise<{ inputTokens: number; outputTokens: number; finish: string }> {
  const params = { model: 'stories', temperature: 0, seed: 42, max_tokens: MAX_TOKENS }
  const res =
    api === 'chat'
      ? await sdk.chat.completions.create({ ...params, messages: [{ role: 'user', content: prompt }] })
      : await sdk.completions.create({ ...params, prompt })
  return { inputTokens: res.usage?.prompt_tokens ?? -1, outputTokens: res.usage?.completion_tokens ?? -1, finish: res.choices[0]?.finish_reason ?? '' }
}

describe('the openai provider on a real llama-server, through the runner', () => {
  test('the run passes: 2 cases × 5 providers, tests named <case> › <provider id>', () => {
    expect(run.code, describeRun(run)).toBe(0)
    for (const id of Object.keys(CASES)) {
      for (const provider of [...VARIANTS.map((v) => v.id), stringId]) expect(run.stdout).toContain(`> ls-stories > ${id} › ${provider}`)
    }
    const results = run.results()
    expect(results.cases).toHaveLength(10)
    expect(results.summary).toMatchObject({ cases: 10, passed: 10, errored: 0 })
    expect(run.jsonl()).toHaveLength(10)
  })

  for (const v of VARIANTS) {
    test(`${v.id}: output, usage = the server's count, timings, finish reason`, async () => {
      for (const [caseId, prompt] of Object.entries(CASES)) {
        const r = record(caseId, v.id)
        expect(r.status).toBe('passed')
        expect(r.providerType).toBe('openai')
        expect(r.output?.trim().length ?? 0).toBeGreaterThan(0)
        expect(r.usage.source).toBe('provider')
        expect(r.usage.inputTokens).toBeGreaterThan(0)
        const n = r.usage.outputTokens ?? 0
        expect(n).toBeGreaterThan(1)
        expect(n).toBeLessThanOrEqual(MAX_TOKENS)
        // llama.cpp's own count of the tokens it predicted for this very request
        expect(r.serverTimings?.['predicted_n'], JSON.stringify(r.serverTimings)).toBe(n)
        // and the same request made directly through the SDK gives the same counts and finish reason (greedy
        // decoding; the text itself is not compared: llama.cpp does not promise bit-identical logits when
        // requests share a batch, as the runner's concurrent ones do)
        const d = await direct(v.api, prompt)
        expect(n).toBe(d.outputTokens)
        expect(r.usage.inputTokens).toBe(d.inputTokens)
        expect(r.finishReason).toBe(d.finish)
        expect(['stop', 'length']).toContain(r.finishReason)
        expect(r.finishReason === 'length').toBe(n === MAX_TOKENS)

        const t = r.timings!
        expect(t).not.toBeNull()
        expect(t.streamed).toBe(v.stream)
        expect(t.e2eMs).toBeGreaterThan(0)
        expect(t.queueMs).toBeGreaterThanOrEqual(0)
        if (v.stream) {
          expect(t.ttftMs).not.toBeNull()
          expect(t.ttftMs!).toBeGreaterThan(0)
          expect(t.ttftMs!).toBeLessThanOrEqual(t.e2eMs)
          expect(t.tpotMs).not.toBeNull()
          expect(t.tpotMs!).toBeCloseTo((t.e2eMs - t.ttftMs!) / (n - 1), 9)
          expect(t.itlMs.length).toBeGreaterThanOrEqual(n - 1)
          expect(t.itlMs.length).toBeLessThanOrEqual(n + 1)
        } else {
          expect(t.ttftMs).toBeNull()
          expect(t.tpotMs).toBeNull()
          expect(t.itlMs).toEqual([])
        }
      }
    })
  }

  test('the string form openai:stories@<baseURL> is chat + stream, with its string as id', () => {
    for (const caseId of Object.keys(CASES)) {
      const r = record(caseId, stringId)
      const same = record(caseId, 'ls-chat-stream')
      expect(r.status).toBe('passed')
      expect(r.timings?.streamed).toBe(true)
      expect(r.timings?.ttftMs).not.toBeNull()
      expect(r.serverTimings?.['predicted_n']).toBe(r.usage.outputTokens)
      // the same endpoint and request as the chat+stream object: same request hash, same prompt tokens
      expect(r.requestHash).toBe(same.requestHash)
      expect(r.prompt).toBe(same.prompt)
      expect(r.usage.inputTokens).toBe(same.usage.inputTokens)
      expect(r.output?.trim().length ?? 0).toBeGreaterThan(0)
    }
  })

  test('the table has one row per provider and the token total of the records', () => {
    const results = run.results()
    expect(results.byDatasetProvider.map((b) => b.provider).sort()).toEqual([...VARIANTS.map((v) => v.id), stringId].sort())
    for (const v of VARIANTS) expect(run.stdout).toMatch(new RegExp(`^ls-stories\\s+${v.id}\\s+2\\s+2\\s+0\\s+0\\s+100\\.0%`, 'm'))
    const total = results.cases.reduce((s, r) => s + (r.usage.inputTokens ?? 0) + (r.usage.outputTokens ?? 0), 0)
    expect(results.summary.tokens.total).toBe(total)
    // a streamed TTFT p50 exists for the streamed providers only
    for (const b of results.byProvider) {
      const streamed = b.provider !== 'ls-chat-nostream' && b.provider !== 'ls-compl-nostream'
      expect(b.stats.ttftMs.p50 === null, b.provider).toBe(!streamed)
    }
  })
})
