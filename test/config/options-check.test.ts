import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { duplicateDatasetNames, datasetName } from '../../src/config/dataset-names.ts'
import { environmentProblems } from '../../src/config/environment.ts'
import { localModelProblems } from '../../src/config/local-models.ts'
import { resolveOptions, type LlmBenchOptions } from '../../src/config/options.ts'
import { checkProviders } from '../../src/config/provider-ids.ts'
import { parseProviderOptions } from '../../src/providers/options-common.ts'
import { OpenAIProviderOptionsSchema } from '../../src/providers/openai-options.ts'
import { parseProviderSpec } from '../../src/providers/spec.ts'

const dirs: string[] = []
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-bench-config-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function problemsOf(options: unknown): string {
  try {
    resolveOptions(options as LlmBenchOptions)
  } catch (error) {
    return (error as Error).message
  }
  return ''
}

describe('llmBench options: did you mean', () => {
  test('an unknown option names the closest known one, at the root and nested', () => {
    const message = problemsOf({ timeout: 1000, sampling: { intervalMS: 100 }, report: { htlm: false }, gates: { noNewFailure: true } })
    expect(message).toContain('timeout: unknown field "timeout", did you mean "timeoutMs"?')
    expect(message).toContain('sampling.intervalMS: unknown field "intervalMS", did you mean "intervalMs"?')
    expect(message).toContain('report.htlm: unknown field "htlm", did you mean "html"?')
    expect(message).toContain('gates.noNewFailure: unknown field "noNewFailure", did you mean "noNewFailures"?')
  })

  test('a field that is close to nothing lists the known fields', () => {
    expect(problemsOf({ report: { zzzzzzzz: true } })).toContain('report.zzzzzzzz: unknown field "zzzzzzzz" (known fields: html, csv, markdown, rawResponses)')
  })

  test('in a provider object, by its type; and in provider options given to a provider directly', () => {
    expect(problemsOf({ providers: [{ type: 'openai', model: 'm', baseUrl: 'http://h/v1' }] })).toContain('baseUrl: unknown field "baseUrl", did you mean "baseURL"?')
    expect(problemsOf({ providers: [{ type: 'ollama', model: 'm', hots: 'http://h' }] })).toContain('hots: unknown field "hots", did you mean "host"?')
    expect(() => parseProviderSpec({ type: 'anthropic', model: 'm', timeout: 5 })).toThrow('timeout: unknown field "timeout", did you mean "timeoutMs"?')
    expect(() => parseProviderOptions(OpenAIProviderOptionsSchema, { model: 'm', apiKeyENV: 'X' }, 'OpenAI')).toThrow(/invalid OpenAI provider options:\n {2}apiKeyENV: unknown field "apiKeyENV", did you mean "apiKeyEnv"\?/)
  })
})

describe('llmBench options: pass rates are fractions', () => {
  test('a percentage says it is one, with the fraction to write', () => {
    const message = problemsOf({ gates: { minPassRate: 90, maxPassRateDrop: 5 } })
    expect(message).toContain('gates.minPassRate: expected a fraction of 1, found 90: pass rates are fractions, not percentages (write 0.9 for 90%)')
    expect(message).toContain('gates.maxPassRateDrop: expected a fraction of 1, found 5: pass rates are fractions, not percentages (write 0.05 for 5%)')
    expect(problemsOf({ gates: { minPassRate: 250 } })).toContain('gates.minPassRate: expected a fraction from 0 to 1, found 250')
    expect(resolveOptions({ gates: { minPassRate: 0.9, maxPassRateDrop: 1 } }).gates).toEqual({ minPassRate: 0.9, maxPassRateDrop: 1 })
  })

  test('every problem at once: options, each bad provider by index, a duplicate', () => {
    const message = problemsOf({ timeout: 1, gates: { minPassRate: 80 }, providers: ['openai:m', 'nope:x', { type: 'local', modelpath: 'x.gguf' }, 'openai:m'] })
    const lines = message.split('\n').filter((line) => line.startsWith('  llmBench options'))
    expect(lines.map((line) => line.replace(/^ {2}llmBench options ([^:]+):.*$/, '$1'))).toEqual([
      'gates.minPassRate',
      'timeout',
      'providers[1]',
      'providers[2]',
      'providers[0] "openai',
      'providers',
    ])
    expect(message).toContain('modelpath: unknown field "modelpath", did you mean "modelPath"?')
  })
})

