import { describe, expect, test } from 'vitest'
import { DEFAULT_RETRY, ProviderSpecError, localModelName, parseProviderSpec, providerSpecId } from '../../src/providers/spec.ts'

describe('parseProviderSpec: strings', () => {
  test('openai:<model> targets the real API with defaults', () => {
    expect(parseProviderSpec('openai:gpt-4o-mini')).toEqual({
      retry: DEFAULT_RETRY,
      type: 'openai',
      id: 'openai:gpt-4o-mini',
      model: 'gpt-4o-mini',
      apiKeyEnv: 'OPENAI_API_KEY',
      api: 'chat',
      stream: true,
      params: {},
      concurrency: 32,
    })
  })

  test('openai:<model>@<baseURL> targets a compatible server; id keeps the URL', () => {
    const spec = parseProviderSpec('openai:stories@http://127.0.0.1:8080/v1')
    expect(spec).toMatchObject({ type: 'openai', model: 'stories', baseURL: 'http://127.0.0.1:8080/v1' })
    expect(spec.id).toBe('openai:stories@http://127.0.0.1:8080/v1')
  })

  test('model names with slashes and colons survive', () => {
    const spec = parseProviderSpec('openai:meta-llama/Llama-3.2-1B:q4@https://llm.example.com/v1/')
    expect(spec).toMatchObject({ model: 'meta-llama/Llama-3.2-1B:q4', baseURL: 'https://llm.example.com/v1/' })
    expect(spec.id).toBe('openai:meta-llama/Llama-3.2-1B:q4@https://llm.example.com/v1')
  })

  test('credentials in a base URL never reach the id', () => {
    const spec = parseProviderSpec('openai:m@https://user:s3cret@llm.example.com/v1?key=abc')
    expect(spec.id).toBe('openai:m@https://llm.example.com/v1')
    expect(spec.id).not.toContain('s3cret')
    expect(spec.id).not.toContain('abc')
  })

  test('local is the embedded default model, concurrency 1', () => {
    expect(parseProviderSpec('local')).toEqual({ type: 'local', id: 'local', model: 'default', params: {}, concurrency: 1, retry: DEFAULT_RETRY })
  })

  test('local:<path> names a GGUF file', () => {
    const spec = parseProviderSpec('local:/models/stories260K.gguf')
    expect(spec).toEqual({
      retry: DEFAULT_RETRY,
      type: 'local',
      id: 'local:/models/stories260K.gguf',
      modelPath: '/models/stories260K.gguf',
      model: 'stories260K',
      params: {},
      concurrency: 1,
    })
  })

  test('surrounding spaces are ignored', () => {
    expect(parseProviderSpec('  openai:gpt-4o  ').id).toBe('openai:gpt-4o')
  })
})

describe('parseProviderSpec: objects', () => {
  test('an openai object with every field', () => {
    const spec = parseProviderSpec({
      type: 'openai',
      model: 'stories',
      baseURL: 'http://127.0.0.1:8080/v1',
      apiKeyEnv: 'LLAMA_KEY',
      api: 'completions',
      stream: false,
      params: { temperature: 0, max_tokens: 16, seed: 1, stop: ['\n'], top_p: 0.9 },
      id: 'stories-local',
      concurrency: 4,
      timeoutMs: 5000,
      headers: { 'x-team': 'bench' },
    })
    expect(spec).toEqual({
      retry: DEFAULT_RETRY,
      type: 'openai',
      model: 'stories',
      baseURL: 'http://127.0.0.1:8080/v1',
      apiKeyEnv: 'LLAMA_KEY',
      api: 'completions',
      stream: false,
      params: { temperature: 0, max_tokens: 16, seed: 1, stop: ['\n'], top_p: 0.9 },
      id: 'stories-local',
      concurrency: 4,
      timeoutMs: 5000,
      headers: { 'x-team': 'bench' },
    })
  })

  test('an openai object gets the string form as its id', () => {
    expect(parseProviderSpec({ type: 'openai', model: 'gpt-4o' }).id).toBe('openai:gpt-4o')
    expect(parseProviderSpec({ type: 'openai', model: 'm', baseURL: 'http://localhost:1234/v1/' }).id).toBe(
      'openai:m@http://localhost:1234/v1',
    )
  })

  test('a local object', () => {
    expect(parseProviderSpec({ type: 'local', modelPath: 'models/x.gguf', concurrency: 2, params: { max_tokens: 8 } })).toEqual({
      retry: DEFAULT_RETRY,
      type: 'local',
      id: 'local:models/x.gguf',
      modelPath: 'models/x.gguf',
      model: 'x',
      concurrency: 2,
      params: { max_tokens: 8 },
    })
    expect(parseProviderSpec({ type: 'local', id: 'tiny' }).id).toBe('tiny')
  })

  test('a local object with a download source, or downloads off', () => {
    const download = { url: 'https://example.com/m.gguf', sha256: 'a'.repeat(64) }
    expect(parseProviderSpec({ type: 'local', modelPath: 'm.gguf', download })).toMatchObject({ download })
    expect(parseProviderSpec({ type: 'local', download: false })).toMatchObject({ download: false })
    expect(() => parseProviderSpec({ type: 'local', download: { url: 'https://example.com/m.gguf', sha256: 'x' } })).toThrow(/sha256/)
  })

  test('providerSpecId: given id, else the string form', () => {
    expect(providerSpecId({ type: 'openai', model: 'gpt-4o-mini' })).toBe('openai:gpt-4o-mini')
    expect(providerSpecId({ type: 'local' })).toBe('local')
    expect(providerSpecId({ type: 'local', modelPath: '/m.gguf', id: 'mine' })).toBe('mine')
    expect(providerSpecId(parseProviderSpec('openai:a@http://h:1/v1'))).toBe('openai:a@http://h:1/v1')
  })

  test('localModelName', () => {
    expect(localModelName(undefined)).toBe('default')
    expect(localModelName('C:\\models\\Tiny.GGUF')).toBe('Tiny')
    expect(localModelName('/a/b/model.bin')).toBe('model.bin')
  })
})

