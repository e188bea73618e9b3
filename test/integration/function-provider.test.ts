import { existsSync, readFileSync, readdirSync, renameSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { startLlamaServer, type LlamaServer } from '../helpers/llama-server.ts'
import { cleanupAll, configSource, createProject, describeRun, SRC_INDEX, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * Function providers (the user's own TypeScript code, imported through Vite in
 * the worker) through the whole runner, in a child Vitest: one wrapping two real
 * llama-server calls per case, one streaming chunks, one throwing, one hanging
 * past its timeout; then the recordings replayed with the server gone.
 */

const SECRET = 's3cr3t-fn-token-9f8e7d'

// the user's app: two model calls per case through provider() (the story model on llama-server's completions
// endpoint, configured as the provider 'story'), each logged to calls.log so the test counts real calls
const APP = `import { appendFileSync } from 'node:fs'
import { provider, type FunctionProviderInput } from ${JSON.stringify(SRC_INDEX)}

async function complete(prompt: string, maxTokens: number, signal: AbortSignal): Promise<string> {
  appendFileSync('calls.log', prompt.replace(/\\n/g, ' ') + '\\n')
  const answer = await provider('story').complete({ prompt, params: { max_tokens: maxTokens, temperature: 0, seed: 1 }, signal })
  return answer.output
}

export async function answer({ prompt, vars, expected, metadata, caseId, params, signal }: FunctionProviderInput) {
  const first = await complete(prompt ?? '', params.max_tokens ?? 8, signal)
  const second = await complete((prompt ?? '') + first, params.max_tokens ?? 8, signal)
  const head = '[' + [caseId, String(vars.hero), String(metadata.tag), String(expected)].join('|') + ']'
  return { output: head + first + second, model: 'app', cost: 0.0025 }
}
`

// an enum: beyond Node's type stripping, so this runs only because the worker imports it through Vite
const STREAM = `const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

enum Delay {
  First = 150,
  Between = 60,
}

export default async function* stream({ prompt }: { prompt?: string }): AsyncGenerator<string> {
  await sleep(Delay.First)
  for (const word of ['Once', ' upon', ' a', ' time', ' ' + (prompt ?? '').length]) {
    yield word
    await sleep(Delay.Between)
  }
}
`

const THROWS = `import { defineProvider } from ${JSON.stringify(SRC_INDEX)}

function parse(text: string): never {
  throw new Error('cannot parse the answer (token ' + process.env.FN_SECRET + ')')
}

export const fails = defineProvider({
  id: 'throws',
  async complete({ prompt }) {
    return parse(prompt ?? '')
  },
})
`

// never answers and ignores its signal: only the attempt's timeout ends it
const HANG = `export default function hang(): Promise<string> {
  return new Promise(() => undefined)
}
`

const APP_DATASET = `name: fn-app
defaults:
  max_tokens: 8
assert:
  - toMatchRegex: { pattern: '\\S' }
test_cases:
  - id: girl
    prompt: "Once upon a time, {{hero}} went"
    variables: { hero: Lily }
    expected: happy
    metadata: { tag: t1 }
    config: { providers: [app] }
  - id: shared
    prompt: "One day, a little dog"
    variables: { hero: Max }
    config: { providers: [app, stream] }
`

const FAULTS_DATASET = `name: fn-faults
defaults:
  timeout_ms: 1500
test_cases:
  - id: boom
    prompt: "Tell me"
    config: { providers: [throws] }
  - id: hang1
    prompt: "Wait 1"
    config: { providers: [hang] }
  - id: hang2
    prompt: "Wait 2"
    config: { providers: [hang] }
`

const PROVIDERS = (baseURL: string): string => `[
  { type: 'openai', model: 'stories', baseURL: ${JSON.stringify(baseURL)}, api: 'completions', stream: false, id: 'story', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', price: { input: 100, output: 200 } },
  { type: 'function', module: './src/app.ts', export: 'answer', id: 'app' },
  { type: 'function', module: './src/stream.ts', id: 'stream' },
  { type: 'function', module: './src/throws.ts', export: 'fails', id: 'throws' },
  { type: 'function', module: './src/hang.ts', id: 'hang', concurrency: 1 },
]`

let server: LlamaServer
let project: TestProject
let first: VitestRun
let replay: VitestRun
let firstCases: CaseRecord[]
let firstJsonl: string
let replayCases: CaseRecord[]
let callsAfterFirst: string[]
let callsAfterReplay: string[]

const calls = (): string[] => (existsSync(path.join(project.dir, 'calls.log')) ? readFileSync(path.join(project.dir, 'calls.log'), 'utf8').split('\n').filter(Boolean) : [])

beforeAll(async () => {
  server = await startLlamaServer({ parallel: 2 })
  project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', cache: 'record', redact: [${JSON.stringify(SECRET)}], providers: ${PROVIDERS(server.baseURL)} }`),
    files: {
      'src/app.ts': APP,
      'src/stream.ts': STREAM,
      'src/throws.ts': THROWS,
      'src/hang.ts': HANG,
      'datasets/app.dataset.yaml': APP_DATASET,
      'datasets/faults.dataset.yaml': FAULTS_DATASET,
    },
  })
  first = await project.run(['run', '--reporter=verbose'], { timeoutMs: 120_000, env: { LLAMA_URL: server.baseURL, FN_SECRET: SECRET } })
  callsAfterFirst = calls()
  firstCases = first.results().cases
  firstJsonl = readFileSync(path.join(first.runDir(), 'results.jsonl'), 'utf8')
  renameSync(path.join(project.dir, 'bench-results'), path.join(project.dir, 'bench-results-first'))
  await server.stop()
  // the server is gone: the app's cases are answered from __recordings__ or not at all
  replay = await project.run(['run', 'datasets/app'], { timeoutMs: 120_000, env: { LLAMA_URL: server.baseURL, LLM_BENCH_CACHE: 'replay' } })
  callsAfterReplay = calls()
  replayCases = replay.runDirs().length === 1 ? replay.results().cases : []
}, 300_000)

