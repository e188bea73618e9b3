import { afterAll, beforeAll, expect, test } from 'vitest'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { configSource } from '../helpers/run-vitest.ts'
import { createProject, RunTracker, startWatcher, type ThrowawayProject, type Watcher } from '../watch/watch-project.ts'

/**
 * Watch mode with a split dataset: a real `vitest --watch` with two workers runs a 40-case file as
 * two parts; editing the file re-runs both parts (every case once, not the whole file beside them).
 */

const CASES = 40
let server: TestServer
let project: ThrowawayProject | undefined
let watcher: Watcher | undefined

const dataset = (word: string): string =>
  ['name: a', 'test_cases:', ...Array.from({ length: CASES }, (_, i) => `  - id: c${i}\n    prompt: "${word} ${i}"`), ''].join('\n')

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: 'one two three' })
})

afterAll(async () => {
  await watcher?.stop()
  await server?.close()
  project?.remove()
})

test('editing a split dataset re-runs its parts, each case once', async () => {
  const provider = { type: 'openai', model: 'm', baseURL: server.baseURL, id: 'srv', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: 8 }
  project = createProject({
    'vitest.config.ts': configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}], sampling: { enabled: false }, report: { html: false }, split: 2 }`, 'maxWorkers: 2'),
    'datasets/a.dataset.yaml': dataset('Story'),
  })
  watcher = startWatcher(project.root)
  const tracker = new RunTracker(project, watcher, server)
  const first = await tracker.rerunAfter(() => undefined, 120_000, true)
  expect(first.run.cases).toHaveLength(CASES)
  expect(first.output).toContain('a.dataset.yaml?llm-part=2-of-2')

  const second = await tracker.rerunAfter(() => project?.write('datasets/a.dataset.yaml', dataset('Poem')), 90_000)
  expect(second.run.cases.map((c) => c.prompt).sort()).toEqual(Array.from({ length: CASES }, (_, i) => `Poem ${i}`).sort())
  expect(second.requests).toBe(CASES)
  expect(second.output).toContain('a.dataset.yaml?llm-part=1-of-2')
  expect(second.output).toContain('a.dataset.yaml?llm-part=2-of-2')
}, 300_000)
