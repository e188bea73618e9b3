/**
 * benchmarks/fault-mix: does every case come out once, with the class of the
 * fault it met, when providers fail in every way at once?
 *
 * One dataset, `--per-mode` cases for each fault mode of the test server
 * (test/server) and as many healthy ones, run on two providers of concurrency
 * 4 against it (its OpenAI and Ollama dialects) in a real `vitest run`. The
 * server picks each request's fault from a marker in its prompt, so the
 * outcome each case must be recorded with is known in advance. The hung cases
 * come first and hold every slot of both providers while the rest queue for
 * longer than a timeout. Prints the cases, the records in results.jsonl and
 * results.json, Vitest's tests, and every misclassified case (target 0).
 *
 *   npm run bench:faults -- [--per-mode 18] [--timeout-ms 1000]
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { CaseRecord } from '../../src/record/schema.ts'
import type { RunResults } from '../../src/report/run-results.ts'
import { configSource, createProject, describeRun } from '../../test/helpers/run-vitest.ts'
import { startTestServer } from '../../test/server/test-server.ts'
import type { Fault, FaultMode } from '../../test/server/types.ts'

const { values } = parseArgs({ options: { 'per-mode': { type: 'string', default: '18' }, 'timeout-ms': { type: 'string', default: '1000' } } })
const perMode = Number(values['per-mode'])
const timeoutMs = Number(values['timeout-ms'])

/** Each kind of case: the server's fault (null: none) and the status/class it must be recorded with. */
const KINDS: { name: string; fault: Fault | null; expected: string }[] = [
  { name: 'hang', fault: { mode: 'hang' }, expected: 'timeout/timeout' },
  { name: 'healthy', fault: null, expected: 'passed/-' },
  { name: 'rate-limit', fault: { mode: 'rate-limit', retryAfterSeconds: 1 }, expected: 'error/rate_limit' },
  { name: 'server-error', fault: { mode: 'server-error' }, expected: 'error/server_error' },
  { name: 'auth', fault: { mode: 'auth' }, expected: 'error/auth' },
  { name: 'bad-request', fault: { mode: 'bad-request' }, expected: 'error/bad_request' },
  { name: 'not-found', fault: { mode: 'not-found' }, expected: 'error/not_found' },
  { name: 'slow', fault: { mode: 'slow', tokenDelayMs: 20 }, expected: 'passed/-' },
  { name: 'cut-stream', fault: { mode: 'cut-stream' }, expected: 'error/stream_cut' },
  { name: 'malformed', fault: { mode: 'malformed' }, expected: 'error/malformed_response' },
  { name: 'wrong-content-type', fault: { mode: 'wrong-content-type' }, expected: 'error/malformed_response' },
  { name: 'empty', fault: { mode: 'empty' }, expected: 'error/empty_response' },
  { name: 'error-event', fault: { mode: 'error-event' }, expected: 'error/server_error' },
  { name: 'no-usage', fault: { mode: 'no-usage' }, expected: 'passed/-' },
]
const modes: readonly FaultMode[] = ['rate-limit', 'server-error', 'auth', 'bad-request', 'not-found', 'hang', 'slow', 'cut-stream', 'malformed', 'wrong-content-type', 'empty', 'error-event', 'no-usage']
for (const mode of modes) if (!KINDS.some((k) => k.fault?.mode === mode)) throw new Error(`fault mode ${mode} is not covered`)

const kindOf = (caseId: string) => KINDS.find((k) => caseId.startsWith(`${k.name}-`))
const marker = (name: string) => `[fault:${name}]`

const server = await startTestServer({
  answer: 'a calm answer',
  faultFor: (request) => {
    const text = JSON.stringify(request.body)
    return KINDS.find((k) => k.fault !== null && text.includes(marker(k.name)))?.fault ?? undefined
  },
})

