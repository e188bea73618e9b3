import { z } from 'zod'
import { defineEvaluator, parseMatcherOptions } from '../define-evaluator.ts'
import { cosineSimilarity, similarityScore } from '../embeddings/cosine.ts'
import { embedCached, resolveEmbeddingSpec } from '../embeddings/embedder.ts'
import { formatScore } from '../text.ts'

const OptionsSchema = z.strictObject({
  /** Score (max(0, cosine)) needed to pass. */
  min: z.number().min(0).max(1).default(0.8),
  /** Embedding provider: `openai:<model>[@baseURL]`, `ollama:<model>[@host]`, `local[:path.gguf]` or an object spec; default env LLM_BENCH_EMBEDDINGS, else `local`. */
  provider: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
})

export type SemanticallySimilarOptions = z.input<typeof OptionsSchema>

/**
 * Cosine similarity of the embeddings of the output and `expected`, from an embedding
 * provider; score = max(0, cosine). Embeddings are kept in memory per worker and
 * recorded like responses (`__recordings__/embeddings.json`, same cache mode).
 */
export default defineEvaluator({
  name: 'toBeSemanticallySimilar',
  description: 'The output means the same as the expected answer: score = max(0, cosine similarity of embeddings), pass when score >= min.',
  options: OptionsSchema,
  argsFromCase(testCase, options): [string, SemanticallySimilarOptions] {
    if (testCase.expected === null) {
      throw new Error(`toBeSemanticallySimilar: case "${testCase.id}" has no expected answer; add \`expected:\` to the case or drop the assertion`)
    }
    return [testCase.expected, options]
  },
  async evaluate(received: string, expected: string, options?: SemanticallySimilarOptions) {
    const settings = parseMatcherOptions('toBeSemanticallySimilar', OptionsSchema, options)
    const spec = resolveEmbeddingSpec(settings.provider)
    const [output, reference] = await Promise.all([embedCached(spec, received), embedCached(spec, expected)])
    const cosine = cosineSimilarity(output.vector, reference.vector)
    const score = similarityScore(cosine)
    const pass = score >= settings.min
    return {
      pass,
      score,
      threshold: settings.min,
      reason: `cosine similarity ${cosine.toFixed(3)} (${spec.id}) → score ${formatScore(score)} ${pass ? '>=' : '<'} ${formatScore(settings.min)}`,
      details: { cosine, provider: spec.id, model: spec.model, dimensions: output.vector.length, cached: { output: output.cached, expected: reference.cached } },
    }
  },
})
