import { afterAll, describe, expect, test } from 'vitest'
import { startOpenAITestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, configSource, createProject, describeRun, yamlDataset } from '../helpers/run-vitest.ts'

/**
 * Bad input is refused before any paid call, every problem at once: real
 * Vitest runs against the test server, which must see no request.
 */

afterAll(({}, suite) => cleanupAll(suite))

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1
}

describe('checks before any case', () => {
  test('a bad LLM_BENCH_* value and a missing local model stop the run once, before any request', async () => {
    const server = await startOpenAITestServer({ answer: 'an answer' })
    const providers = [{ type: 'openai', model: 'm', baseURL: server.baseURL }, 'local']
    const project = await createProject({
      config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)} }`),
      files: { 'datasets/a.dataset.yaml': yamlDataset('a', ['one', 'two', 'three']) },
    })
    const run = await project.run(['run', '--project', 'llm'], { env: { LLM_BENCH_CACHE: 'bogus', LLM_BENCH_THREADS: 'many', LLM_BENCH_MODEL: 'models/missing.gguf' } })
    await server.close()
    const output = run.stdout + run.stderr
    expect(run.code, describeRun(run)).not.toBe(0)
    expect(server.stats().requests).toBe(0)
    expect(run.runDirs()).toEqual([])
    expect(output).toContain('3 problems, no case was run')
    expect(occurrences(output, 'LLM_BENCH_CACHE="bogus" is not a cache mode; expected one of off, read-write, record, replay')).toBe(1)
    expect(occurrences(output, 'LLM_BENCH_THREADS must be a positive integer, got "many"')).toBe(1)
    expect(occurrences(output, 'Model file not found:')).toBe(1)
    expect(output).toMatch(/Model file not found: .*models\/missing\.gguf \(from env LLM_BENCH_MODEL="models\/missing\.gguf"/)
  })
})

describe('two dataset files with one name', () => {
  test('are refused before any request, naming both files', async () => {
    const server = await startOpenAITestServer({ answer: 'an answer' })
    const providers = [{ type: 'openai', model: 'm', baseURL: server.baseURL }]
    const project = await createProject({
      config: configSource(`{ name: 'llm', datasets: 'datasets/**/*.dataset.{yaml,json}', providers: ${JSON.stringify(providers)} }`),
      files: {
        'datasets/a.dataset.yaml': yamlDataset('qa', ['one']),
        'datasets/more/b.dataset.json': JSON.stringify({ name: 'qa', test_cases: [{ id: 'two', prompt: 'p' }] }),
        'datasets/c.dataset.yaml': yamlDataset('other', ['three']),
      },
    })
    const run = await project.run(['run', '--project', 'llm'])
    await server.close()
    const output = run.stdout + run.stderr
    expect(run.code, describeRun(run)).not.toBe(0)
    expect(server.stats().requests).toBe(0)
    expect(run.runDirs()).toEqual([])
    expect(occurrences(output, '2 dataset files have the name "qa": datasets/a.dataset.yaml and datasets/more/b.dataset.json')).toBe(1)
    expect(output).not.toContain('"other"')
  })
})

describe('llmBench options', () => {
  test('typos, percentages and a provider twice are refused at once, before any request', async () => {
    const server = await startOpenAITestServer({ answer: 'an answer' })
    const spec = { type: 'openai', model: 'm', baseURL: server.baseURL }
    const options = `{ name: 'llm', datasets: 'datasets/*.dataset.yaml', timeout: 1000, gates: { minPassRate: 90 }, providers: [${JSON.stringify(spec)}, ${JSON.stringify({ ...spec, baseUrl: server.baseURL })}, ${JSON.stringify(spec)}] }`
    const project = await createProject({ config: configSource(options), files: { 'datasets/a.dataset.yaml': yamlDataset('a', ['one']) } })
    const run = await project.run(['run', '--project', 'llm'])
    await server.close()
    const output = run.stdout + run.stderr
    expect(run.code, describeRun(run)).not.toBe(0)
    expect(server.stats().requests).toBe(0)
    expect(output).toContain('timeout: unknown field "timeout", did you mean "timeoutMs"?')
    expect(output).toContain('gates.minPassRate: expected a fraction of 1, found 90: pass rates are fractions, not percentages (write 0.9 for 90%)')
    expect(output).toContain('baseUrl: unknown field "baseUrl", did you mean "baseURL"?')
    expect(output).toMatch(/providers\[0\] \{ type: "openai", model: "m", \.\.\. \} and providers\[2\] \{ type: "openai", model: "m", \.\.\. \} have the same id "openai:m@http:\/\/127\.0\.0\.1:\d+\/v1" \(the same provider twice\)/)
  })

  test('specs that differ only in params run as two providers with the params in their ids', async () => {
    const server = await startOpenAITestServer({ answer: 'an answer' })
    const spec = { type: 'openai', model: 'm', baseURL: server.baseURL }
    const providers = [{ ...spec, params: { temperature: 0 } }, { ...spec, params: { temperature: 0.7 } }]
    const project = await createProject({
      config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)} }`),
      files: { 'datasets/a.dataset.yaml': yamlDataset('a', ['one', 'two']) },
    })
    const run = await project.run(['run', '--project', 'llm'])
    await server.close()
    expect(run.code, describeRun(run)).toBe(0)
    expect(server.stats().requests).toBe(4)
    const base = `openai:m@${server.baseURL}`
    const ids = run.results().cases.map((r) => `${r.caseId} ${r.provider}`).sort()
    expect(ids).toEqual([`one ${base}[temperature=0.7]`, `one ${base}[temperature=0]`, `two ${base}[temperature=0.7]`, `two ${base}[temperature=0]`])
  })
})
