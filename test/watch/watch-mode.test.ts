import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { benchConfig, createProject, RunTracker, sleep, startWatcher, type Rerun, type ThrowawayProject, type Watcher } from './watch-project.ts'

/**
 * Watch mode end to end: a real `vitest --watch --project llm` process in a
 * throwaway project, on the repository's OpenAI-compatible test server. Three
 * datasets: A (YAML) and B (JSON) read `prompts/shared.md`; C (YAML) has inline
 * prompts and one case reading `prompts/c-only.md`. Editing a prompt or
 * dataset file must re-run exactly the datasets that use it, and an unrelated
 * edit nothing. What ran is read three ways: the reporter's new
 * `bench-results/<run-id>/results.json` (which datasets have records, with
 * which prompts), the test files Vitest lists after RERUN, and the server's
 * request count. Case counts A=1, B=2, C=4 make every subset's count unique.
 *
 * Then B switches to a prompt file of its own: the trigger must notice that B
 * no longer reads shared.md. The steps share one watcher and run in order.
 */

const FIRST_RUN_TIMEOUT_MS = 60_000
const RERUN_TIMEOUT_MS = 20_000
/** How long an unrelated edit gets to (wrongly) start a run. */
const QUIET_MS = 1_500

const FILE = { a: 'datasets/a.dataset.yaml', b: 'datasets/b.dataset.json', c: 'datasets/c.dataset.yaml' }
const CASES = { 'ds-a': 1, 'ds-b': 2, 'ds-c': 4 }

const datasetB = (plumTopic: string, promptFile = 'prompts/shared.md'): string =>
  `${JSON.stringify(
    {
      name: 'ds-b',
      prompt_file: promptFile,
      test_cases: [
        { id: 'b1', variables: { topic: plumTopic } },
        { id: 'b2', variables: { topic: 'figs' } },
      ],
    },
    null,
    2,
  )}\n`

const FILES: Record<string, string> = {
  'datasets/prompts/shared.md': 'Tell me about {{topic}}.\n',
  'datasets/prompts/c-only.md': 'Count to {{n}}.\n',
  'datasets/prompts/unused.md': 'No dataset reads this file.\n',
  // read by no dataset until B switches to it
  'datasets/prompts/b-own.md': 'B alone on {{topic}}.\n',
  [FILE.a]: ['name: ds-a', 'prompt_file: prompts/shared.md', 'test_cases:', '  - id: a1', '    variables: { topic: apples }', ''].join('\n'),
  [FILE.b]: datasetB('plums'),
  [FILE.c]: [
    'name: ds-c',
    'test_cases:',
    '  - id: c1',
    '    prompt: "Say hello."',
    '  - id: c2',
    '    prompt_file: prompts/c-only.md',
    '    variables: { n: 3 }',
    '  - id: c3',
    '    prompt: "Name a colour."',
    '  - id: c4',
    '    prompt: "Name {{n}} birds."',
    '    variables: { n: 2 }',
    '',
  ].join('\n'),
  'notes.md': 'Notes about nothing.\n',
}

let server: TestServer
let project: ThrowawayProject
let watcher: Watcher
let runs: RunTracker

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: 'Fine, here it is.' })
  project = createProject({ 'vitest.config.ts': benchConfig(server.baseURL), ...FILES })
  watcher = startWatcher(project.root)
  runs = new RunTracker(project, watcher, server)
}, 10_000)

afterAll(async () => {
  await watcher?.stop()
  await server?.close()
  project?.remove()
})

const rerunAfter = (edit: () => void, timeoutMs = RERUN_TIMEOUT_MS, first = false): Promise<Rerun> => runs.rerunAfter(edit, timeoutMs, first)
const lastCase = (key: string) => runs.lastCase.get(key)

const expectedRequests = (...datasets: Array<keyof typeof CASES>): number => datasets.reduce((n, d) => n + CASES[d], 0)

