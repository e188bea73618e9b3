import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { messagesText } from '../server/answer.ts'
import { startTestServer, type RequestInfo, type TestServer } from '../server/test-server.ts'
import { cleanupAll, configSource, createProject, describeRun } from '../helpers/run-vitest.ts'

/**
 * Dataset `variants:` on a real child Vitest run against the test server: 2 variants × 2
 * providers × 2 cases are 8 tests named `<case> › <variant> › <provider>`; the server sees each
 * variant's prompt, system prompt and params; records, cases.csv and results.json carry the
 * variant; a recorded run replays with no request.
 */

let server: TestServer
const seen: { model: string; system: string | null; user: string; temperature: unknown }[] = []

function answer(request: RequestInfo): string {
  const body = request.body
  const messages = Array.isArray(body['messages']) ? (body['messages'] as { role: string; content: unknown }[]) : []
  const system = messages.find((m) => m.role === 'system')
  const user = messagesText(messages.filter((m) => m.role === 'user'))
  seen.push({ model: String(body['model']), system: system ? messagesText([system]) : null, user, temperature: body['temperature'] })
  // the terse prompt gets the expected answer; the kind one a longer (failing) answer
  return user.includes('terse') ? 'yes' : 'yes, gladly'
}

const DATASET = `name: vr
defaults: { temperature: 0, max_tokens: 30 }
variants:
  - name: terse
    prompt: 'terse {{id}}: {{q}}'
    system: Answer in one word.
  - name: kind
    prompt_file: prompts/kind.md
    params: { temperature: 0.5 }
reference_variant: kind
test_cases:
  - id: a
    variables: { id: a, q: say yes }
    expected: "yes"
    assert: [toEqualExpected]
  - id: b
    variables: { id: b, q: say yes again }
    expected: "yes"
    assert: [toEqualExpected]
`

beforeAll(async () => {
  server = await startTestServer({ answer })
})
afterAll(async ({}, suite) => {
  await server.close()
  await cleanupAll(suite)
})