describe('parseProviderSpec: bad specs', () => {
  const bad: [string, unknown, RegExp][] = [
    ['unknown string type', 'gemini:gemini-2.5-flash', /"gemini:gemini-2.5-flash".*known provider type \(openai, local, anthropic, ollama\).*found "gemini"/s],
    ['openai without a model', 'openai', /"openai".*a model name after "openai:"/s],
    ['openai: with an empty model', 'openai:', /a model name after "openai:"/],
    ['empty model before @', 'openai:@http://h/v1', /a model name before "@"/],
    ['empty URL after @', 'openai:m@', /a base URL after "@"/],
    ['not a URL', 'openai:m@not a url', /"openai:m@not a url".*baseURL: an http\(s\) URL/s],
    ['a non-http URL', 'openai:m@ftp://h/v1', /baseURL/],
    ['local: without a path', 'local:', /a model path after "local:"/],
    ['empty string', '', /invalid provider spec ""/],
    ['unknown object type', { type: 'gemini', model: 'gemini-2.5-flash' }, /type.*openai.*local.*anthropic.*ollama/s],
    ['object without type', { model: 'gpt-4o' }, /invalid provider spec/],
    ['openai object without model', { type: 'openai' }, /model/],
    ['a typo in a field', { type: 'openai', model: 'm', basURL: 'http://h/v1' }, /basURL/],
    ['concurrency 0', { type: 'local', concurrency: 0 }, /concurrency/],
    ['bad api', { type: 'openai', model: 'm', api: 'responses' }, /api/],
    ['a key instead of a variable name', { type: 'openai', model: 'm', apiKeyEnv: 'sk-abc123' }, /NAME of an environment variable/],
    ['a number', 42, /invalid provider spec 42/],
    ['null', null, /invalid provider spec null/],
  ]
  test.each(bad)('%s', (_name, input, message) => {
    expect(() => parseProviderSpec(input)).toThrow(ProviderSpecError)
    expect(() => parseProviderSpec(input)).toThrow(message)
  })

  test('every error says what is expected', () => {
    expect(() => parseProviderSpec('nope')).toThrow(/expected "openai:<model>", "openai:<model>@<baseURL>", "local"/)
  })

  test('errors never echo credentials or header values', () => {
    const attempts: unknown[] = [
      'openai:m@ftp://user:s3cret@h/v1',
      { type: 'openai', model: 'm', headers: { authorization: 'Bearer s3cret' }, api: 'nope' },
      { type: 'openai', model: 'm', apiKeyEnv: 's3cret-key-value' },
    ]
    for (const input of attempts) {
      let message = ''
      try {
        parseProviderSpec(input)
      } catch (error) {
        message = error instanceof Error ? error.message : String(error)
      }
      expect(message).toMatch(/invalid provider spec/)
      expect(message).not.toContain('s3cret')
    }
  })
})
