import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { cleanupAll, configSource, createProject, describeRun, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'
import { startEchoServer, type EchoServer } from './echo-server.ts'

/**
 * Secrets never reach an artifact or a log, whatever channel carried them. A
 * server that echoes every credential it gets (error bodies, masked like
 * OpenAI's, response headers, an SSE error event, a normal answer) is run
 * against, with one canary per channel: a `headers` key, the OPENAI_API_KEY
 * variable, credentials in a base URL (sent as Basic auth), an
 * `Authorization` header, a judge's and an embedding provider's URL
 * credentials (LLM_BENCH_JUDGE, LLM_BENCH_EMBEDDINGS) and a user-listed
 * secret (`redact`) repeated by the model. One plain run that
 * records (`__recordings__`, judge.json, $GITHUB_STEP_SUMMARY), two shards
 * with blob reports and their merge; then every file they wrote and their
 * whole terminal output are searched for each canary and its first 12
 * characters: none may be there.
 */

const canary = (tag: string): string => `${tag}${randomBytes(12).toString('hex')}`
const CANARIES = {
  header: canary('hdr'),
  envKey: canary('key'),
  urlPassword: canary('url'),
  authorization: canary('auth'),
  judge: canary('jdg'),
  embeddings: canary('emb'),
  user: canary('usr'),
}

let server: EchoServer
let project: TestProject
const runs: { name: string; run: VitestRun }[] = []
/** The files this test wrote itself (the inputs): not searched. */
const INPUTS = new Set(['vitest.config.ts', 'log-output.ts', path.join('datasets', 's.dataset.yaml'), path.join('datasets', 't.dataset.yaml')])

beforeAll(async () => {
  server = await startEchoServer()
  const base = server.baseURL
  const retry = { attempts: 2, baseDelayMs: 0, maxDelayMs: 0 }
  const unset = 'LLM_BENCH_TEST_UNSET_KEY'
  const providers = [
    { id: 'hdr', type: 'openai', model: 'echo-401', baseURL: base, apiKeyEnv: unset, headers: { 'api-key': CANARIES.header }, stream: false, retry },
    // OPENAI_API_KEY, the default key variable: sent as Bearer
    { id: 'key', type: 'openai', model: 'echo-500', baseURL: base, stream: false, retry },
    { id: 'url', type: 'openai', model: 'echo-answer', baseURL: base.replace('http://', `http://echouser:${CANARIES.urlPassword}@`), apiKeyEnv: unset, retry },
    { id: 'sse', type: 'openai', model: 'echo-sse', baseURL: base, apiKeyEnv: unset, headers: { Authorization: `Bearer ${CANARIES.authorization}` }, stream: true, retry },
  ]
  const dataset = [
    'name: s',
    'assert:',
    "  - toMatchRegex: '^never matches$'",
    'test_cases:',
    ...['c1', 'c2'].map((id) => `  - id: ${id}\n    prompt: "Keep the code SECRET_CODE safe (${id})"`),
    '  - id: judged',
    '    prompt: Be polite',
    '    assert:',
    "      - toSatisfyRubric: { rubric: 'The answer is polite', retries: 0 }",
    '    config: { providers: [url] }',
    '  - id: embedded',
    '    prompt: Say hi',
    '    expected: hi',
    '    assert: [toBeSemanticallySimilar]',
    '    config: { providers: [url] }',
    '',
  ].join('\n')
  const options = `{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)}, redact: [process.env.MY_SECRET ?? ''], evaluators: { logsOutput: './log-output.ts' }, sampling: { enabled: false }, progress: { intervalMs: 200 } }`
  project = await createProject({
    config: configSource(options),
    // the prompt repeats the user's own secret, as a templated prompt would
    // two files: a shard runs one each
    files: {
      'datasets/s.dataset.yaml': dataset.replaceAll('SECRET_CODE', CANARIES.user),
      'datasets/t.dataset.yaml': `name: t\nassert: [{ toMatchRegex: '^never$' }, logsOutput]\ntest_cases:\n  - id: c3\n    prompt: "Again: ${CANARIES.user}"\n`,
      // a custom evaluator that prints the output: the test's console output is a channel too
      'log-output.ts': "export default (output: string) => { console.log(`LOGGED OUTPUT: ${output}`); return true }\n",
    },
  })
  const env = {
    OPENAI_API_KEY: CANARIES.envKey,
    MY_SECRET: CANARIES.user,
    LLM_BENCH_JUDGE: `openai:echo-answer@${base.replace('http://', `http://judgeuser:${CANARIES.judge}@`)}`,
    LLM_BENCH_EMBEDDINGS: `openai:emb@${base.replace('http://', `http://embuser:${CANARIES.embeddings}@`)}`,
    GITHUB_STEP_SUMMARY: path.join(project.dir, 'step-summary.md'),
  }
  runs.push({ name: 'run', run: await project.run(['run', '--reporter=verbose'], { env: { ...env, LLM_BENCH_CACHE: 'record' }, timeoutMs: 90_000 }) })
  for (const shard of ['1/2', '2/2']) {
    runs.push({ name: `shard ${shard}`, run: await project.run(['run', `--shard=${shard}`, '--reporter=blob'], { env: { ...env, LLM_BENCH_CACHE: 'off' }, timeoutMs: 90_000 }) })
  }
  runs.push({ name: 'merge', run: await project.run(['--merge-reports', '--reporter=verbose'], { env, timeoutMs: 90_000 }) })
}, 400_000)

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

/** Every file under the folder, as paths relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix)).flatMap((name) => {
    const rel = path.join(prefix, name)
    return statSync(path.join(dir, rel)).isDirectory() ? filesUnder(dir, rel) : [rel]
  })
}

/** Where a text holds a canary or its first 12 characters. */
function leaks(text: string): string[] {
  return Object.entries(CANARIES).flatMap(([channel, secret]) =>
    [secret, secret.slice(0, 12)].filter((needle) => text.includes(needle)).map((needle) => `${channel} (${needle === secret ? 'whole' : 'first 12'})`),
  )
}

describe('secrets never reach an artifact or a log', () => {
  test('the runs ran every channel: errors and answers recorded, shards merged', () => {
    const [plain, , , merged] = runs.map((r) => r.run)
    expect(plain?.code, plain && describeRun(plain)).toBe(1)
    // the plain run's folder is the first (run ids start with their time)
    const first = plain?.runDirs()[0] ?? ''
    const records = readFileSync(path.join(first, 'results.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as CaseRecord)
    const by = (id: string) => records.filter((r) => r.provider === id)
    expect(by('hdr').every((r) => r.error?.class === 'auth')).toBe(true)
    expect(by('key').every((r) => r.error?.class === 'server_error' && r.attempts === 2)).toBe(true)
    expect(by('sse').every((r) => r.status === 'error')).toBe(true)
    // URL credentials work: sent as Basic auth, and the answer (repeating them) is scored
    expect(by('url').filter((r) => r.caseId !== 'embedded').map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'failed'])
    expect(server.authorizations()).toContain(`Basic ${Buffer.from(`echouser:${CANARIES.urlPassword}`).toString('base64')}`)
    expect(server.authorizations()).toContain(`Basic ${Buffer.from(`judgeuser:${CANARIES.judge}`).toString('base64')}`)
    expect(server.authorizations()).toContain(`Basic ${Buffer.from(`embuser:${CANARIES.embeddings}`).toString('base64')}`)
    expect(server.authorizations()).toContain(`Bearer ${CANARIES.envKey}`)
    expect(server.authorizations()).toContain(`Bearer ${CANARIES.authorization}`)
    // what was echoed is there, redacted
    const all = JSON.stringify(records)
    expect(all).toContain('[redacted]')
    expect(by('url').find((r) => r.caseId === 'c1')?.output).toMatch(/^Sure\. Your credentials: \[redacted\]/)
    // the embedding provider's refusal echoed its credentials: the failed matcher says so, redacted
    expect(`${plain?.stdout}${plain?.stderr}${JSON.stringify(records)}`).toMatch(/embuser:\[redacted\]/)
    expect(merged?.stdout).toContain('results:')
    expect(plain?.stdout).toMatch(/LOGGED OUTPUT: Sure\. Your credentials: \[redacted\]/)
    expect(readdirSync(path.join(project.dir, '.vitest', 'blob'))).toHaveLength(2)
    expect(existsSync(path.join(project.dir, '__recordings__', 'judge.json'))).toBe(true)
    expect(readdirSync(path.join(project.dir, 'datasets', '__recordings__')).length).toBeGreaterThan(0)
    expect(readFileSync(path.join(project.dir, 'step-summary.md'), 'utf8')).toContain('| s |')
  })

  test('no file any run wrote holds a canary or its first 12 characters', () => {
    const files = filesUnder(project.dir).filter((f) => !INPUTS.has(f))
    expect(files.length).toBeGreaterThan(20)
    const found = files.flatMap((file) => leaks(readFileSync(path.join(project.dir, file), 'latin1')).map((leak) => `${file}: ${leak}`))
    expect(found).toEqual([])
  })

  test("no run's terminal output (stdout and stderr) holds one", () => {
    const found = runs.flatMap(({ name, run }) => leaks(`${run.stdout}\n${run.stderr}`).map((leak) => `${name}: ${leak}`))
    expect(found).toEqual([])
  })
})
