import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ProviderResponse } from '../../../src/providers/types.ts'
import { acquireEngine, loadNodeLlamaCpp, releaseEngine } from '../../../src/providers/local/engine.ts'
import { chatWrapperName } from '../../../src/providers/local/generate.ts'
import { createLocalProvider, mergeParams, type LocalProvider } from '../../../src/providers/local/local-provider.ts'
import { Mutex } from '../../../src/providers/local/mutex.ts'
import { MODEL_FILE } from './model-server.ts'

let provider: LocalProvider

beforeAll(async () => {
  provider = await createLocalProvider({ type: 'local', id: 'local:stories', modelPath: MODEL_FILE, concurrency: 1 }, { env: {} })
})
afterAll(async () => {
  await provider.close()
})

/** The checks every streamed response passes. */
function expectSound(response: ProviderResponse): void {
  const { usage, timings } = response
  expect(response.output.length).toBeGreaterThan(0)
  expect(response.model).toBe('stories260K.gguf')
  expect(usage.source).toBe('provider')
  expect(usage.inputTokens).toBeGreaterThan(0)
  expect(usage.outputTokens).toBeGreaterThan(1)
  expect(timings.streamed).toBe(true)
  expect(timings.ttftMs).not.toBeNull()
  expect(timings.ttftMs).toBeGreaterThan(0)
  expect(timings.ttftMs ?? Infinity).toBeLessThanOrEqual(timings.e2eMs)
  expect(timings.tpotMs).toBeCloseTo((timings.e2eMs - (timings.ttftMs ?? 0)) / ((usage.outputTokens ?? 0) - 1), 9)
  expect(timings.itlMs.length).toBeGreaterThan(0)
  expect(timings.itlMs.length).toBeLessThanOrEqual((usage.outputTokens ?? 0) - 1)
  expect(timings.queueMs).toBeGreaterThanOrEqual(0)
}

describe('local provider: completion', () => {
  it('generates a real completion with token counts and streamed timings', async () => {
    const response = await provider.complete({ prompt: 'Once upon a time', params: { max_tokens: 40 } })
    expectSound(response)
    expect(provider.id).toBe('local:stories')
    expect(provider.type).toBe('local')
    expect(provider.resolved).toEqual({ path: MODEL_FILE, source: 'config' })
    expect(provider.loadMs).toBeGreaterThan(0)
    // BOS + the prompt's tokens; every token streamed on its own.
    expect(response.usage.inputTokens).toBe(7)
    expect(response.timings.itlMs).toHaveLength(39)
  })

  it("stops at max_tokens with finishReason 'length'", async () => {
    const response = await provider.complete({ prompt: 'The dog', params: { max_tokens: 5 } })
    expect(response.finishReason).toBe('length')
    expect(response.usage.outputTokens).toBe(5)
  })

  it('defaults max_tokens to 128, and takes the spec params under the request params', async () => {
    const response = await provider.complete({ prompt: 'Once upon a time', params: {} })
    expect(response.usage.outputTokens).toBe(128)
    expect(mergeParams({ max_tokens: 9, temperature: 1 }, { max_tokens: 3, temperature: undefined })).toEqual({ max_tokens: 3, temperature: 1 })
  })

  it('is deterministic at temperature 0 and independent of earlier requests', async () => {
    const params = { temperature: 0, max_tokens: 60 }
    const first = await provider.complete({ prompt: 'Tom had a red ball', params })
    await provider.complete({ prompt: 'Lily went to the park with her mom', params: { max_tokens: 100 } })
    const second = await provider.complete({ prompt: 'Tom had a red ball', params })
    expect(second.output).toBe(first.output)
  })

  it('samples with a seed reproducibly, and differently across seeds', async () => {
    const run = (seed: number) => provider.complete({ prompt: 'Once upon a time', params: { temperature: 1, top_p: 0.95, seed, max_tokens: 60 } })
    const [a, b, c] = [await run(1), await run(1), await run(2)]
    expect(b.output).toBe(a.output)
    expect(c.output).not.toBe(a.output)
  })

  it("ends at a stop string with finishReason 'stop'; the stop string is not in the output but was generated", async () => {
    const response = await provider.complete({ prompt: 'Lily', params: { max_tokens: 100, stop: ['.'] } })
    expect(response.finishReason).toBe('stop')
    expect(response.output).not.toContain('.')
    expect(response.output.length).toBeGreaterThan(0)
    expect(response.usage.outputTokens).toBeLessThan(100)
  })

  it('prepends a system prompt and a blank line to a prompt request', async () => {
    const plain = await provider.complete({ prompt: 'The cat', params: { max_tokens: 10 } })
    const withSystem = await provider.complete({ prompt: 'The cat', system: 'A story for kids.', params: { max_tokens: 10 } })
    expect(withSystem.usage.inputTokens).toBeGreaterThan((plain.usage.inputTokens ?? 0) + 4)
    expect(withSystem.output).not.toBe(plain.output)
  })
})

