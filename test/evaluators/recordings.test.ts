import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { closeEmbedders } from '../../src/evaluators/embeddings/embedder.ts'
import { closeJudges } from '../../src/evaluators/judge/judge-provider.ts'
import toBeSemanticallySimilar from '../../src/evaluators/matchers/to-be-semantically-similar.ts'
import toSatisfyRubric from '../../src/evaluators/matchers/to-satisfy-rubric.ts'
import {
  configureEvaluatorRecordings,
  decodeVector,
  EmbeddingEntrySchema,
  encodeVector,
  JudgeEntrySchema,
} from '../../src/evaluators/recordings/evaluator-recordings.ts'
import { KeyedStore, recordingFileSchema, recordingKey } from '../../src/evaluators/recordings/keyed-store.ts'
import { startScriptedServer } from './judge/scripted-server.ts'

const EmbeddingFileSchema = recordingFileSchema(EmbeddingEntrySchema)
const JudgeFileSchema = recordingFileSchema(JudgeEntrySchema)

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'llm-bench-embeddings-'))
})
afterEach(async () => {
  configureEvaluatorRecordings(null)
  await Promise.all([closeEmbedders(), closeJudges()])
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const vectors: Record<string, number[]> = { 'a cat': [1, 0, 0], 'a kitten': [0.8, 0.6, 0], 'a truck': [0, 0, 1] }

describe('evaluator recordings: embeddings', () => {
  test('float32 base64 round trip; keys depend on provider, model and text', () => {
    const v = [0.25, -1.5, 3.125]
    expect(decodeVector(encodeVector(v))).toEqual(v)
    expect(recordingKey('openai:a', 'a', 'x')).toMatch(/^[0-9a-f]{16}$/)
    expect(recordingKey('openai:a', 'a', 'x')).not.toBe(recordingKey('openai:b', 'b', 'x'))
  })

  test('read-write records vectors to the file; replay then answers without the provider; a replay miss names the fix', async () => {
    const file = join(dir, 'rw', 'embeddings.json')
    const server = await startScriptedServer([], (text) => vectors[text] ?? [0, 1, 0])
    const provider = `openai:embed-test@${server.baseURL}`
    try {
      configureEvaluatorRecordings({ dir: join(dir, 'rw'), mode: 'read-write' })
      const first = await toBeSemanticallySimilar.evaluate('a kitten', 'a cat', { provider, min: 0.75 })
      expect(first).toMatchObject({ pass: true, score: 0.8, details: { cached: { output: false, expected: false } } })
      const written = EmbeddingFileSchema.parse(JSON.parse(await readFile(file, 'utf8')))
      expect(Object.values(written.entries).map((e) => e.text).sort()).toEqual(['a cat', 'a kitten'])
      expect(Object.values(written.entries).every((e) => e.dimensions === 3 && e.provider === provider)).toBe(true)
      expect(server.requests.filter((r) => r.path.endsWith('/embeddings'))).toHaveLength(2)
    } finally {
      await server.close()
    }
    // a fresh worker (memory forgotten), the server gone: replay answers from the file alone
    await closeEmbedders()
    configureEvaluatorRecordings({ dir: join(dir, 'rw'), mode: 'replay' })
    const replayed = await toBeSemanticallySimilar.evaluate('a kitten', 'a cat', { provider, min: 0.75 })
    expect(replayed).toMatchObject({ pass: true, score: 0.8, details: { cached: { output: true, expected: true } } })
    await expect(toBeSemanticallySimilar.evaluate('a truck', 'a cat', { provider })).rejects.toThrow(
      /no recorded embedding for "a truck" \(openai:embed-test@.*\) in .*embeddings\.json; replay never calls the provider.*LLM_BENCH_CACHE=record/,
    )
  })

  test('record recomputes and rewrites; off writes nothing; concurrent stores all land in the file', async () => {
    const file = join(dir, 'rec', 'embeddings.json')
    const server = await startScriptedServer([], (text) => vectors[text] ?? [0, 1, 0])
    const provider = `openai:embed-test@${server.baseURL}`
    try {
      configureEvaluatorRecordings({ dir: join(dir, 'off'), mode: 'off' })
      await toBeSemanticallySimilar.evaluate('a kitten', 'a cat', { provider })
      await expect(readFile(join(dir, 'off', 'embeddings.json'))).rejects.toThrow(/ENOENT/)

      await closeEmbedders()
      configureEvaluatorRecordings({ dir: join(dir, 'rec'), mode: 'record' })
      const texts = Array.from({ length: 12 }, (_, i) => `text number ${i}`)
      await Promise.all(texts.map((t) => toBeSemanticallySimilar.evaluate(t, 'a cat', { provider })))
      const written = EmbeddingFileSchema.parse(JSON.parse(await readFile(file, 'utf8')))
      expect(Object.keys(written.entries)).toHaveLength(13)
      const before = server.requests.length
      await closeEmbedders()
      configureEvaluatorRecordings({ dir: join(dir, 'rec'), mode: 'record' })
      await toBeSemanticallySimilar.evaluate('a kitten', 'a cat', { provider })
      expect(server.requests.length - before).toBe(2) // record never reads the file
    } finally {
      await server.close()
    }
  })

  test('a corrupt file is a cache_corrupt error naming the file and field', async () => {
    const file = join(dir, 'bad.json')
    const store = (): KeyedStore<typeof EmbeddingEntrySchema> => new KeyedStore({ file, mode: 'replay', entry: EmbeddingEntrySchema, what: 'embedding' })
    await writeFile(file, JSON.stringify({ version: 1, entries: { nothex: { provider: 'p', model: 'm', text: 't', dimensions: 1, vector: '' } } }))
    await expect(store().lookup('0123456789abcdef')).rejects.toMatchObject({ errorClass: 'cache_corrupt', message: expect.stringMatching(/bad\.json: entries\.nothex: a 16-hex-digit key/) })
    await writeFile(file, JSON.stringify({ version: 1, entries: { '0123456789abcdef': { provider: 'p', model: 'm', text: 't', dimensions: 0, vector: '' } } }))
    await expect(store().lookup('0123456789abcdef')).rejects.toThrow(/bad\.json: entries\.0123456789abcdef\.dimensions: Too small/)
    await writeFile(file, '{ not json')
    await expect(store().lookup('0123456789abcdef')).rejects.toThrow(/bad\.json: not JSON/)
  })
})

describe('evaluator recordings: judge answers', () => {
  const verdict = JSON.stringify({ criteria: [{ name: 'polite', score: 0.9, reasoning: 'says please' }] })
  const criteria = [{ name: 'polite', description: 'The answer is polite' }]

  test('read-write records the judge call; replay scores the same with the judge gone, at no cost; a new output is a miss', async () => {
    const server = await startScriptedServer([verdict])
    const judge = { type: 'openai', model: 'judge-m', baseURL: server.baseURL, stream: false, price: { input: 1, output: 2 } }
    configureEvaluatorRecordings({ dir: join(dir, 'judge'), mode: 'read-write' })
    let live: Awaited<ReturnType<typeof toSatisfyRubric.evaluate>>
    try {
      live = await toSatisfyRubric.evaluate('Please sit down.', criteria, { judge, min: 0.5 })
    } finally {
      await server.close()
    }
    expect(live).toMatchObject({ pass: true, score: 0.9, details: { judge: { calls: 1, replayed: 0 } } })
    expect((live.details?.['judge'] as { cost: number | null }).cost).toBeGreaterThan(0)
    const written = JudgeFileSchema.parse(JSON.parse(await readFile(join(dir, 'judge', 'judge.json'), 'utf8')))
    expect(Object.values(written.entries)).toEqual([expect.objectContaining({ answer: verdict, model: 'judge-m' })])

    await closeJudges()
    configureEvaluatorRecordings({ dir: join(dir, 'judge'), mode: 'replay' })
    const replayed = await toSatisfyRubric.evaluate('Please sit down.', criteria, { judge, min: 0.5 })
    expect(replayed).toMatchObject({ pass: true, score: 0.9, details: { judge: { calls: 1, replayed: 1, cost: 0 } } })
    const miss = await toSatisfyRubric.evaluate('Sit.', criteria, { judge, min: 0.5 })
    expect(miss.pass).toBe(false)
    expect(miss.reason).toMatch(/no recorded judge answer for this openai:judge-m.* call .*judge\.json; replay never calls the provider/)
  })
})
