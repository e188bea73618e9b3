import { describe, expect, test } from 'vitest'
import { ProviderError, isRetryableClass, redactSecrets } from '../../src/providers/errors.ts'
import { classifyStatus } from '../../src/providers/openai-errors.ts'
import { defaultOpenAIId, displayURL, isOfficialOpenAI } from '../../src/providers/openai-options.ts'
import { createOpenAIProvider } from '../../src/providers/openai.ts'
import { mergeParams, toChatMessages, toCompletionPrompt } from '../../src/providers/openai-request.ts'
import { readServerTimings, toFinishReason, toUsage } from '../../src/providers/openai-response.ts'

describe('request building', () => {
  test('request params override defaults field by field; undefined never overrides', () => {
    expect(mergeParams({ temperature: 0.7, max_tokens: 100, seed: 1 }, { temperature: 0, max_tokens: undefined, stop: ['\n'] })).toEqual({
      temperature: 0,
      max_tokens: 100,
      seed: 1,
      stop: ['\n'],
    })
  })

  test('chat: a prompt becomes a final user message after any given messages', () => {
    expect(toChatMessages({ prompt: 'hi', params: {} })).toEqual([{ role: 'user', content: 'hi' }])
    expect(toChatMessages({ messages: [{ role: 'system', content: 'be brief' }], prompt: 'hi', params: {} })).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hi' },
    ])
    expect(toChatMessages({ system: 'be brief', prompt: 'hi', params: {} })).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'hi' },
    ])
    expect(toChatMessages({ params: {} })).toBeUndefined()
    expect(toChatMessages({ system: 'alone', params: {} })).toBeUndefined()
  })

  test('completions: messages flatten to contents separated by blank lines', () => {
    const messages = [
      { role: 'system' as const, content: 'S' },
      { role: 'user' as const, content: 'U' },
    ]
    expect(toCompletionPrompt({ messages, params: {} })).toBe('S\n\nU')
    expect(toCompletionPrompt({ prompt: 'P', params: {} })).toBe('P')
    expect(toCompletionPrompt({ system: 'S', prompt: 'P', params: {} })).toBe('S\n\nP')
    expect(toCompletionPrompt({ params: {} })).toBeUndefined()
  })
})

describe('response reading', () => {
  test('finish reasons', () => {
    expect(['stop', 'length', 'content_filter', 'tool_calls', 'function_call', 'eos', null, undefined].map(toFinishReason)).toEqual([
      'stop',
      'length',
      'content_filter',
      'tool_calls',
      'tool_calls',
      'unknown',
      'unknown',
      'unknown',
    ])
  })

  test('usage is the server\'s or none', () => {
    expect(toUsage({ prompt_tokens: 5, completion_tokens: 7 })).toEqual({ inputTokens: 5, outputTokens: 7, source: 'provider' })
    expect(toUsage(undefined)).toEqual({ inputTokens: null, outputTokens: null, source: 'none' })
    expect(toUsage({ completion_tokens: 3 })).toEqual({ inputTokens: null, outputTokens: 3, source: 'provider' })
  })

  test('llama.cpp timings: numbers only', () => {
    expect(readServerTimings({ timings: { prompt_ms: 1.5, predicted_n: 4, note: 'x' } })).toEqual({ prompt_ms: 1.5, predicted_n: 4 })
    expect(readServerTimings({ choices: [] })).toBeUndefined()
    expect(readServerTimings({ timings: null })).toBeUndefined()
  })
})

describe('errors', () => {
  test('status classes', () => {
    expect(classifyStatus(429)).toEqual({ errorClass: 'rate_limit', retryable: true })
    expect(classifyStatus(503)).toEqual({ errorClass: 'server_error', retryable: true })
    expect(classifyStatus(401).errorClass).toBe('auth')
    expect(classifyStatus(403).errorClass).toBe('auth')
    expect(classifyStatus(404).errorClass).toBe('not_found')
    expect(classifyStatus(408)).toEqual({ errorClass: 'timeout', retryable: true })
    expect(classifyStatus(422)).toEqual({ errorClass: 'bad_request', retryable: false })
  })

  test('retryable defaults by class', () => {
    expect(new ProviderError('x', { errorClass: 'connection' }).retryable).toBe(true)
    expect(new ProviderError('x', { errorClass: 'missing_key' }).retryable).toBe(false)
    expect(new ProviderError('x', { errorClass: 'bad_request', retryable: true }).retryable).toBe(true)
    expect(isRetryableClass('aborted')).toBe(false)
  })

  test('redaction of exact secrets and sk- keys, masked or not', () => {
    expect(redactSecrets('key is abc123secret!', ['abc123secret'])).toBe('key is [redacted]!')
    expect(redactSecrets('Incorrect API key provided: sk-proj-abc1********************xyz9.')).toBe('Incorrect API key provided: sk-[redacted]')
  })
})

describe('options', () => {
  test('ids and URLs', () => {
    expect(defaultOpenAIId('gpt-4o')).toBe('openai:gpt-4o')
    expect(defaultOpenAIId('m', 'http://u:p@h:8080/v1/?k=1#x')).toBe('openai:m@http://h:8080/v1')
    expect(displayURL('nope')).toBe('<invalid URL>')
    expect(isOfficialOpenAI(undefined)).toBe(true)
    expect(isOfficialOpenAI('https://api.openai.com/v1')).toBe(true)
    expect(isOfficialOpenAI('http://127.0.0.1:8080/v1')).toBe(false)
  })

  test('invalid options are a clear error', () => {
    expect(() => createOpenAIProvider({ model: '', baseURL: 'http://h/v1' })).toThrow(/invalid OpenAI provider options:\s.*model/s)
    expect(() => createOpenAIProvider({ model: 'm', baseURL: 'http://h/v1', api: 'responses' as 'chat' })).toThrow(/api/)
  })
})
