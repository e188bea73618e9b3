import path from 'node:path'
import { expect, test } from 'vitest'
import { loadDataset, type LoadDatasetOptions } from '../../src/dataset/load.ts'
import { expectIssue, failingDataset, KNOWN_MATCHERS, writeFiles } from './helpers.ts'

/** A case's `config.providers` must name configured providers (by id or type): else the case would silently not run. */

const OPTIONS: LoadDatasetOptions = {
  knownMatchers: KNOWN_MATCHERS,
  providers: [
    { id: 'openai:gpt-4o-mini', type: 'openai' },
    { id: 'local', type: 'local' },
  ],
}

const TEXT = `name: routed
test_cases:
  - id: typo
    prompt: hi
    config:
      providers: [openai:gpt-4o-mnii, local]
  - id: ok
    prompt: hi
    config: { providers: [openai] }
  - id: gone
    prompt: hi
    config:
      providers:
        - anthropic
`

test('each unknown name is an error naming the case and listing the configured ids', () => {
  const { error, file } = failingDataset('routed.dataset.yaml', TEXT, {}, OPTIONS)
  expect(error.issues).toHaveLength(2)
  expectIssue(error, file, {
    line: 6,
    column: 19,
    path: 'test_cases[0].config.providers[0]',
    message: 'case "typo" names provider "openai:gpt-4o-mnii", which is not configured (configured: openai:gpt-4o-mini, local), did you mean "openai:gpt-4o-mini"?',
    expected: 'one of openai:gpt-4o-mini, local',
    found: '"openai:gpt-4o-mnii"',
  })
  expectIssue(error, file, {
    line: 14,
    column: 11,
    path: 'test_cases[2].config.providers[0]',
    message: 'case "gone" names provider "anthropic", which is not configured (configured: openai:gpt-4o-mini, local)',
  })
})

test('names by id or by type load; without the configured providers (the loader alone) nothing is checked', () => {
  const dir = writeFiles({ 'ok.dataset.yaml': 'name: ok\ntest_cases:\n  - id: a\n    prompt: hi\n    config: { providers: [openai, local] }\n' })
  const dataset = loadDataset(path.join(dir, 'ok.dataset.yaml'), OPTIONS)
  expect(dataset.cases[0]?.providers).toEqual(['openai', 'local'])
  const file = writeFiles({ 'r.dataset.yaml': TEXT })
  expect(() => loadDataset(path.join(file, 'r.dataset.yaml'), { knownMatchers: KNOWN_MATCHERS })).not.toThrow()
})
