import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { closeEmbedders, configureEmbeddingStore } from '../../../src/evaluators/embeddings/embedder.ts'
import { decodeVector, EmbeddingFileSchema, EmbeddingStore, embeddingKey, encodeVector } from '../../../src/evaluators/embeddings/store.ts'
import toBeSemanticallySimilar from '../../../src/evaluators/matchers/to-be-semantically-similar.ts'
import { startScriptedServer } from '../judge/scripted-server.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llm-bench-embeddings-'))
})
afterEach(async () => {
  configureEmbeddingStore(null)
  await closeEmbedders()
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const vectors: Record<string, number[]> = { 'a cat': [1, 0, 0], 'a kitten': [0.8, 0.6, 0], 'a truck': [0, 0, 1] }

describe('embedding store', () => {
  test('float32 base64 round trip; keys depend on provider, model and text', () => {
    const v = [0.25, -1.5, 3.125]
    expect(decodeVector(encodeVector(v))).toEqual(v)
    expect(embeddingKey('openai:a', 'a', 'x')).toMatch(/^[0-9a-f]{16}$/)
    expect(embeddingKey('openai:a', 'a', 'x')).not.toBe(embeddingKey('openai:b', 'b', 'x'))
  })

  test('read-write records vectors to the file; replay then answers without the provider; a replay miss names the fix', async () => {
    const file = join(dir, 'rw', '__recordings__', 'embeddings.json')
    const server = await startScriptedServer([], (text) => vectors[text] ?? [0, 1, 0])
    const provider = `openai:embed-test@${server.baseURL}`
    try {
      configureEmbeddingStore({ file, mode: 'read-write' })
      const first = await toBeSemanticallySimilar.evaluate('a kitten', 'a cat', { provider, min: 0.75 })
      expect(first).toMatchObject({ pass: true, score: 0.8, details: { cached: { output: false, expected: false } } })
      const written = EmbeddingFileSchema.parse(JSON.parse(await readFile(file, 'utf8')))
      expect(Object.values(written.embeddings).map((e) => e.text).sort()).toEqual(['a cat', 'a kitten'])
      expect(Object.values(written.embeddings).every((e) => e.dimensions === 3 && e.provider === provider)).toBe(true)
      expect(server.requests.filter((r) => r.path.endsWith('/embeddings'))).toHaveLength(2)
    } finally {
      await server.close()
    }
    // a fresh worker (memory forgotten), the server gone: replay answers from the file alone
    await closeEmbedders()
    configureEmbeddingStore({ file, mode: 'replay' })
    const replayed = await toBeSemanticallySimilar.evaluate('a kitten', 'a cat', { provider, min: 0.75 })
    expect(replayed).toMatchObject({ pass: true, score: 0.8, details: { cached: { output: true, expected: true } } })
    await expect(toBeSemanticallySimilar.evaluate('a truck', 'a cat', { provider })).rejects.toThrow(
      /no recorded embedding for "a truck" \(openai:embed-test@.*\) in .*embeddings\.json.*LLM_BENCH_CACHE=record/,
    )
  })

  test('record recomputes and rewrites; off writes nothing; concurrent stores all land in the file', async () => {
    const file = join(dir, 'rec', 'embeddings.json')
    const server = await startScriptedServer([], (text) => vectors[text] ?? [0, 1, 0])
    const provider = `openai:embed-test@${server.baseURL}`
    try {
      configureEmbeddingStore({ file: join(dir, 'off', 'embeddings.json'), mode: 'off' })
      await toBeSemanticallySimilar.evaluate('a kitten', 'a cat', { provider })
      await expect(readFile(join(dir, 'off', 'embeddings.json'))).rejects.toThrow(/ENOENT/)

      await closeEmbedders()
      configureEmbeddingStore({ file, mode: 'record' })
      const texts = Array.from({ length: 12 }, (_, i) => `text number ${i}`)
      await Promise.all(texts.map((t) => toBeSemanticallySimilar.evaluate(t, 'a cat', { provider })))
      const written = EmbeddingFileSchema.parse(JSON.parse(await readFile(file, 'utf8')))
      expect(Object.keys(written.embeddings)).toHaveLength(13)
      const before = server.requests.length
      await closeEmbedders()
      configureEmbeddingStore({ file, mode: 'record' })
      await toBeSemanticallySimilar.evaluate('a kitten', 'a cat', { provider })
      expect(server.requests.length - before).toBe(2) // record never reads the file
    } finally {
      await server.close()
    }
  })

  test('a corrupt file is a cache_corrupt error naming the file and field', async () => {
    const file = join(dir, 'bad.json')
    await writeFile(file, JSON.stringify({ version: 1, embeddings: { nothex: { provider: 'p', model: 'm', text: 't', dimensions: 1, vector: '' } } }))
    const store = new EmbeddingStore({ file, mode: 'replay' })
    await expect(store.lookup('0123456789abcdef')).rejects.toMatchObject({ errorClass: 'cache_corrupt', message: expect.stringMatching(/bad\.json: embeddings\.nothex.*16-hex-digit key/) })
    await writeFile(file, '{ not json')
    await expect(new EmbeddingStore({ file, mode: 'replay' }).lookup('0123456789abcdef')).rejects.toThrow(/bad\.json: not JSON/)
  })
})