afterAll(async ({}, suite) => {
  await server?.stop()
  await cleanupAll(suite)
})

function record(run: VitestRun, caseId: string, provider: string): CaseRecord {
  const found = (run === first ? firstCases : replayCases).filter((r) => r.caseId === caseId && r.provider === provider)
  expect(found, `${caseId} › ${provider}\n${describeRun(run)}`).toHaveLength(1)
  return found[0] as CaseRecord
}

describe('function providers through the runner', () => {
  test('every case has its record: the app and stream cases pass, the faults fail the run', () => {
    expect(first.code, describeRun(first)).toBe(1)
    expect(firstCases.map((r) => `${r.caseId} › ${r.provider}: ${r.status}`).sort()).toEqual([
      'boom › throws: error',
      'girl › app: passed',
      'hang1 › hang: timeout',
      'hang2 › hang: timeout',
      'shared › app: passed',
      'shared › stream: passed',
    ])
  })

  test('the app makes two real llama-server calls per case through provider(): it gets the case, both calls are in its record and its sums', () => {
    expect(callsAfterFirst).toHaveLength(4)
    const girl = record(first, 'girl', 'app')
    expect(girl.providerType).toBe('function')
    // the rendered prompt, the case's variables, expected value and metadata reached the function
    expect(callsAfterFirst).toContain('Once upon a time, Lily went')
    expect(girl.output).toMatch(/^\[girl\|Lily\|t1\|happy\] ?\S/)
    expect(record(first, 'shared', 'app').output).toMatch(/^\[shared\|Max\|undefined\|null\]/)
    expect(girl.model).toBe('app')
    const calls = girl.calls ?? []
    expect(calls.map((c) => c.provider)).toEqual(['story', 'story'])
    for (const call of calls) {
      expect(call.usage.outputTokens).toBeGreaterThan(0)
      expect(call.usage.outputTokens).toBeLessThanOrEqual(8)
    }
    const sum = (pick: (u: CaseRecord['usage']) => number | null): number => calls.reduce((n, c) => n + (pick(c.usage) ?? 0), 0)
    expect(girl.usage.outputTokens).toBe(sum((u) => u.outputTokens))
    expect(girl.usage.inputTokens).toBe(sum((u) => u.inputTokens))
    // the function's own cost plus both calls' (priced at the story provider's price)
    expect(calls.every((c) => typeof c.cost === 'number' && c.cost > 0)).toBe(true)
    expect(girl.cost).toBeCloseTo(0.0025 + calls.reduce((n, c) => n + (c.cost ?? 0), 0), 12)
    expect(girl.timings?.streamed).toBe(false)
    expect(girl.attempts).toBe(1)
  })

  test('a function that streams chunks: TTFT, ITL and TPOT are measured', () => {
    const r = record(first, 'shared', 'stream')
    expect(r.output).toBe(`Once upon a time ${'One day, a little dog'.length}`)
    const t = r.timings!
    expect(t.streamed).toBe(true)
    expect(t.ttftMs!).toBeGreaterThanOrEqual(140)
    expect(t.itlMs).toHaveLength(4)
    for (const gap of t.itlMs) expect(gap).toBeGreaterThanOrEqual(50)
    expect(t.e2eMs).toBeGreaterThanOrEqual(t.ttftMs! + 4 * 55)
    expect(t.tpotMs).toBeCloseTo((t.e2eMs - t.ttftMs!) / 4, 6)
    // a bare stream of text says nothing of tokens or cost
    expect(r.usage.source).toBe('none')
    expect(r.cost).toBeNull()
    expect(r.costNote).toBe('the function returned neither a cost nor token usage')
  })

  test('what a function throws is a function_error with its message and its stack in the user file, redacted', () => {
    const r = record(first, 'boom', 'throws')
    expect(r.error?.class).toBe('function_error')
    expect(r.error?.message).toContain('cannot parse the answer')
    expect(r.error?.stack).toContain('cannot parse the answer')
    expect(r.error?.stack).toMatch(/src[\\/]throws\.ts:4/)
    expect(r.attempts).toBe(1)
    const everything = [JSON.stringify(r), firstJsonl, first.stdout, first.stderr].join('\n')
    expect(everything).not.toContain(SECRET)
    expect(r.error?.message).toContain('[redacted]')
    expect(r.error?.stack).toContain('[redacted]')
  })

  test('a function that hangs past its timeout: timeout, and its slot is freed for the next case', () => {
    const one = record(first, 'hang1', 'hang')
    const two = record(first, 'hang2', 'hang')
    for (const r of [one, two]) {
      expect(r.status).toBe('timeout')
      expect(r.error?.class).toBe('timeout')
      expect(r.error?.message).toContain('1500 ms')
    }
    // concurrency 1: the second ran only once the first's slot was freed at its timeout
    const [a, b] = [one, two].sort((x, y) => Date.parse(x.endedAt) - Date.parse(y.endedAt)) as [CaseRecord, CaseRecord]
    expect(Date.parse(b.endedAt) - Date.parse(a.endedAt)).toBeGreaterThanOrEqual(1400)
  })

  test('recordings: each function has its own (module and export in the request hash)', () => {
    const app = record(first, 'shared', 'app')
    const stream = record(first, 'shared', 'stream')
    expect(app.prompt).toBe(stream.prompt)
    expect(app.requestHash).not.toBe(stream.requestHash)
    const files = readdirSync(path.join(project.dir, 'datasets', '__recordings__'))
    expect(files.some((f) => f.startsWith('app.dataset'))).toBe(true)
  })

  test('replayed with the server gone: passes, 0 calls, the recorded outputs', () => {
    expect(replay.code, describeRun(replay)).toBe(0)
    expect(callsAfterReplay).toEqual(callsAfterFirst)
    for (const [caseId, provider] of [['girl', 'app'], ['shared', 'app'], ['shared', 'stream']] as const) {
      const r = record(replay, caseId, provider)
      expect(r.status).toBe('passed')
      expect(r.cached).toBe(true)
      expect(r.output).toBe(record(first, caseId, provider).output)
    }
  })
})
