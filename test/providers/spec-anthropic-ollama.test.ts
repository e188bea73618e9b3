import { afterEach, describe, expect, test, vi } from 'vitest'
import { createProvider } from '../../src/providers/registry.ts'
import { DEFAULT_RETRY, ProviderSpecError, parseProviderSpec } from '../../src/providers/spec.ts'

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('anthropic specs', () => {
  test('anthropic:<model> targets the real API with defaults, concurrency 16', () => {
    expect(parseProviderSpec('anthropic:claude-haiku-4-5')).toEqual({
      type: 'anthropic',
      id: 'anthropic:claude-haiku-4-5',
      model: 'claude-haiku-4-5',
      apiKeyEnv: 'ANTHROPIC_API_KEY',
      stream: true,
      params: {},
      concurrency: 16,
      retry: DEFAULT_RETRY,
    })
  })

  test('anthropic:<model>@<baseURL>; credentials never reach the id', () => {
    const spec = parseProviderSpec('anthropic:claude-haiku-4-5@https://user:s3cret@proxy.example.com/anthropic?key=k')
    expect(spec).toMatchObject({ type: 'anthropic', model: 'claude-haiku-4-5', baseURL: 'https://user:s3cret@proxy.example.com/anthropic?key=k' })
    expect(spec.id).toBe('anthropic:claude-haiku-4-5@https://proxy.example.com/anthropic')
  })

  test('an object with every field, common fields included', () => {
    const input = {
      type: 'anthropic',
      model: 'claude-sonnet-4-5',
      baseURL: 'http://127.0.0.1:9000',
      apiKeyEnv: 'TEAM_KEY',
      stream: false,
      params: { max_tokens: 256, temperature: 0 },
      id: 'sonnet',
      concurrency: 4,
      timeoutMs: 30_000,
      headers: { 'x-team': 'evals' },
      rpm: 50,
      tpm: 40_000,
      retry: { attempts: 2, baseDelayMs: 100, maxDelayMs: 1000 },
      price: { input: 3, output: 15, cachedInput: 0.3 },
    }
    expect(parseProviderSpec(input)).toEqual(input)
  })

  test('bad anthropic specs', () => {
    expect(() => parseProviderSpec('anthropic:')).toThrow(/a model name after "anthropic:"/)
    expect(() => parseProviderSpec('anthropic:m@')).toThrow(/a base URL after "@"/)
    expect(() => parseProviderSpec({ type: 'anthropic', model: 'm', api: 'chat' })).toThrow(ProviderSpecError)
    expect(() => parseProviderSpec({ type: 'anthropic', model: 'm', apiKeyEnv: 'sk-ant-abc' })).toThrow(/NAME of an environment variable/)
  })
})

describe('ollama specs', () => {
  test('ollama:<model> on the default host, concurrency 4, chat', () => {
    expect(parseProviderSpec('ollama:llama3.2')).toEqual({
      type: 'ollama',
      id: 'ollama:llama3.2',
      model: 'llama3.2',
      api: 'chat',
      stream: true,
      params: {},
      concurrency: 4,
      retry: DEFAULT_RETRY,
    })
  })

  test('ollama:<model>@<host>; tagged model names survive', () => {
    const spec = parseProviderSpec('ollama:qwen2.5:0.5b@http://127.0.0.1:11434')
    expect(spec).toMatchObject({ type: 'ollama', model: 'qwen2.5:0.5b', host: 'http://127.0.0.1:11434' })
    expect(spec.id).toBe('ollama:qwen2.5:0.5b@http://127.0.0.1:11434')
  })

  test('an object', () => {
    expect(parseProviderSpec({ type: 'ollama', model: 'llama3.2', host: 'http://gpu:11434', api: 'generate', stream: false, keepAlive: '5m', concurrency: 1 })).toMatchObject({
      id: 'ollama:llama3.2@http://gpu:11434',
      api: 'generate',
      stream: false,
      keepAlive: '5m',
      concurrency: 1,
    })
  })

  test('bad ollama specs', () => {
    expect(() => parseProviderSpec('ollama')).toThrow(/a model name after "ollama:"/)
    expect(() => parseProviderSpec('ollama:m@')).toThrow(/a host URL after "@"/)
    expect(() => parseProviderSpec({ type: 'ollama', model: 'm', api: 'embed' })).toThrow(/api/)
    expect(() => parseProviderSpec({ type: 'ollama', model: 'm', baseURL: 'http://h' })).toThrow(/baseURL/)
  })
})

describe('registry', () => {
  test('anthropic and ollama specs make their providers (limits, retry and price stay with the runner)', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-test')
    const anthropic = await createProvider(parseProviderSpec({ type: 'anthropic', model: 'claude-haiku-4-5', rpm: 10, price: { input: 1, output: 5 } }))
    expect(anthropic).toMatchObject({ id: 'anthropic:claude-haiku-4-5', type: 'anthropic', model: 'claude-haiku-4-5' })
    const ollama = await createProvider(parseProviderSpec({ type: 'ollama', model: 'llama3.2', tpm: 1000, retry: { attempts: 1 } }))
    expect(ollama).toMatchObject({ id: 'ollama:llama3.2', type: 'ollama', model: 'llama3.2' })
  })

  test('anthropic without its key rejects with missing_key', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', undefined)
    await expect(createProvider(parseProviderSpec('anthropic:claude-haiku-4-5'))).rejects.toMatchObject({ errorClass: 'missing_key' })
  })
})
