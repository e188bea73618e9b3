import { afterAll, beforeAll, expect, test } from 'vitest'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { benchConfig, createProject, RunTracker, sleep, startWatcher, type ThrowawayProject, type Watcher } from './watch-project.ts'

/**
 * An llmBench project with a root of its own (`{ ...llmBench(), root: './sub' }`):
 * its dataset globs are relative to `sub/`, so the prompt-file trigger must
 * look for datasets there, not in Vitest's root (it once did, and editing a
 * prompt file re-ran nothing).
 */

let server: TestServer
let project: ThrowawayProject
let watcher: Watcher
let runs: RunTracker

beforeAll(async () => {
  server = await startOpenAITestServer()
  project = createProject({
    'vitest.config.ts': benchConfig(server.baseURL, './sub'),
    'sub/datasets/prompts/p.md': 'Tell me about {{topic}}.\n',
    'sub/datasets/a.dataset.yaml': ['name: ds-a', 'prompt_file: prompts/p.md', 'test_cases:', '  - id: a1', '    variables: { topic: apples }', ''].join('\n'),
    'sub/datasets/c.dataset.yaml': ['name: ds-c', 'test_cases:', '  - id: c1', '    prompt: "Say hello."', ''].join('\n'),
  })
  watcher = startWatcher(project.root)
  runs = new RunTracker(project, watcher, server)
}, 10_000)

afterAll(async () => {
  await watcher?.stop()
  await server?.close()
  project?.remove()
})

test('a prompt file edit re-runs the datasets that read it in a project with its own root', async () => {
  const first = await runs.rerunAfter(() => {}, 60_000, true)
  expect(first.run.datasets).toEqual(['ds-a', 'ds-c'])
  await sleep(300)
  const rerun = await runs.rerunAfter(() => project.write('sub/datasets/prompts/p.md', 'Describe {{topic}}.\n'), 20_000)
  expect(rerun.output).toContain('RERUN  sub/datasets/prompts/p.md')
  expect(rerun.run.datasets).toEqual(['ds-a'])
  expect(rerun.requests).toBe(1)
  expect(runs.lastCase.get('ds-a/a1')?.prompt).toBe('Describe apples.')
}, 90_000)