describe('watch mode re-runs exactly the datasets that use an edited file', () => {
  test('the first run runs every dataset', async () => {
    const started = Date.now()
    const first = await rerunAfter(() => {}, FIRST_RUN_TIMEOUT_MS, true)
    expect(first.run.datasets).toEqual(['ds-a', 'ds-b', 'ds-c'])
    expect(first.files).toEqual([FILE.a, FILE.b, FILE.c].sort())
    expect(first.requests).toBe(expectedRequests('ds-a', 'ds-b', 'ds-c'))
    expect(first.run.cases.every((c) => c.status === 'passed')).toBe(true)
    console.log(`first run: ${Date.now() - started} ms`)
    // Vite's file watcher is up by now; a moment more so that the first edit is not missed
    await sleep(300)
  }, FIRST_RUN_TIMEOUT_MS + 5_000)

  test('editing prompts/shared.md re-runs A (YAML) and B (JSON), not C', async () => {
    const started = Date.now()
    const rerun = await rerunAfter(() => project.write('datasets/prompts/shared.md', 'Describe {{topic}} in one line.\n'))
    expect(rerun.output).toContain('RERUN  datasets/prompts/shared.md')
    expect(rerun.files).toEqual([FILE.a, FILE.b])
    expect(rerun.run.datasets).toEqual(['ds-a', 'ds-b'])
    expect(rerun.requests).toBe(expectedRequests('ds-a', 'ds-b'))
    // the new prompt text went out
    expect(rerun.run.cases.map((c) => c.prompt).sort()).toEqual(['Describe apples in one line.', 'Describe figs in one line.', 'Describe plums in one line.'])
    console.log(`shared.md → A, B: ${Date.now() - started} ms`)
  })

  test('editing prompts/c-only.md (read by one case of C) re-runs C only', async () => {
    const started = Date.now()
    const c1Before = lastCase('ds-c/c1')
    const rerun = await rerunAfter(() => project.write('datasets/prompts/c-only.md', 'Count slowly to {{n}}.\n'))
    expect(rerun.output).toContain('RERUN  datasets/prompts/c-only.md')
    expect(rerun.files).toEqual([FILE.c])
    expect(rerun.run.datasets).toEqual(['ds-c'])
    expect(rerun.requests).toBe(expectedRequests('ds-c'))
    expect(lastCase('ds-c/c2')?.prompt).toBe('Count slowly to 3.')
    expect(lastCase('ds-c/c1')?.requestHash).toBe(c1Before?.requestHash)
    console.log(`c-only.md → C: ${Date.now() - started} ms`)
  })

  test('editing dataset B re-runs B only, with the edited request', async () => {
    const started = Date.now()
    const before = lastCase('ds-b/b1')
    const rerun = await rerunAfter(() => project.write(FILE.b, datasetB('ripe red plums')))
    expect(rerun.output).toContain(`RERUN  ${FILE.b}`)
    expect(rerun.files).toEqual([FILE.b])
    expect(rerun.run.datasets).toEqual(['ds-b'])
    expect(rerun.requests).toBe(expectedRequests('ds-b'))
    const after = lastCase('ds-b/b1')
    expect(after?.prompt).toBe('Describe ripe red plums in one line.')
    expect(after?.requestHash).not.toBe(before?.requestHash)
    // the server itself saw the longer prompt: it counts the input words it was sent
    expect(after?.usage.inputTokens).toBe((before?.usage.inputTokens ?? NaN) + 2)
    console.log(`b.dataset.json → B: ${Date.now() - started} ms`)
  })

  test('editing unrelated files re-runs nothing', async () => {
    await runs.expectNoRerun(() => {
      project.write('notes.md', 'Notes about something else.\n')
      project.write('datasets/prompts/unused.md', 'Still read by no dataset.\n')
    }, QUIET_MS)
  })

  test('switching dataset B to its own prompt file re-runs B only, with that prompt', async () => {
    const rerun = await rerunAfter(() => project.write(FILE.b, datasetB('ripe red plums', 'prompts/b-own.md')))
    expect(rerun.files).toEqual([FILE.b])
    expect(rerun.run.datasets).toEqual(['ds-b'])
    expect(rerun.requests).toBe(expectedRequests('ds-b'))
    expect(lastCase('ds-b/b1')?.prompt).toBe('B alone on ripe red plums.')
  })

  test('after the switch, prompts/shared.md re-runs A only (nothing left queued from the unrelated edits)', async () => {
    const rerun = await rerunAfter(() => project.write('datasets/prompts/shared.md', 'Tell me about {{topic}}.\n'))
    expect(rerun.output).toContain('RERUN  datasets/prompts/shared.md')
    expect(rerun.files).toEqual([FILE.a])
    expect(rerun.run.datasets).toEqual(['ds-a'])
    expect(rerun.requests).toBe(expectedRequests('ds-a'))
    expect(lastCase('ds-a/a1')?.prompt).toBe('Tell me about apples.')
  })

  test('and prompts/b-own.md re-runs B only', async () => {
    const rerun = await rerunAfter(() => project.write('datasets/prompts/b-own.md', 'B on its own: {{topic}}.\n'))
    expect(rerun.output).toContain('RERUN  datasets/prompts/b-own.md')
    expect(rerun.files).toEqual([FILE.b])
    expect(rerun.run.datasets).toEqual(['ds-b'])
    expect(rerun.requests).toBe(expectedRequests('ds-b'))
    expect(lastCase('ds-b/b2')?.prompt).toBe('B on its own: figs.')
  })
})
