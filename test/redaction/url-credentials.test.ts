import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createAnthropicProvider } from '../../src/providers/anthropic.ts'
import { createOllamaProvider } from '../../src/providers/ollama.ts'
import { createOpenAIProvider } from '../../src/providers/openai.ts'
import type { Provider } from '../../src/providers/types.ts'
import { startTestServer, type TestServer } from '../server/test-server.ts'

/**
 * A base URL with credentials in it (`http://user:secret@host/...`) works for
 * every HTTP provider: fetch refuses such URLs, so the credentials go as Basic
 * auth, which the (real, local) server sees; the provider id shows the URL
 * without them.
 */

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ answer: 'fine' })
})
afterAll(() => server?.close())

const withCredentials = (url: string): string => url.replace('http://', 'http://proxyuser:pr%40xy-secret-42@')
const basic = `Basic ${Buffer.from('proxyuser:pr@xy-secret-42').toString('base64')}`

async function answered(provider: Provider): Promise<string> {
  const response = await provider.complete({ prompt: 'hi', params: { max_tokens: 4 }, queuedAt: performance.now() })
  return response.output
}

describe('credentials in a base URL are sent as Basic auth', () => {
  test('openai, anthropic and ollama answer, the server saw the Basic credentials', async () => {
    const providers = [
      createOpenAIProvider({ model: 'm', baseURL: withCredentials(server.openaiURL), apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', stream: false }),
      createAnthropicProvider({ model: 'm', baseURL: withCredentials(server.anthropicURL), apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', stream: false }),
      createOllamaProvider({ model: 'm', host: withCredentials(server.ollamaURL), stream: false }),
    ]
    for (const provider of providers) {
      server.reset()
      expect(await answered(provider), provider.id).toBe('fine')
      expect(server.stats().authorization, provider.id).toEqual([basic])
      expect(provider.id).not.toContain('secret')
    }
  })

  test("the spec's own Authorization header wins over the URL's credentials", async () => {
    server.reset()
    const provider = createOpenAIProvider({ model: 'm', baseURL: withCredentials(server.openaiURL), headers: { Authorization: 'Bearer own-token-123' }, stream: false })
    expect(await answered(provider)).toBe('fine')
    expect(server.stats().authorization).toEqual(['Bearer own-token-123'])
  })
})