const retry = { attempts: 2, baseDelayMs: 0, maxDelayMs: 50 }
const providers = [
  { type: 'openai', id: 'oa', model: 'test-model', baseURL: server.openaiURL, apiKeyEnv: 'LLM_BENCH_BENCH_UNSET_KEY', concurrency: 4, retry },
  { type: 'ollama', id: 'ol', model: 'test-model', host: server.ollamaURL, concurrency: 4, retry },
]
const ids = KINDS.flatMap((k) => Array.from({ length: perMode }, (_, i) => ({ id: `${k.name}-${i}`, kind: k })))
const dataset = [
  'name: faults',
  'assert:',
  "  - toMatchRegex: { pattern: 'calm' }",
  'test_cases:',
  ...ids.map(({ id, kind }) => `  - id: ${id}\n    prompt: "${marker(kind.name)} story ${id}"`),
  '',
].join('\n')
const project = await createProject({
  config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)}, timeoutMs: ${timeoutMs}, maxConcurrency: 256, report: { html: false } }`),
  files: { 'datasets/faults.dataset.yaml': dataset },
})

const started = performance.now()
const run = await project.run(['run', '--reporter=json', '--outputFile=vitest-report.json'], { timeoutMs: 600_000 })
const wallMs = performance.now() - started
await server.close()

const expectedCases = ids.length * providers.length
let jsonl: CaseRecord[] = []
let results: RunResults | undefined
try {
  jsonl = run.jsonl()
  results = run.results()
} catch (error) {
  console.error(describeRun(run))
  throw error
}
const vitest = JSON.parse(readFileSync(path.join(project.dir, 'vitest-report.json'), 'utf8')) as { numTotalTests: number; numPassedTests: number; numFailedTests: number; numPendingTests: number }

const misclassified = jsonl.flatMap((r) => {
  const kind = kindOf(r.caseId)
  const got = `${r.status}/${r.error?.class ?? '-'}`
  return kind && got === kind.expected ? [] : [`${r.caseId} › ${r.provider}: ${got}, expected ${kind?.expected ?? '?'}${r.error ? ` (${r.error.message.slice(0, 120)})` : ''}`]
})
const keys = new Set(jsonl.map((r) => `${r.caseId} › ${r.provider}`))
const byClass = new Map<string, number>()
for (const r of jsonl) byClass.set(`${r.status}/${r.error?.class ?? '-'}`, (byClass.get(`${r.status}/${r.error?.class ?? '-'}`) ?? 0) + 1)
const queue = jsonl.filter((r) => r.timings).map((r) => r.timings!.queueMs)

console.log(`fault mix: ${KINDS.length} kinds × ${perMode} cases × ${providers.length} providers (concurrency 4 each), timeoutMs ${timeoutMs}, ${(wallMs / 1000).toFixed(1)} s, vitest exit ${run.code} (failing cases fail their tests)`)
console.log(`cases (case × provider)        ${expectedCases}`)
console.log(`records in results.jsonl       ${jsonl.length} (${keys.size} distinct)`)
console.log(`cases in results.json          ${results.cases.length}`)
console.log(`Vitest tests                   ${vitest.numTotalTests} (${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed, ${vitest.numPendingTests} skipped)`)
console.log(`timeouts                       ${jsonl.filter((r) => r.status === 'timeout').length} (hung cases: ${perMode * providers.length})`)
console.log(`max queueMs of an answered case ${Math.round(Math.max(0, ...queue))} (timeoutMs ${timeoutMs})`)
console.log(`misclassified                  ${misclassified.length}`)
for (const line of misclassified.slice(0, 40)) console.log(`  ${line}`)
console.log('by status/class:')
for (const [cls, n] of [...byClass].sort()) console.log(`  ${cls.padEnd(28)} ${n}`)
await project.cleanup()
if (misclassified.length > 0 || jsonl.length !== expectedCases || results.cases.length !== expectedCases || vitest.numTotalTests !== expectedCases) process.exitCode = 1