describe('local provider: chat', () => {
  it('answers a chat through the Llama2Chat wrapper node-llama-cpp picks for this model', async () => {
    const response = await provider.complete({
      messages: [
        { role: 'system', content: 'You are a storyteller.' },
        { role: 'user', content: 'Tell me a story about a dog.' },
      ],
      params: { max_tokens: 30 },
    })
    expectSound(response)
    expect(response.finishReason).toBe('length')
    expect(response.usage.outputTokens).toBe(30)
    // "<s>[INST] <<SYS>>\nYou are a storyteller.\n<</SYS>>\n\nTell me a story about a dog. [/INST] "
    expect(response.usage.inputTokens).toBe(68)

    const engine = await acquireEngine({ modelPath: MODEL_FILE, contextSize: 2048, threads: 1 })
    try {
      expect(await engine.mutex.run(async () => chatWrapperName(engine))).toBe('Llama2Chat')
    } finally {
      await releaseEngine({ modelPath: MODEL_FILE, contextSize: 2048, threads: 1 })
    }
  })

  it('adds no default system prompt, and sends earlier turns as history', async () => {
    const single = await provider.complete({ messages: [{ role: 'user', content: 'Tell me a story about a dog.' }], params: { max_tokens: 20 } })
    expectSound(single)
    expect(single.usage.inputTokens).toBeLessThan(40)

    const turns = await provider.complete({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello there.' },
        { role: 'user', content: 'Tell me a story.' },
      ],
      params: { max_tokens: 20, temperature: 0 },
    })
    expectSound(turns)
    expect(turns.usage.inputTokens).toBe(84)
    const again = await provider.complete({ messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello there.' }, { role: 'user', content: 'Tell me a story.' }], params: { max_tokens: 20, temperature: 0 } })
    expect(again.output).toBe(turns.output)
  })

  it("rejects a chat whose last message is not the user's", async () => {
    await expect(provider.complete({ messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }], params: {} })).rejects.toThrow(
      'needs the last chat message to be the user\'s (got a final "assistant" message)',
    )
    await expect(provider.complete({ params: {} })).rejects.toThrow('needs `messages` or `prompt`')
    await expect(provider.complete({ prompt: 'x', params: { max_tokens: 0 } })).rejects.toThrow('max_tokens must be a positive integer, got 0')
  })
})

describe('local provider: concurrency and abort', () => {
  it('serialises concurrent requests; each gives what it gives alone', async () => {
    const params = { temperature: 0, max_tokens: 30 }
    const alone = await provider.complete({ prompt: 'Ben and Mia', params })
    const together = await Promise.all([1, 2, 3].map(() => provider.complete({ prompt: 'Ben and Mia', params, queuedAt: performance.now() })))
    for (const response of together) expect(response.output).toBe(alone.output)
    // The third waited for the other two: its queue time shows it.
    const queues = together.map((r) => r.timings.queueMs)
    expect(queues[2]).toBeGreaterThan(Math.min(together[0]?.timings.e2eMs ?? 0, together[1]?.timings.e2eMs ?? 0))
  })

  it('rejects an aborted request quickly with an AbortError, then keeps working', async () => {
    const controller = new AbortController()
    const started = performance.now()
    const pending = provider.complete({ prompt: 'Once upon a time', params: { max_tokens: 1800 }, signal: controller.signal })
    setTimeout(() => controller.abort(), 15)
    const error = await pending.catch((e: unknown) => e)
    const took = performance.now() - started
    expect((error as Error).name).toBe('AbortError')
    expect(error).toBeInstanceOf(Error)
    expect(took).toBeLessThan(1000)

    const already = AbortSignal.abort()
    await expect(provider.complete({ prompt: 'x', params: {}, signal: already })).rejects.toMatchObject({ name: 'AbortError' })

    expectSound(await provider.complete({ prompt: 'Once upon a time', params: { max_tokens: 10 } }))
  })

  it('a request aborted while waiting for the model leaves the queue at once', async () => {
    const running = provider.complete({ prompt: 'Once upon a time', params: { max_tokens: 300 } })
    const controller = new AbortController()
    const waiting = provider.complete({ prompt: 'Once upon a time', params: { max_tokens: 300 }, signal: controller.signal })
    await new Promise((resolve) => setTimeout(resolve, 5))
    const abortedAt = performance.now()
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' })
    expect(performance.now() - abortedAt).toBeLessThan(200)
    expectSound(await running)
  })

  it('the mutex is FIFO', async () => {
    const mutex = new Mutex()
    const order: number[] = []
    await Promise.all([1, 2, 3].map((n) => mutex.run(async () => void order.push(n))))
    expect(order).toEqual([1, 2, 3])
  })
})

describe('local provider: lifecycle', () => {
  it('close() waits for the running request, then frees the model; a closed provider refuses requests; another provider loads it again', async () => {
    const other = await createLocalProvider({ type: 'local', id: 'local:other', modelPath: MODEL_FILE, concurrency: 1 }, { env: {}, contextSize: 512 })
    expect(other.loadMs).toBeNull()
    expectSound(await other.complete({ prompt: 'Once upon a time', params: { max_tokens: 10 } }))
    const running = other.complete({ prompt: 'Once upon a time', params: { max_tokens: 50 } })
    await other.close()
    expectSound(await running)
    await expect(other.complete({ prompt: 'x', params: {} })).rejects.toThrow('The local provider "local:other" is closed')
  })

  it('a file that is not a GGUF fails the request with an error naming the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llm-bench-bad-'))
    const bad = join(dir, 'bad.gguf')
    await writeFile(bad, 'not a model '.repeat(64))
    const broken = await createLocalProvider({ type: 'local', id: 'local:bad', modelPath: bad, concurrency: 1 }, { env: {} })
    try {
      await expect(broken.complete({ prompt: 'x', params: {} })).rejects.toThrow(`Failed to load the model ${bad}: Invalid GGUF magic`)
      await expect(broken.complete({ prompt: 'x', params: {} })).rejects.toThrow('Failed to load the model')
    } finally {
      await broken.close()
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('says to install node-llama-cpp when it is missing', async () => {
    await expect(loadNodeLlamaCpp('node-llama-cpp-not-installed')).rejects.toThrow('npm install node-llama-cpp')
  })

  it('a model path given but missing fails at creation, naming it', async () => {
    await expect(createLocalProvider({ type: 'local', id: 'local:x', modelPath: '/no/model.gguf', concurrency: 1 }, { env: {} })).rejects.toThrow(
      'Model file not found: /no/model.gguf',
    )
  })
})
