import { parseProviderSpec, type ProviderSpec } from '../../providers/spec.ts'
import { resolveApiKey } from '../../providers/options-common.ts'
import { resolveOpenAIEndpoint } from '../../providers/openai-options.ts'
import { addSpecSecrets } from '../../providers/redaction/registry.ts'
import { splitURLCredentials, withURLAuthorization } from '../../providers/redaction/url-credentials.ts'
import { decodeVector, embeddingStore, encodeVector } from '../recordings/evaluator-recordings.ts'
import { recordingKey } from '../recordings/keyed-store.ts'

/** An embedding provider as the matcher options give it: `openai:<model>[@baseURL]`, `ollama:<model>[@host]`, `local[:path.gguf]`, or an object spec. */
export type EmbeddingSpecInput = string | Record<string, unknown>

export const EMBEDDINGS_ENV = 'LLM_BENCH_EMBEDDINGS'

export interface Embedder {
  /** e.g. `openai:text-embedding-3-small`, `local:/path/model.gguf`. */
  id: string
  model: string
  embed(text: string): Promise<number[]>
  close(): Promise<void>
}

/** The spec to use: the option, else env LLM_BENCH_EMBEDDINGS, else `local`. */
export function resolveEmbeddingSpec(option: EmbeddingSpecInput | undefined, env: NodeJS.ProcessEnv = process.env): ProviderSpec {
  const spec = parseProviderSpec(option ?? (env[EMBEDDINGS_ENV]?.trim() || 'local'))
  if (spec.type === 'anthropic') throw new Error(`toBeSemanticallySimilar: ${spec.id}: Anthropic has no embeddings API; use openai:<model>, ollama:<model> or local`)
  return spec
}

const embedders = new Map<string, Promise<Embedder>>()
/** Embeddings this worker has had, by key (sha256 of provider, model, text). */
const vectors = new Map<string, Promise<{ vector: number[]; cached: boolean }>>()

/** One embedder per spec per worker (module-level). */
export function getEmbedder(spec: ProviderSpec): Promise<Embedder> {
  const key = JSON.stringify(spec)
  let embedder = embedders.get(key)
  if (embedder === undefined) {
    embedder = createEmbedder(spec)
    embedder.catch(() => embedders.delete(key))
    embedders.set(key, embedder)
  }
  return embedder
}

/**
 * The text's embedding: from this worker's memory, else the recorded file
 * (`replay`, `read-write`), else the provider (then recorded). `cached` says
 * whether the provider was spared the call.
 */
export async function embedCached(spec: ProviderSpec, text: string): Promise<{ vector: number[]; cached: boolean }> {
  const key = recordingKey(spec.id, spec.model, text)
  const hit = vectors.get(key)
  if (hit !== undefined) return { vector: (await hit).vector, cached: true }
  const promise = embedFromStoreOrProvider(spec, key, text)
  promise.catch(() => vectors.delete(key))
  vectors.set(key, promise)
  return promise
}

/** The embedder is created only when a vector must be computed: replay needs no key and loads no model. */
async function embedFromStoreOrProvider(spec: ProviderSpec, key: string, text: string): Promise<{ vector: number[]; cached: boolean }> {
  const store = embeddingStore()
  const recorded = store ? await store.lookup(key) : null
  if (recorded) return { vector: decodeVector(recorded.vector), cached: true }
  if (store?.mode === 'replay') throw store.replayMiss(`${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)} (${spec.id})`)
  const vector = await (await getEmbedder(spec)).embed(text)
  await store?.store(key, { provider: spec.id, model: spec.model, text: text.slice(0, 80), dimensions: vector.length, vector: encodeVector(vector) })
  return { vector, cached: false }
}

/** Closes every embedder and forgets the cached vectors (end of a worker, tests). */
export async function closeEmbedders(): Promise<void> {
  const all = [...embedders.values()]
  embedders.clear()
  vectors.clear()
  await Promise.all(all.map(async (e) => (await e.catch(() => null))?.close()))
}

