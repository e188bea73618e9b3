import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { resolveOpenAIEndpoint } from '../../src/providers/openai-options.ts'
import { createOpenAIProvider } from '../../src/providers/openai.ts'
import { parseProviderSpec } from '../../src/providers/spec.ts'
import { startTestServer, type TestServer } from '../server/test-server.ts'

/** Chat vs completions from the endpoint a base URL names, when `api` is left out; an explicit `api` wins. */

describe('resolveOpenAIEndpoint', () => {
  test.each([
    [undefined, undefined, 'chat', undefined],
    ['http://h:8000/v1', undefined, 'chat', 'http://h:8000/v1'],
    ['http://h:8000/v1/chat/completions', undefined, 'chat', 'http://h:8000/v1'],
    ['http://h:8000/v1/chat/completions/', undefined, 'chat', 'http://h:8000/v1'],
    ['http://h:8000/v1/completions', undefined, 'completions', 'http://h:8000/v1'],
    ['https://llm.example.com/openai/v1/completions', undefined, 'completions', 'https://llm.example.com/openai/v1'],
    ['http://h:8000/completions', undefined, 'completions', 'http://h:8000'],
    ['http://h:8000/v1/completions', 'chat', 'chat', 'http://h:8000/v1'],
    ['http://h:8000/v1/chat/completions', 'completions', 'completions', 'http://h:8000/v1'],
    ['http://h:8000/v1', 'completions', 'completions', 'http://h:8000/v1'],
    ['http://h:8000/v1/completionsX', undefined, 'chat', 'http://h:8000/v1/completionsX'],
  ] as const)('%s with api %s → %s at %s', (baseURL, api, expectedApi, expectedURL) => {
    expect(resolveOpenAIEndpoint(baseURL, api)).toEqual({ api: expectedApi, baseURL: expectedURL })
  })
})

describe('specs', () => {
  test('a spec without api gets the detected one; the id keeps the URL as written', () => {
    const spec = parseProviderSpec('openai:base@http://127.0.0.1:8000/v1/completions')
    expect(spec).toMatchObject({ type: 'openai', api: 'completions', baseURL: 'http://127.0.0.1:8000/v1/completions' })
    expect(spec.id).toBe('openai:base@http://127.0.0.1:8000/v1/completions')
    expect(parseProviderSpec('openai:m@http://127.0.0.1:8000/v1/chat/completions')).toMatchObject({ api: 'chat' })
    expect(parseProviderSpec('openai:m@http://127.0.0.1:8000/v1')).toMatchObject({ api: 'chat' })
    expect(parseProviderSpec({ type: 'openai', model: 'm', baseURL: 'http://h/v1/completions', api: 'chat' })).toMatchObject({ api: 'chat' })
  })
})

describe('against the server: the endpoint really called', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ answer: (request) => [request.endpoint] })
  })
  afterAll(async () => {
    await server.close()
  })
  const call = async (baseURL: string, api?: 'chat' | 'completions', stream = true) =>
    (await createOpenAIProvider({ model: 'm', baseURL, api, stream }).complete({ prompt: 'hi', params: {} })).output

  test('the path picks the endpoint (streamed and not)', async () => {
    for (const stream of [true, false]) {
      expect(await call(`${server.openaiURL}/completions`, undefined, stream)).toBe('completions')
      expect(await call(`${server.openaiURL}/chat/completions`, undefined, stream)).toBe('chat')
      expect(await call(server.openaiURL, undefined, stream)).toBe('chat')
    }
  })

  test('an explicit api wins over the path', async () => {
    expect(await call(`${server.openaiURL}/completions`, 'chat')).toBe('chat')
    expect(await call(server.openaiURL, 'completions')).toBe('completions')
  })
})
