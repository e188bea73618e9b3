import { rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { DatasetIssue } from '../../src/dataset/errors.ts'
import { validateFleet, type FleetValidation } from '../../src/fleet/validate.ts'
import { validateFleetWithMatchers } from '../../src/fleet/validate-matchers.ts'
import { fleetWorkspace, GOOD, positionOf } from './workspace.ts'

/**
 * Bad fleet manifests, each read from a real file over real repository
 * folders: every problem is reported at once, at the manifest's (or a
 * dataset's) file:line:column, with its field path, what was expected and
 * what was found.
 */

const ws = fleetWorkspace()
afterAll(() => ws.remove())

let count = 0
/** Writes `text` as a new manifest and validates it (no API keys in the environment, not replaying). */
function check(text: string, options: { json?: boolean; env?: NodeJS.ProcessEnv; replay?: boolean } = {}): { file: string; result: FleetValidation } {
  const file = ws.write(`m${++count}.${options.json ? 'json' : 'yaml'}`, text)
  return { file, result: validateFleet(file, { env: options.env ?? {}, ...(options.replay === undefined ? {} : { replay: options.replay }) }) }
}

/** The one issue at `fieldPath`, checked to be in `file` at the place of `needle` in `text`. */
function issueAt(result: FleetValidation, file: string, text: string, fieldPath: string, needle: string, nth = 1): DatasetIssue {
  const matching = result.issues.filter((issue) => issue.path === fieldPath)
  expect(matching, JSON.stringify(result.issues, null, 1)).toHaveLength(1)
  const issue = matching[0] as DatasetIssue
  expect(issue.file).toBe(file)
  expect({ line: issue.line, column: issue.column }).toEqual(positionOf(text, needle, nth))
  return issue
}

const replace = (from: string, to: string): string => {
  expect(GOOD).toContain(from)
  return GOOD.replace(from, to)
}

describe('the good manifest', () => {
  test('has no problem and no warning', () => {
    const { result } = check(GOOD)
    expect(result.issues).toEqual([])
    expect(result.warnings).toEqual([])
    expect(result.groups.map((g) => `${g.repoId}/${g.scenario}:${g.cases.length}`)).toEqual(['checkout-app/qa:2', 'checkout-app/summaries:2', 'docs-bot/qa:2', 'docs-bot/summaries:1'])
  })
})

describe('bad manifests', () => {
  test('1. YAML syntax error: its line and column', () => {
    const text = replace('scenarios: [qa, summaries]\n  - repo_id: docs-bot', 'scenarios: [qa, summaries\n  - repo_id: docs-bot')
    const { file, result } = check(text)
    expect(result.issues.length).toBeGreaterThan(0)
    expect(result.issues[0]?.file).toBe(file)
    expect(result.issues[0]?.message).toMatch(/^invalid YAML/)
    expect(result.issues[0]?.line).toBeGreaterThanOrEqual(7)
  })

  test('2. JSON syntax error: line, column, expected and found', () => {
    const text = '{\n  "fleet_id": "x",\n  "version": 1,\n  "repositories": [}\n}\n'
    const { file, result } = check(text, { json: true })
    expect(result.issues).toHaveLength(1)
    expect(result.issues[0]).toMatchObject({ file, line: 4, column: 20 })
    expect(result.issues[0]?.message).toMatch(/^invalid JSON: expected .*, found/)
  })

  test('3. a missing required field', () => {
    const text = GOOD.replace('fleet_id: t-fleet\n', '')
    const { result } = check(text)
    expect(result.issues).toEqual([expect.objectContaining({ path: 'fleet_id', line: 1, column: 1, expected: 'string', found: 'nothing', message: 'missing required field "fleet_id" (expected string)' })])
  })

  test('4. a fleet_id that cannot be a folder name', () => {
    const text = replace('fleet_id: t-fleet', 'fleet_id: my fleet/1')
    const { file, result } = check(text)
    const issue = issueAt(result, file, text, 'fleet_id', 'my fleet/1')
    expect(issue.expected).toContain('an id of letters, digits')
    expect(issue.found).toBe('string "my fleet/1"')
  })

  test('5. an unknown adapter', () => {
    const text = replace('adapter: native', 'adapter: nativ')
    const { file, result } = check(text)
    const issue = issueAt(result, file, text, 'repositories[0].adapter', 'nativ')
    expect(issue).toMatchObject({ expected: 'one of native|generic', found: '"nativ"' })
  })

  test('6. an unknown field in a scenario profile, with did-you-mean from the manifest schema', () => {
    const text = replace('    num_examples: 2', '    num_exampels: 2')
    const { file, result } = check(text)
    const issue = issueAt(result, file, text, 'scenario_profiles.qa.num_exampels', 'num_exampels')
    expect(issue).toMatchObject({ expected: 'a known field', found: '"num_exampels"', message: 'unknown field "num_exampels", did you mean "num_examples"?' })
  })

  test('7. an unknown top-level field lists the manifest fields', () => {
    const text = `${GOOD}colour: blue\n`
    const { file, result } = check(text)
    const issue = issueAt(result, file, text, 'colour', 'colour')
    expect(issue.message).toContain('known fields: fleet_id, version, description, repositories, providers, scenario_profiles, output, gates')
  })

  test('8. an unknown scenario name, with did-you-mean', () => {
    const text = replace('scenarios: [qa, summaries]\n  - repo_id: docs-bot', 'scenarios: [qa, sumaries]\n  - repo_id: docs-bot')
    const { file, result } = check(text)
    const issue = issueAt(result, file, text, 'repositories[0].scenarios[1]', 'sumaries')
    expect(issue).toMatchObject({ expected: 'one of qa|summaries', found: '"sumaries"', message: 'unknown scenario "sumaries", did you mean "summaries"?' })
  })

  test('9. a repository path that does not exist', () => {
    const text = replace('path: repos/docs-bot', 'path: repos/no-such-repo')
    const { file, result } = check(text)
    const issue = issueAt(result, file, text, 'repositories[1].path', 'repos/no-such-repo')
    expect(issue.expected).toBe('a repository folder, relative to the manifest')
    expect(issue.found).toBe(`nothing at ${path.join(ws.dir, 'repos/no-such-repo')}`)
  })

  test('10. a native repository without a Vitest config', () => {
    const text = replace('path: repos/checkout-app\n    adapter: native', 'path: repos/docs-bot\n    adapter: native')
    const { file, result } = check(text)
    const issue = issueAt(result, file, text, 'repositories[0].adapter', 'native')
    expect(issue).toMatchObject({ expected: 'a vitest.config.* with llmBench projects', found: 'no Vitest config' })
    expect(issue.message).toContain('looked for vitest.config.ts')
  })

  test('11. a native repository whose Vitest config has no llmBench project', () => {
    ws.write('repos/plain/vitest.config.ts', "export default { test: { include: ['x.test.ts'] } }\n")
    ws.write('repos/plain/qa.dataset.yaml', 'name: plain\ntest_cases:\n  - id: a\n    prompt: hi\n')
    const text = replace('path: repos/checkout-app\n    adapter: native\n    scenarios: [qa, summaries]', 'path: repos/plain\n    adapter: native\n    scenarios: [qa]')
    const { file, result } = check(text)
    const issue = issueAt(result, file, text, 'repositories[0].adapter', 'native')
    expect(issue.message).toBe('repository "checkout-app": vitest.config.ts has no llmBench(...) project; use adapter generic, or add one')
  })

  test('12. generic dataset globs that find nothing', () => {
    const text = replace('datasets: datasets/**/*.dataset.yaml', 'datasets: evals/**/*.dataset.yaml')
    const { file, result } = check(text)
    const issue = issueAt(result, file, text, 'repositories[1].datasets', 'evals/**/*.dataset.yaml')
    expect(issue).toMatchObject({ expected: 'globs that find dataset files', found: 'no file' })
  })

  test('13. a repository that holds no dataset for a scenario', () => {
    const text = replace('dataset: "**/*summaries.dataset.yaml"', 'dataset: "**/*reviews.dataset.yaml"')
    const { file, result } = check(text)
    expect(result.issues.map((i) => i.path)).toEqual(['repositories[0].scenarios[1]', 'repositories[1].scenarios[1]'])
    const issue = issueAt(result, file, text, 'repositories[1].scenarios[1]', 'summaries]', 2)
    expect(issue.message).toBe('repository "docs-bot" holds no dataset for scenario "summaries": "**/*reviews.dataset.yaml" finds no dataset file under repos/docs-bot among its datasets')
  })

  test('14. duplicate repo_ids', () => {
    const text = replace('repo_id: docs-bot', 'repo_id: checkout-app')
    const { file, result } = check(text)
    const issue = issueAt(result, file, text, 'repositories[1].repo_id', 'checkout-app', 3)
    expect(issue).toMatchObject({ expected: 'a unique repo_id', found: '"checkout-app" again', message: 'duplicate repo_id "checkout-app": repositories[0] has it too' })
  })

  test('15. duplicate provider ids', () => {
    const text = replace('  - local\n', '  - local\n  - { type: local, concurrency: 2 }\n')
    const { file, result } = check(text)
    const issue = issueAt(result, file, text, 'providers[1]', '{ type: local')
    expect(issue.message).toBe('duplicate provider id "local": providers[0] has it too; give one an "id"')
  })

  test('16. duplicate scenario names (a key twice in scenario_profiles) and a scenario twice in a repository', () => {
    const text = `${replace('scenarios: [qa, summaries]\n  - repo_id: docs-bot', 'scenarios: [qa, qa]\n  - repo_id: docs-bot')}  qa:\n    dataset: x.dataset.yaml\n`
    const { file, result } = check(text)
    // the second "qa" is the one the data keeps: what follows from it is reported too
    expect(result.issues.map((i) => i.path)).toContain('scenario_profiles.qa')
    const issue = issueAt(result, file, text, 'scenario_profiles.qa', 'qa:', 2)
    expect(issue.message).toBe('duplicate key "qa": first at line 17, again at line 22')
    const fixed = replace('scenarios: [qa, summaries]\n  - repo_id: docs-bot', 'scenarios: [qa, qa]\n  - repo_id: docs-bot')
    const second = check(fixed)
    const twice = issueAt(second.result, second.file, fixed, 'repositories[0].scenarios[1]', 'qa]')
    expect(twice).toMatchObject({ expected: 'each scenario once', message: 'duplicate scenario "qa" in repository "checkout-app"' })
  })

  test('17. a provider spec that does not parse', () => {
    const text = replace('  - local\n', '  - gemini:pro\n  - { type: openai }\n')
    const { file, result } = check(text)
    const string = issueAt(result, file, text, 'providers[0]', 'gemini:pro')
    expect(string).toMatchObject({ expected: 'a provider spec as llmBench() takes it (see docs/providers.md)', found: '"gemini:pro"' })
    expect(string.message).toContain('expected a known provider type (openai, local, anthropic, ollama) before ":", found "gemini"')
    const object = issueAt(result, file, text, 'providers[1]', '{ type: openai }')
    expect(object.message).toMatch(/invalid provider spec \{ type: "openai" \}.*model/)
  })

  test('18. a provider without its API key, unless replaying; the key never appears', () => {
    const text = replace('  - local\n', '  - openai:gpt-4o-mini\n')
    const { file, result } = check(text)
    const issue = issueAt(result, file, text, 'providers[0]', 'openai:gpt-4o-mini')
    expect(issue).toMatchObject({ expected: 'OPENAI_API_KEY set in the environment', found: 'OPENAI_API_KEY unset' })
    expect(issue.message).toContain('LLM_BENCH_CACHE=replay')
    expect(check(text, { replay: true }).result.issues).toEqual([])
    expect(check(text, { env: { LLM_BENCH_CACHE: 'replay' } }).result.issues).toEqual([])
    const withKey = check(text, { env: { OPENAI_API_KEY: 'sk-fleet-secret-123' } }).result
    expect(withKey.issues).toEqual([])
    expect(JSON.stringify(withKey.providers)).not.toContain('sk-fleet-secret-123')
  })

  test('19. num_examples larger than the datasets is a warning, not a problem', () => {
    const text = replace('num_examples: 2', 'num_examples: 4')
    const { file, result } = check(text)
    expect(result.issues).toEqual([])
    expect(result.warnings).toHaveLength(1)
    expect(result.warnings[0]).toMatchObject({ file, path: 'scenario_profiles.qa.num_examples', ...positionOf(text, '4'), expected: 'at most 3', found: '4' })
    expect(result.warnings[0]?.message).toBe('num_examples 4 is larger than the 3 cases repository "checkout-app" has for scenario "qa": all 3 run')
    expect(result.groups.find((g) => g.repoId === 'checkout-app' && g.scenario === 'qa')?.cases).toHaveLength(3)
  })

  test('20. gates are checked by the llmBench gates schema', () => {
    const text = `${GOOD}gates:\n  minPassRate: 2\n  maxLatency: 3\n`
    const { file, result } = check(text)
    expect(issueAt(result, file, text, 'gates.minPassRate', '2\n', 2).expected).toContain('at most 1')
    expect(issueAt(result, file, text, 'gates.maxLatency', 'maxLatency').message).toContain('unknown field "maxLatency"')
  })

  test('21. a broken dataset in a repository: its own file, line and field', () => {
    const dataset = ws.write('repos/broken/datasets/qa.dataset.yaml', 'name: broken\ntest_cases:\n  - id: a\n    prompt: hi\n    config: { temperature: hot }\n')
    const text = replace('path: repos/docs-bot', 'path: repos/broken')
      .replace('datasets: datasets/**/*.dataset.yaml\n    scenarios: [qa, summaries]', 'datasets: datasets/**/*.dataset.yaml\n    scenarios: [qa]')
    const { result } = check(text)
    expect(result.issues).toEqual([expect.objectContaining({ file: dataset, line: 5, column: 28, path: 'test_cases[0].config.temperature', expected: 'number', found: 'string "hot"' })])
  })

  test('22. output formats and shards', () => {
    const text = `${GOOD}output:\n  formats: [json, pdf]\n  shards: 0\n`
    const { file, result } = check(text)
    expect(issueAt(result, file, text, 'output.formats[1]', 'pdf')).toMatchObject({ expected: 'one of json|csv|html', found: '"pdf"' })
    expect(issueAt(result, file, text, 'output.shards', '0\n')).toMatchObject({ expected: 'number greater than 0', found: 'number 0' })
  })

  test('23. a scenario dataset outside the repository, and an unknown matcher to add', () => {
    const text = replace('    dataset: "**/*summaries.dataset.yaml"\n', '    dataset: "../../datasets/**/*.dataset.yaml"\n    assert: [toContainn]\n')
    const { file, result } = check(text)
    expect(issueAt(result, file, text, 'scenario_profiles.summaries.dataset', '"../../').message).toContain('leaves the repository')
    expect(issueAt(result, file, text, 'scenario_profiles.summaries.assert[0]', 'toContainn').message).toBe('unknown matcher "toContainn" in scenario "summaries"')
  })

  test('24. an empty file and an unreadable one', () => {
    const { file, result } = check('# nothing yet\n')
    expect(result.issues).toEqual([expect.objectContaining({ file, path: '', found: 'an empty file' })])
    const missing = path.join(ws.dir, 'absent.yaml')
    const absent = validateFleet(missing, { env: {} })
    expect(absent.issues).toEqual([expect.objectContaining({ file: missing, line: 1, column: 1, expected: 'a readable file' })])
    expect(absent.issues[0]?.message).toMatch(/^cannot read fleet manifest: ENOENT/)
  })

  test('25. every problem at once, across checks', () => {
    const text = replace('adapter: generic', 'adapter: generic\n    bogus: 1')
    writeFileSync(path.join(ws.dir, 'unused.txt'), '')
    const schemaBroken = check(text.replace('fleet_id: t-fleet', 'fleet_id: "a b"'))
    expect(schemaBroken.result.issues.map((i) => i.path)).toEqual(['fleet_id', 'repositories[1].bogus'])
    const many = replace('repo_id: docs-bot', 'repo_id: checkout-app').replace('path: repos/checkout-app', 'path: repos/gone').replace('  - local\n', '  - gemini:pro\n')
    const { result } = check(many)
    expect(result.issues.map((i) => i.path).sort()).toEqual(['providers[0]', 'repositories[0].path', 'repositories[1].repo_id'])
  })

  test('26. schema problems and the checks after the schema together: the entries that fit are still checked, at their own index', () => {
    const text = replace('adapter: native', 'adapter: nativ')
      .replace('path: repos/docs-bot', 'path: repos/gone')
      .replace('scenarios: [qa, summaries]\nproviders', 'scenarios: [qa, sumaries]\nproviders')
      .replace('  - local\n', '  - local\n  - 42\n  - gemini:pro\n')
      .replace('    num_examples: 2', '    num_examples: 0')
    const { file, result } = check(text)
    expect(result.manifest).toBeNull()
    expect(result.issues.map((i) => i.path)).toEqual([
      'repositories[0].adapter', // schema: that repository is not checked further
      'providers[1]', // schema: not a spec
      'scenario_profiles.qa.num_examples', // schema: the profile is still a known scenario name
      'repositories[1].scenarios[1]', // unknown scenario, with did-you-mean
      'providers[2]', // does not parse, at its own index
      'repositories[1].path', // not a folder
    ])
    expect(issueAt(result, file, text, 'repositories[1].scenarios[1]', 'sumaries').message).toBe('unknown scenario "sumaries", did you mean "summaries"?')
    expect(issueAt(result, file, text, 'providers[2]', 'gemini:pro').message).toContain('a known provider type')
  })

  test('27. matcher options of a profile assert and of a dataset (loaded first, as a run loads them): a regex that does not compile, an unknown option key', async () => {
    ws.write('repos/docs-bot/datasets/bad-options-summaries.dataset.yaml', "name: bad-options-summaries\ntest_cases:\n  - id: one\n    prompt: Summarise this.\n    assert:\n      - toMatchRegex: { pattern: '[unclosed' }\n")
    const text = replace('    dataset: "**/*summaries.dataset.yaml"\n', '    dataset: "**/*summaries.dataset.yaml"\n    assert:\n      - toMatchRegex: { pattern: "(", flagz: "i" }\n')
    const file = ws.write(`m${++count}.yaml`, text)
    // the synchronous check knows matcher names only
    expect(validateFleet(file, { env: {}, replay: true }).issues.map((i) => i.path)).toEqual([])
    const result = await validateFleetWithMatchers(file, { env: {}, replay: true })
    const paths = result.issues.map((i) => `${path.basename(i.file)} ${i.path}`)
    expect(paths).toContain(`${path.basename(file)} scenario_profiles.summaries.assert[0].toMatchRegex.pattern`)
    expect(paths).toContain(`${path.basename(file)} scenario_profiles.summaries.assert[0].toMatchRegex.flagz`)
    expect(paths).toContain('bad-options-summaries.dataset.yaml test_cases[0].assert[0].toMatchRegex.pattern')
    issueAt(result, file, text, 'scenario_profiles.summaries.assert[0].toMatchRegex.pattern', '"("')
    rmSync(path.join(ws.dir, 'repos/docs-bot/datasets/bad-options-summaries.dataset.yaml'))
  }, 60_000)
})

