import { afterEach, describe, expect, test, vi } from 'vitest'
import { KNOWN_PROVIDER_TYPES, createProvider } from '../../src/providers/registry.ts'
import { parseProviderSpec, type ProviderSpec } from '../../src/providers/spec.ts'
import { ProviderError } from '../../src/providers/errors.ts'
import { storiesModelPath } from '../helpers/llama-server.ts'

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('createProvider', () => {
  test('an openai spec makes an OpenAI provider with the spec id', async () => {
    const spec = parseProviderSpec({ type: 'openai', model: 'stories', baseURL: 'http://127.0.0.1:9/v1', id: 'tiny', concurrency: 2 })
    const provider = await createProvider(spec)
    expect(provider).toMatchObject({ id: 'tiny', type: 'openai', model: 'stories' })
  })

  test('a string spec keeps its string form as id', async () => {
    const provider = await createProvider(parseProviderSpec('openai:stories@http://127.0.0.1:9/v1'))
    expect(provider.id).toBe('openai:stories@http://127.0.0.1:9/v1')
  })

  test('a missing key rejects (not throws) with missing_key', async () => {
    vi.stubEnv('OPENAI_API_KEY', undefined)
    const pending = createProvider(parseProviderSpec('openai:gpt-4o-mini'))
    await expect(pending).rejects.toBeInstanceOf(ProviderError)
    await expect(pending).rejects.toThrow(/OPENAI_API_KEY/)
  })

  test('an unknown type lists the known ones', async () => {
    const spec = { type: 'gemini', id: 'gemini:gemini-2.5-flash' } as unknown as ProviderSpec
    await expect(createProvider(spec)).rejects.toThrow(/unknown provider type "gemini"; known types: openai, local, anthropic, ollama/)
    expect(KNOWN_PROVIDER_TYPES).toEqual(['openai', 'local', 'anthropic', 'ollama', 'function'])
  })
})

describe('createProvider: local', () => {
  test('a local spec is handed to the local provider (loaded on demand)', async () => {
    const provider = await createProvider(parseProviderSpec(`local:${storiesModelPath()}`))
    try {
      expect(provider).toMatchObject({ type: 'local', id: `local:${storiesModelPath()}` })
    } finally {
      await provider.close?.()
    }
  })
})