async function createEmbedder(spec: ProviderSpec): Promise<Embedder> {
  addSpecSecrets(spec)
  switch (spec.type) {
    case 'openai':
      return openaiEmbedder(spec)
    case 'ollama':
      return ollamaEmbedder(spec)
    case 'local':
      return localEmbedder(spec)
    case 'anthropic':
      throw new Error(`${spec.id}: Anthropic has no embeddings API`)
    case 'function':
      throw new Error(`${spec.id}: a function provider has no embeddings API; use openai:<model>, ollama:<model> or local`)
  }
}

async function openaiEmbedder(spec: Extract<ProviderSpec, { type: 'openai' }>): Promise<Embedder> {
  const { default: OpenAI } = await import('openai')
  const baseURL = resolveOpenAIEndpoint(spec.baseURL, spec.api).baseURL
  const { apiKey } = resolveApiKey({
    providerId: spec.id,
    envName: spec.apiKeyEnv,
    official: baseURL === undefined,
    placeholder: 'sk-no-key',
    hint: 'set it, or give a baseURL for embeddings (openai:<model>@http://host/v1)',
  })
  const target = splitURLCredentials(baseURL)
  const client = new OpenAI({ apiKey, baseURL: target.url ?? 'https://api.openai.com/v1', maxRetries: 2, defaultHeaders: withURLAuthorization(spec.headers, target.authorization) })
  return {
    id: spec.id,
    model: spec.model,
    async embed(text) {
      const response = await client.embeddings.create({ model: spec.model, input: text, encoding_format: 'float' })
      const vector = response.data[0]?.embedding
      if (vector === undefined) throw new Error(`${spec.id}: the embeddings response had no data`)
      return vector
    },
    close: async () => {},
  }
}

async function ollamaEmbedder(spec: Extract<ProviderSpec, { type: 'ollama' }>): Promise<Embedder> {
  const { Ollama } = await import('ollama')
  const target = splitURLCredentials(spec.host)
  const client = new Ollama({ host: target.url, headers: withURLAuthorization(spec.headers, target.authorization) })
  return {
    id: spec.id,
    model: spec.model,
    async embed(text) {
      const response = await client.embed({ model: spec.model, input: text })
      const vector = response.embeddings[0]
      if (vector === undefined) throw new Error(`${spec.id}: the embed response had no embeddings`)
      return vector
    },
    close: async () => {},
  }
}

/** A GGUF through node-llama-cpp, the model loaded (and shared) by the local provider's engine. */
async function localEmbedder(spec: Extract<ProviderSpec, { type: 'local' }>): Promise<Embedder> {
  const { resolveModel } = await import('../../providers/local/resolve-model.ts')
  const { acquireEngine, releaseEngine, loadNodeLlamaCpp } = await import('../../providers/local/engine.ts')
  const { DEFAULT_CONTEXT_SIZE, DEFAULT_THREADS } = await import('../../providers/local/local-provider.ts')
  await loadNodeLlamaCpp()
  const resolved = await resolveModel(spec)
  const settings = { modelPath: resolved.path, contextSize: DEFAULT_CONTEXT_SIZE, threads: DEFAULT_THREADS }
  const engine = await acquireEngine(settings)
  try {
    const context = await engine.model.createEmbeddingContext({ contextSize: DEFAULT_CONTEXT_SIZE, threads: DEFAULT_THREADS })
    return {
      id: spec.id,
      model: spec.model,
      async embed(text) {
        const embedding = await engine.mutex.run(() => context.getEmbeddingFor(text))
        return [...embedding.vector]
      },
      async close() {
        await context.dispose()
        await releaseEngine(settings)
      },
    }
  } catch (error) {
    await releaseEngine(settings)
    throw new Error(`${spec.id}: could not create an embedding context: ${(error as Error).message}`, { cause: error })
  }
}
