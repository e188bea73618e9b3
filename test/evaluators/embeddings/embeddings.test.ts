import { afterAll, describe, expect, test } from 'vitest'
import toBeSemanticallySimilar from '../../../src/evaluators/matchers/to-be-semantically-similar.ts'
import { cosineSimilarity, similarityScore } from '../../../src/evaluators/embeddings/cosine.ts'
import { closeEmbedders, resolveEmbeddingSpec } from '../../../src/evaluators/embeddings/embedder.ts'
import { startScriptedServer } from '../judge/scripted-server.ts'

afterAll(() => closeEmbedders())

describe('cosine', () => {
  test('same direction 1, orthogonal 0, opposite -1; score = max(0, cos)', () => {
    expect(cosineSimilarity([1, 2, 3], [2, 4, 6])).toBeCloseTo(1)
    expect(cosineSimilarity([1, 0], [0, 5])).toBe(0)
    expect(cosineSimilarity([1, 1], [-1, -1])).toBeCloseTo(-1)
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0)
    expect(similarityScore(-0.4)).toBe(0)
    expect(similarityScore(0.9)).toBe(0.9)
    expect(() => cosineSimilarity([1], [1, 2])).toThrow(/different lengths/)
  })
  test('spec: option, else env, else local; anthropic refused', () => {
    expect(resolveEmbeddingSpec(undefined, {})).toMatchObject({ type: 'local' })
    expect(resolveEmbeddingSpec(undefined, { LLM_BENCH_EMBEDDINGS: 'ollama:nomic-embed-text' })).toMatchObject({ type: 'ollama', model: 'nomic-embed-text' })
    expect(() => resolveEmbeddingSpec('anthropic:claude-haiku-4-5', {})).toThrow(/no embeddings API/)
  })
})

describe('toBeSemanticallySimilar against a real HTTP embeddings endpoint', () => {
  test('cosine of the two vectors; repeated texts come from the in-memory cache', async () => {
    const vectors: Record<string, number[]> = { 'a cat': [1, 0, 0], 'a kitten': [0.8, 0.6, 0], 'a truck': [0, 0, 1] }
    const server = await startScriptedServer([], (text) => vectors[text] ?? [0, 1, 0])
    try {
      const provider = `openai:embed-test@${server.baseURL}`
      const near = await toBeSemanticallySimilar.evaluate('a kitten', 'a cat', { provider, min: 0.75 })
      expect(near).toMatchObject({ pass: true, score: 0.8, threshold: 0.75, details: { cosine: 0.8, dimensions: 3, model: 'embed-test', cached: { output: false, expected: false } } })
      const far = await toBeSemanticallySimilar.evaluate('a truck', 'a cat', { provider })
      expect(far).toMatchObject({ pass: false, score: 0, threshold: 0.8, details: { cached: { output: false, expected: true } } })
      expect(far.reason).toMatch(/cosine similarity 0\.000/)
      expect(server.requests.filter((r) => r.path.endsWith('/embeddings'))).toHaveLength(3)
    } finally {
      await server.close()
    }
  })
})
