import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, configSource, createProject, describeRun, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * A dataset case is at home in Vitest's own tools: its test carries
 * annotations (the output, each matcher's score and reason, tokens and
 * latency) that Vitest's JSON and JUnit reporters write; its category is a
 * Vitest tag that `--tags-filter` selects; and a failing matcher's error
 * points at the case's line in the dataset file, not at the runner. The
 * model (the protocol-faithful test server) answers with a user secret in
 * the text: the annotations show it redacted.
 */

const SECRET = 'sekret-4f1c9a7e2b'
const ANSWER = `The capital is Paris ${SECRET}`
const DATASET = [
  'name: native',
  'test_cases:',
  '  - id: capital',
  '    category: geography',
  '    prompt: "What is the capital of France?"',
  '    assert:',
  "      - toMatchRegex: { pattern: 'Paris' }",
  '  # a matcher that fails: its error must name this file and line 9',
  '  - id: sum',
  '    category: math',
  '    prompt: "What is 2 + 2?"',
  '    assert:',
  "      - toMatchRegex: { pattern: 'four' }",
  '',
].join('\n')
const SUM_LINE = 9

let server: TestServer
let project: TestProject
let full: VitestRun
let tagged: VitestRun

interface JsonAssertion {
  title: string
  status: string
  failureMessages: string[]
  location?: { line: number; column: number }
  tags: string[]
  meta: { llmBench?: { annotations?: { type: string; message: string }[] } }
}

function jsonTests(dir: string, file: string): JsonAssertion[] {
  const report = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { testResults: { assertionResults: JsonAssertion[] }[] }
  return report.testResults.flatMap((result) => result.assertionResults)
}

function byTitle(tests: JsonAssertion[], prefix: string): JsonAssertion {
  const found = tests.find((t) => t.title.startsWith(prefix))
  if (!found) throw new Error(`no test ${prefix} in ${tests.map((t) => t.title).join(', ')}`)
  return found
}

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: ANSWER })
  const providers = [{ id: 'srv', type: 'openai', model: 'm', baseURL: server.baseURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', stream: true }]
  project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)}, redact: ['${SECRET}'] }`),
    files: { 'datasets/native.dataset.yaml': DATASET },
  })
  const reporters = ['--reporter=default', '--reporter=json', '--outputFile.json=vitest.json', '--reporter=junit', '--outputFile.junit=junit.xml']
  full = await project.run(['run', ...reporters], { timeoutMs: 90_000 })
  tagged = await project.run(['run', '--tags-filter=geography', '--reporter=json', '--outputFile.json=tagged.json'], { timeoutMs: 90_000 })
}, 200_000)

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

describe('Vitest-native dataset tests', () => {
  test("Vitest's JSON reporter has each case's annotations: output, scores, metrics; redacted", () => {
    expect(full.code, describeRun(full)).toBe(1)
    const tests = jsonTests(project.dir, 'vitest.json')
    const capital = byTitle(tests, 'capital')
    expect(capital.status).toBe('passed')
    const annotations = capital.meta.llmBench?.annotations ?? []
    const byType = new Map(annotations.map((a) => [a.type, a.message]))
    expect(byType.get('llm-bench:output')).toMatch(/^The capital is Paris \[redacted\] \(\d+ chars\)$/)
    expect(byType.get('llm-bench:scores')).toMatch(/^✓ toMatchRegex 1\.00 \(needs 1\.00\): /)
    expect(byType.get('llm-bench:metrics')).toMatch(/tokens \d+ in \/ \d+ out · .*latency \d+ ms \(TTFT \d+ ms\)/)
    const sum = byTitle(tests, 'sum')
    expect(sum.status).toBe('failed')
    expect(sum.meta.llmBench?.annotations?.find((a) => a.type === 'llm-bench:scores')?.message).toMatch(/^✗ toMatchRegex 0\.00 \(needs 1\.00\): /)
    // one failure: the matcher's (an annotation after a soft failure is no second error)
    expect(sum.failureMessages).toHaveLength(1)
    expect(readFileSync(path.join(project.dir, 'vitest.json'), 'utf8')).not.toContain(SECRET)
  })

  test("Vitest's JUnit reporter writes the annotations as the test case's properties", () => {
    const xml = readFileSync(path.join(project.dir, 'junit.xml'), 'utf8')
    expect(xml).toMatch(/<property name="llm-bench:output" value="The capital is Paris \[redacted\] \(\d+ chars\)">/)
    expect(xml).toMatch(/<property name="llm-bench:scores" value="✓ toMatchRegex 1\.00 \(needs 1\.00\): [^"]*">/)
    expect(xml).toMatch(/<property name="llm-bench:metrics" value="tokens \d+ in/)
    // a failing case has them too (annotated after its matcher failed)
    expect(xml).toMatch(/<property name="llm-bench:scores" value="✗ toMatchRegex 0\.00 \(needs 1\.00\): [^"]*">/)
    expect(xml).not.toContain(SECRET)
  })

  test("a failing matcher's error points at the case's line in the dataset file, no runner frame", () => {
    const sum = byTitle(jsonTests(project.dir, 'vitest.json'), 'sum')
    const stack = sum.failureMessages.join('\n')
    const datasetFile = path.join(project.dir, 'datasets', 'native.dataset.yaml')
    expect(stack).toContain(`at case sum (${datasetFile}:${SUM_LINE}:5)`)
    expect(stack).not.toMatch(/src[\\/]runner/)
    expect(stack).not.toContain('evaluate-output')
    // the test itself is at the case's line (`vitest datasets/native.dataset.yaml:9` selects it)
    expect(sum.location).toEqual({ line: SUM_LINE, column: 5 })
    // the default reporter's failure block names the dataset line, with the file's code frame
    const printed = full.stdout + full.stderr
    expect(printed).toContain(`datasets/native.dataset.yaml:${SUM_LINE}:5`)
    expect(printed).toContain(`❯ case sum datasets/native.dataset.yaml:${SUM_LINE}:5`)
    expect(printed).not.toContain('Cannot annotate')
    expect(printed).not.toMatch(/src\/runner\//)
  })

  test('a case category is a Vitest tag: --tags-filter selects only its cases', () => {
    expect(tagged.code, describeRun(tagged)).toBe(0)
    const tests = jsonTests(project.dir, 'tagged.json')
    expect(byTitle(tests, 'capital')).toMatchObject({ status: 'passed', tags: ['geography'] })
    expect(byTitle(tests, 'sum').status).not.toBe('passed')
    expect(byTitle(tests, 'sum').status).not.toBe('failed')
    expect(tests.filter((t) => t.status === 'passed').map((t) => t.title)).toEqual(['capital › srv'])
  })
})
