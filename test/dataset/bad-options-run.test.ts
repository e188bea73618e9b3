import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, configSource, createProject, describeRun, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * A real child Vitest run of a dataset whose matcher options are bad (a regex
 * that does not compile, a JSON Schema with `type: strnig`), with a case that
 * names a provider that is not configured and one without the `expected` its
 * matcher needs: the file fails as it loads, every
 * problem listed at once with its line and column, the code frame is the
 * dataset's, and no request ever reaches the test server.
 */

const BAD = `name: bad-options
test_cases:
  - id: regex
    prompt: "Once upon a time"
    assert:
      - toMatchRegex: { pattern: '(unclosed' }
  - id: schema
    prompt: "Give JSON"
    assert:
      - toMatchSchema: { schema: { type: strnig } }
  - id: routed
    prompt: "Hello"
    config: { providers: [nobody] }
  - id: bare
    prompt: "No answer key"
    assert:
      - toEqualExpected
`

let server: TestServer
let run: VitestRun

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: 'Once upon a time' })
  const provider = { type: 'openai', id: 'srv', model: 'm', baseURL: server.baseURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY' }
  const project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [${JSON.stringify(provider)}] }`),
    files: { 'datasets/bad.dataset.yaml': BAD },
  })
  run = await project.run(['run'], { timeoutMs: 90_000 })
}, 120_000)

afterAll(async ({}, suite) => {
  await server?.close()
  await cleanupAll(suite)
})

describe('bad matcher options in a real run', () => {
  test('the run fails and no request reached the server', () => {
    expect(run.timedOut).toBe(false)
    expect(run.code, describeRun(run)).toBe(1)
    expect(server.stats().requests).toBe(0)
  })

  test('all four problems are listed at once, each with file:line:column and field path', () => {
    const output = run.stdout + run.stderr
    expect(output).toContain('Invalid dataset datasets/bad.dataset.yaml (4 problems):')
    expect(output).toContain(
      'datasets/bad.dataset.yaml:6:34 test_cases[0].assert[0].toMatchRegex.pattern: toMatchRegex: invalid regular expression "(unclosed"',
    )
    expect(output).toContain(
      'datasets/bad.dataset.yaml:10:42 test_cases[1].assert[0].toMatchSchema.schema.type: expected one of string|number|integer|boolean|object|array|null, found "strnig"',
    )
    expect(output).toContain('datasets/bad.dataset.yaml:13:27 test_cases[2].config.providers[0]: case "routed" names provider "nobody", which is not configured (configured: srv)')
    expect(output).toContain('datasets/bad.dataset.yaml:17:9 test_cases[3].assert[0]: toEqualExpected: case "bare" has no `expected` value')
  })

  test("the code frame under the error is the dataset's, not the library's", () => {
    const failure = run.stderr.slice(run.stderr.indexOf('DatasetError:'))
    expect(failure).toContain("6|       - toMatchRegex: { pattern: '(unclosed' }\n |                                  ^")
    expect(failure).toContain('❯ datasets/bad.dataset.yaml:6:34')
    expect(failure).not.toMatch(/src[\\/]dataset[\\/]/)
  })
})