describe('provider ids', () => {
  test('the same spec twice, or one id given twice, is refused naming both indexes and specs', () => {
    expect(checkProviders(['openai:m', 'local', 'openai:m']).problems).toEqual([
      'providers[0] "openai:m" and providers[2] "openai:m" have the same id "openai:m" (the same provider twice): results, baselines and recordings are keyed by it. Remove one, or give each its own id: { ..., id: \'openai:m-2\' }',
    ])
    const twice = checkProviders([{ type: 'openai', model: 'a', id: 'x' }, { type: 'ollama', model: 'b', id: 'x' }]).problems
    expect(twice).toHaveLength(1)
    expect(twice[0]).toContain('providers[0] { type: "openai", id: "x", model: "a" } and providers[1] { type: "ollama", id: "x", model: "b" } have the same id "x" (two providers with one id)')
    // differing in something else than params (stream), same derived id: refused too
    expect(checkProviders([{ type: 'openai', model: 'm' }, { type: 'openai', model: 'm', stream: false }]).problems[0]).toContain('(two providers with one id)')
  })

  test('specs that differ only in params get the params that differ in their ids; one without them keeps the plain id', () => {
    const { providers, problems } = checkProviders([
      { type: 'openai', model: 'm', params: { temperature: 0, max_tokens: 10 } },
      { type: 'openai', model: 'm', params: { temperature: 0.7, max_tokens: 10 } },
      { type: 'openai', model: 'm', params: { max_tokens: 10, stop: ['\n'] } },
    ])
    expect(problems).toEqual([])
    // max_tokens is the same in all three: it is not in the ids
    expect(providers.map((p) => parseProviderSpec(p).id)).toEqual(['openai:m[temperature=0]', 'openai:m[temperature=0.7]', 'openai:m[stop=["\\n"]]'])
    const plain = checkProviders(['openai:m', { type: 'openai', model: 'm', params: { temperature: 0 } }])
    expect(plain.providers.map((p) => parseProviderSpec(p).id)).toEqual(['openai:m', 'openai:m[temperature=0]'])
    // stable: the same specs give the same ids
    expect(checkProviders([{ type: 'local', params: { seed: 1 } }, { type: 'local', params: { seed: 2 } }]).providers.map((p) => parseProviderSpec(p).id)).toEqual(['local[seed=1]', 'local[seed=2]'])
  })

  test('resolveOptions hands the workers the ids', () => {
    const options = resolveOptions({ providers: [{ type: 'openai', model: 'm', params: { temperature: 0 } }, { type: 'openai', model: 'm', params: { temperature: 1 } }] })
    expect(options.providers).toEqual([
      { type: 'openai', model: 'm', params: { temperature: 0 }, id: 'openai:m[temperature=0]' },
      { type: 'openai', model: 'm', params: { temperature: 1 }, id: 'openai:m[temperature=1]' },
    ])
  })
})

describe('LLM_BENCH_* variables', () => {
  test('each bad value is one line naming the variable, the value and what is expected', () => {
    expect(environmentProblems({})).toEqual([])
    expect(environmentProblems({ LLM_BENCH_CACHE: 'record', LLM_BENCH_THREADS: '4', LLM_BENCH_NO_DOWNLOAD: 'yes', LLM_BENCH_JUDGE: 'openai:gpt-4o-mini', LLM_BENCH_END_PROCESS: 'off' })).toEqual([])
    expect(
      environmentProblems({
        LLM_BENCH_CACHE: 'bogus',
        LLM_BENCH_RATE_WINDOW_MS: '-1',
        LLM_BENCH_CONTEXT_SIZE: '1.5',
        LLM_BENCH_THREADS: 'many',
        LLM_BENCH_NO_DOWNLOAD: 'ture',
        LLM_BENCH_END_PROCESS: 'always',
        LLM_BENCH_MODEL_URL: 'https://example.com/m.gguf',
        LLM_BENCH_JUDGE: 'gpt-4o',
      }),
    ).toEqual([
      'LLM_BENCH_CACHE="bogus" is not a cache mode; expected one of off, read-write, record, replay',
      'LLM_BENCH_RATE_WINDOW_MS must be a positive number of ms, got "-1"',
      'LLM_BENCH_CONTEXT_SIZE must be a positive integer, got "1.5"',
      'LLM_BENCH_THREADS must be a positive integer, got "many"',
      'LLM_BENCH_NO_DOWNLOAD="ture" is not a yes/no value; expected one of 1, true, yes, on, 0, false, no, off',
      'LLM_BENCH_END_PROCESS="always" is not a yes/no value; expected one of 1, true, yes, on, 0, false, no, off',
      'LLM_BENCH_MODEL_URL and LLM_BENCH_MODEL_SHA256 must be set together (a download is always checked against its sha256)',
      'LLM_BENCH_JUDGE: invalid provider spec "gpt-4o": expected a known provider type (openai, local, anthropic, ollama) before ":", found "gpt-4o"',
    ])
  })
})

