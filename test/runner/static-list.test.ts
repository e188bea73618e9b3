import { rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { cleanupAll, configSource, createProject, describeRun, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * `vitest list` on an llmBench project (Vitest 5 reads test files as code by
 * default, `staticParse`): the plugin serves each dataset as code listing its
 * tests (src/runner/static-list.ts), and the listing is the one the
 * project's runner collects (`--no-staticParse`), line for line: variants,
 * repeats, a case on a subset of providers, the `cases` option, a split file's
 * parts, JSON and YAML. A test that imports a JSON dataset as data still gets
 * the data; a dataset that does not load is named with its problem. A split
 * part with no cases (or after a part 1 that does not load) runs as one skipped
 * suite that says why.
 */

let project: TestProject

const PROVIDERS = [
  { type: 'function', module: './answer.mjs', id: 'alpha' },
  { type: 'function', module: './answer.mjs', id: 'beta' },
]

const VARIANTS = [
  'name: varied',
  'variants:',
  '  - { name: terse, prompt: "Say {{q}} tersely" }',
  '  - { name: kind, prompt: "Say {{q}} kindly" }',
  'test_cases:',
  '  - id: v1',
  '    variables: { q: hi }',
  '  - id: "q\'uo\\"te"',
  '    variables: { q: "Ünïcödé 🙂" }',
  '    config: { repeats: 2 }',
  '',
].join('\n')

const MANY = ['name: many', 'test_cases:', ...Array.from({ length: 7 }, (_, i) => `  - { id: m${i}, prompt: "p${i}"${i === 3 ? ', config: { providers: [beta] }' : ''} }`), ''].join('\n')

const JSON_DATASET = JSON.stringify({ name: 'json-one', test_cases: [{ id: 'j1', prompt: 'hello', expected: 'x' }, { id: 'j2', prompt: 'bye' }] })

const HAND_WRITTEN = [
  "import { expect, test } from 'vitest'",
  "import data from '../datasets/json.dataset.json'",
  "test('reads a dataset as data', () => {",
  "  expect(data.test_cases.map((c) => c.id)).toEqual(['j1', 'j2'])",
  '})',
  '',
].join('\n')

beforeAll(async () => {
  project = await createProject({
    config: configSource(
      `{ name: 'llm', datasets: 'datasets/*.dataset.{yaml,json}', providers: ${JSON.stringify(PROVIDERS)}, sampling: { enabled: false }, ` +
        `split: process.env.SPLIT === '3' ? 3 : false, cases: process.env.ONLY ? process.env.ONLY.split(',') : undefined }`,
    ),
    files: {
      'answer.mjs': 'export default () => "an answer"\n',
      'datasets/varied.dataset.yaml': VARIANTS,
      'datasets/many.dataset.yaml': MANY,
      'datasets/json.dataset.json': JSON_DATASET,
      'llm/reads.llm.test.ts': HAND_WRITTEN,
    },
  })
}, 60_000)

afterAll(async ({}, suite) => {
  await cleanupAll(suite)
})

function listed(run: VitestRun): string[] {
  expect(run.code, describeRun(run)).toBe(0)
  return run.stdout.split('\n').filter((line) => line.startsWith('[llm]')).sort()
}

test.each([
  ['the whole files', {}],
  ['a split: 3 parts per file (one part of json.dataset.json is empty)', { SPLIT: '3' }],
  ['the cases option', { ONLY: 'many/m3,varied/v1' }],
])('vitest list (statically) lists the tests the runner collects: %s', async (_what, env) => {
  const statically = listed(await project.run(['list'], { env }))
  const collected = listed(await project.run(['list', '--no-staticParse'], { env }))
  expect(statically).toEqual(collected)
  expect(statically.length).toBeGreaterThan(0)
}, 120_000)

test('the names: variants, repeats, a case on one provider, hostile ids, JSON; a hand-written test reads the JSON dataset as data', async () => {
  const lines = listed(await project.run(['list']))
  expect(lines).toContain('[llm] datasets/varied.dataset.yaml > varied > v1 › terse › alpha')
  expect(lines).toContain('[llm] datasets/varied.dataset.yaml > varied > q\'uo"te › kind › beta › #2')
  expect(lines.filter((line) => line.includes('> many > m3 ›'))).toEqual(['[llm] datasets/many.dataset.yaml > many > m3 › beta'])
  expect(lines.filter((line) => line.includes('json.dataset.json'))).toEqual([
    '[llm] datasets/json.dataset.json > json-one > j1 › alpha',
    '[llm] datasets/json.dataset.json > json-one > j1 › beta',
    '[llm] datasets/json.dataset.json > json-one > j2 › alpha',
    '[llm] datasets/json.dataset.json > json-one > j2 › beta',
  ])
  // 2 cases × 2 variants × 2 providers, one case twice; 7 cases × 2 providers but m3 on one; 2 × 2; the hand-written test
  expect(lines).toHaveLength(12 + 13 + 4 + 1)
  const run = await project.run(['run'])
  expect(run.code, describeRun(run)).toBe(0)
  expect(run.stdout).toMatch(/Tests\s+30 passed \(30\)/)
}, 120_000)

test('a dataset that does not load: the listing names the file, the line and the problem', async () => {
  await project.write('datasets/broken.dataset.yaml', 'name: broken\ntest_cases:\n  - id: b1\n    prompt: hi\n    assert:\n      - toBeNoSuchMatcher: {}\n')
  try {
    const run = await project.run(['list'])
    const output = `${run.stdout}\n${run.stderr}`
    expect(run.code, describeRun(run)).not.toBe(0)
    expect(output).toContain('broken.dataset.yaml')
    expect(output).toContain('toBeNoSuchMatcher')
    expect(output).toMatch(/broken\.dataset\.yaml:6/)
  } finally {
    await project.write('datasets/broken.dataset.yaml', 'name: broken\ntest_cases:\n  - id: b1\n    prompt: hi\n')
  }
}, 120_000)

test('a case id with a backslash is listed as Vitest reads names written in code: the backslash doubled (the run names it as written)', async () => {
  const file = path.join(project.dir, 'datasets/slash.dataset.yaml')
  await project.write('datasets/slash.dataset.yaml', 'name: slash\ntest_cases:\n  - { id: back\\slash, prompt: hi }\n')
  try {
    const statically = listed(await project.run(['list'])).filter((line) => line.includes('slash.dataset.yaml'))
    const collected = listed(await project.run(['list', '--no-staticParse'])).filter((line) => line.includes('slash.dataset.yaml'))
    expect(statically).toEqual(['[llm] datasets/slash.dataset.yaml > slash > back\\\\slash › alpha', '[llm] datasets/slash.dataset.yaml > slash > back\\\\slash › beta'])
    expect(collected).toEqual(['[llm] datasets/slash.dataset.yaml > slash > back\\slash › alpha', '[llm] datasets/slash.dataset.yaml > slash > back\\slash › beta'])
  } finally {
    rmSync(file, { force: true })
  }
}, 120_000)

test('a split part with no cases: one skipped suite that names the dataset, the part and why, and the run passes', async () => {
  // 2 cases in 3 parts: one part holds none (Vitest would fail a module without a suite: "No test suite found")
  const run = await project.run(['run', '--reporter=tree', 'datasets/json.dataset.json'], { env: { SPLIT: '3' } })
  expect(run.code, describeRun(run)).toBe(0)
  const named = run.stdout.split('\n').filter((line) => line.includes('json-one (part'))
  expect(named, describeRun(run)).toHaveLength(1)
  expect(named[0]).toMatch(/↓ json-one \(part [123] of 3: no cases\) \(0\)/)
  expect(run.stdout).toMatch(/Test Files\s+2 passed \| 1 skipped \(3\)/)
  expect(run.stdout).toMatch(/Tests\s+4 passed \(4\)/)

  // a file that does not load: its first part fails with the loader's message, the others say where to look
  const file = path.join(project.dir, 'datasets/bad.dataset.yaml')
  await project.write('datasets/bad.dataset.yaml', 'name: bad\ntest_cases:\n  - id: b1\n    prompt: hi\n    assert:\n      - toBeNoSuchMatcher: {}\n')
  try {
    const bad = await project.run(['run', '--reporter=tree', 'datasets/bad.dataset.yaml'], { env: { SPLIT: '3' } })
    expect(bad.code, describeRun(bad)).toBe(1)
    const parts = bad.stdout.split('\n').filter((line) => line.includes('bad.dataset.yaml (part'))
    expect(parts, describeRun(bad)).toEqual([expect.stringMatching(/↓ bad\.dataset\.yaml \(part 2 of 3: the file does not load: see part 1 of 3\)/), expect.stringMatching(/↓ bad\.dataset\.yaml \(part 3 of 3: the file does not load: see part 1 of 3\)/)])
    expect(`${bad.stdout}\n${bad.stderr}`).toContain('toBeNoSuchMatcher')
  } finally {
    rmSync(file, { force: true })
  }
}, 120_000)