test('2 variants × 2 providers: 4 tests per case with their names, the variant\'s prompt/system/params at the server, variant in records, CSV and results.json; replay makes 0 requests', async () => {
  const providers = [
    { type: 'openai', model: 'm1', baseURL: server.openaiURL, id: 'p1' },
    { type: 'openai', model: 'm2', baseURL: server.openaiURL, id: 'p2' },
  ]
  const p = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)}, report: { html: false }, cache: 'record' }`),
    files: { 'datasets/vr.dataset.yaml': DATASET, 'datasets/prompts/kind.md': 'kind {{id}}: please, {{q}}\n' },
  })
  const run = await p.run(['run', '--project', 'llm', '--reporter=verbose'])
  // the kind variant's answers fail toEqualExpected
  expect(run.code, describeRun(run)).toBe(1)
  expect(server.stats().completions).toBe(8)
  const out = run.stdout + run.stderr
  for (const id of ['a', 'b']) for (const variant of ['terse', 'kind']) for (const provider of ['p1', 'p2']) expect(out).toContain(`${id} › ${variant} › ${provider}`)

  // at the server: each variant's prompt, system prompt and temperature, on both models
  const terse = seen.filter((s) => s.user.startsWith('terse'))
  const kind = seen.filter((s) => s.user.startsWith('kind'))
  expect(terse).toHaveLength(4)
  expect(kind).toHaveLength(4)
  expect(new Set(terse.map((s) => s.model))).toEqual(new Set(['m1', 'm2']))
  expect(terse.map((s) => s.user).sort()).toEqual(['terse a: say yes', 'terse a: say yes', 'terse b: say yes again', 'terse b: say yes again'])
  expect(terse.every((s) => s.system === 'Answer in one word.' && s.temperature === 0)).toBe(true)
  expect(kind.map((s) => s.user).sort()).toEqual(['kind a: please, say yes', 'kind a: please, say yes', 'kind b: please, say yes again', 'kind b: please, say yes again'])
  expect(kind.every((s) => s.system === null && s.temperature === 0.5)).toBe(true)

  // records: every one names its variant; the 8 requests have 8 hashes
  const records = run.jsonl()
  const key = (r: CaseRecord): string => `${r.caseId}/${r.variant ?? '-'}/${r.provider}`
  expect(records.map(key).sort()).toEqual(['a/kind/p1', 'a/kind/p2', 'a/terse/p1', 'a/terse/p2', 'b/kind/p1', 'b/kind/p2', 'b/terse/p1', 'b/terse/p2'])
  expect(new Set(records.map((r) => r.requestHash)).size).toBe(8)
  expect(records.filter((r) => r.status === 'passed').map((r) => r.variant)).toEqual(['terse', 'terse', 'terse', 'terse'])

  // results.json: byVariant and dataset × provider × variant groups
  const results = run.results()
  expect(results.byVariant?.map((b) => [b.dataset, b.variant, b.stats.cases, b.stats.passed])).toEqual([
    ['vr', 'kind', 4, 0],
    ['vr', 'terse', 4, 4],
  ])
  // the variants' order and reference, for the comparisons
  expect(results.variants).toEqual([{ dataset: 'vr', names: ['terse', 'kind'], reference: 'kind' }])
  expect(results.byDatasetProvider.map((b) => `${b.provider}/${b.variant}:${b.stats.passed}`).sort()).toEqual(['p1/kind:0', 'p1/terse:2', 'p2/kind:0', 'p2/terse:2'])

  // cases.csv: a variant column after provider; variants.csv a row per variant
  const runDir = run.runDir()
  const csv = readFileSync(path.join(runDir, 'csv', 'cases.csv'), 'utf8').trim().split('\n')
  const header = csv[0]?.split(',') ?? []
  const at = header.indexOf('variant')
  expect(at).toBe(header.indexOf('provider') + 1)
  expect(csv.slice(1).map((line) => line.split(',')[at]).sort()).toEqual(['kind', 'kind', 'kind', 'kind', 'terse', 'terse', 'terse', 'terse'])
  expect(readFileSync(path.join(runDir, 'csv', 'variants.csv'), 'utf8')).toMatch(/^dataset,variant,/)
  expect(readFileSync(path.join(runDir, 'summary.md'), 'utf8')).toContain('### By variant')

  // strict replay of the recording: no request, each variant's own answer back
  server.reset()
  seen.length = 0
  const replay = await p.run(['run', '--project', 'llm'], { env: { LLM_BENCH_CACHE: 'replay' } })
  expect(replay.code, describeRun(replay)).toBe(1)
  expect(server.stats().completions).toBe(0)
  const again = replay
    .runDirs()
    .map((dir) => readFileSync(path.join(dir, 'results.jsonl'), 'utf8'))
    .map((text) => text.trim().split('\n').map((line) => JSON.parse(line) as CaseRecord))
    .find((rs) => rs.every((r) => r.replayed))
  expect(again).toHaveLength(8)
  const first = new Map(records.map((r) => [key(r), r]))
  for (const r of again ?? []) {
    expect(r.output, key(r)).toBe(first.get(key(r))?.output)
    expect(r.requestHash, key(r)).toBe(first.get(key(r))?.requestHash)
  }
}, 240_000)

test('resume of a partly finished variant run re-runs only the missing case × variant × provider', async () => {
  const providers = [
    { type: 'openai', model: 'm1', baseURL: server.openaiURL, id: 'p1' },
    { type: 'openai', model: 'm2', baseURL: server.openaiURL, id: 'p2' },
  ]
  const p = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)}, report: { html: false, csv: false } }`),
    files: { 'datasets/vr.dataset.yaml': DATASET, 'datasets/prompts/kind.md': 'kind {{id}}: please, {{q}}\n' },
  })
  server.reset()
  const first = await p.run(['run', '--project', 'llm'])
  expect(first.code, describeRun(first)).toBe(1)
  expect(server.stats().completions).toBe(8)
  const key = (r: CaseRecord): string => `${r.caseId}/${r.variant ?? '-'}/${r.provider}`
  // an interrupted run: a/kind/p1 and b/terse/p2 never finished (their lines are gone)
  const missing = new Set(['a/kind/p1', 'b/terse/p2'])
  const runDir = first.runDir()
  writeFileSync(path.join(runDir, 'results.jsonl'), first.jsonl().filter((r) => !missing.has(key(r))).map((r) => `${JSON.stringify(r)}\n`).join(''))
  const resultsFile = path.join(runDir, 'results.json')
  writeFileSync(resultsFile, JSON.stringify({ ...JSON.parse(readFileSync(resultsFile, 'utf8')), reason: 'interrupted' }))

  server.reset()
  const resumed = await p.run(['run', '--project', 'llm'], { env: { LLM_BENCH_RESUME: '1' } })
  expect(resumed.code, describeRun(resumed)).toBe(1)
  expect(server.stats().completions).toBe(2)
  const results = resumed.results()
  expect(results.cases).toHaveLength(8)
  expect(results.cases.filter((r) => !r.resumed).map(key).sort()).toEqual([...missing].sort())
}, 240_000)