describe('local models', () => {
  test('a modelPath or LLM_BENCH_MODEL that is no file, or no model with downloads off, is a problem; a model that would be downloaded is not fetched', async () => {
    const cwd = tempDir()
    const spec = (extra: object) => parseProviderSpec({ type: 'local', ...extra })
    expect(await localModelProblems([spec({ modelPath: 'models/none.gguf' })], cwd, {})).toEqual([
      `Model file not found: ${path.join(cwd, 'models/none.gguf')} (from modelPath "models/none.gguf" of provider "local:models/none.gguf" (relative to ${cwd}))`,
    ])
    expect((await localModelProblems([spec({})], cwd, { LLM_BENCH_MODEL: 'x.gguf' }))[0]).toMatch(/^Model file not found: .*x\.gguf \(from env LLM_BENCH_MODEL="x\.gguf"/)
    const cacheDir = path.join(cwd, 'cache')
    expect((await localModelProblems([spec({})], cwd, { LLM_BENCH_NO_DOWNLOAD: '1', LLM_BENCH_CACHE_DIR: cacheDir }))[0]).toMatch(/^No GGUF model found for the local provider "local"/)
    // downloads allowed, nothing here: the worker downloads, nothing is said (or fetched) now
    expect(await localModelProblems([spec({})], cwd, { LLM_BENCH_CACHE_DIR: cacheDir })).toEqual([])
    mkdirSync(path.join(cwd, 'models'))
    writeFileSync(path.join(cwd, 'models', 'm.gguf'), 'GGUF')
    expect(await localModelProblems([spec({ modelPath: 'models/m.gguf' }), parseProviderSpec('openai:x')], cwd, {})).toEqual([])
  })
})

describe('dataset names', () => {
  test('two files with one name are named together; names are read from YAML and JSON', () => {
    const root = tempDir()
    const write = (file: string, text: string): string => {
      const full = path.join(root, file)
      mkdirSync(path.dirname(full), { recursive: true })
      writeFileSync(full, text)
      return full
    }
    const files = [
      write('d/a.dataset.yaml', '# a comment\nname: "qa"   # quoted\ntest_cases:\n  - id: x\n    name: inner\n'),
      write('d/b.dataset.json', JSON.stringify({ name: 'qa', test_cases: [] })),
      write('d/c.dataset.yaml', '{ name: qa, test_cases: [] }\n'),
      write('d/d.dataset.yaml', 'name: other\n'),
      write('d/e.dataset.yaml', 'test_cases: [\n'),
    ]
    expect(datasetName(files[0] as string)).toBe('qa')
    expect(datasetName(files[2] as string)).toBe('qa')
    expect(datasetName(files[4] as string)).toBeNull()
    expect(datasetName(path.join(root, 'missing.dataset.yaml'))).toBeNull()
    expect(duplicateDatasetNames(files, root)).toEqual([
      '3 dataset files have the name "qa": d/a.dataset.yaml and d/b.dataset.json and d/c.dataset.yaml. A dataset\'s name keys its results, baseline entries and recordings: give each file its own name.',
    ])
    expect(duplicateDatasetNames(files.slice(3), root)).toEqual([])
  })
})
