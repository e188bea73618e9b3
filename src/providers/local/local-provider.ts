import { basename } from 'node:path'
import { RequestTimer } from '../../metrics/timings.ts'
import type { ModelParams, Provider, ProviderRequest, ProviderResponse } from '../types.ts'
import type { Env } from './cache-dir.ts'
import { acquireEngine, loadNodeLlamaCpp, releaseEngine, type Engine, type EngineSettings } from './engine.ts'
import { completionText, generateChat, generateCompletion, type Generation, type GenerateHooks } from './generate.ts'
import type { LocalProviderSpec } from './local-spec.ts'
import { abortError } from './mutex.ts'
import { resolveModel, type ResolvedModel } from './resolve-model.ts'

export const DEFAULT_CONTEXT_SIZE = 2048
export const DEFAULT_THREADS = 1

export interface LocalProviderOptions {
  /** Base for a relative `modelPath` and the `models/` folder; default `process.cwd()`. */
  cwd?: string | undefined
  /** Default `process.env`. */
  env?: Env | undefined
  /** Context size in tokens; default env `LLM_BENCH_CONTEXT_SIZE`, else 2048. */
  contextSize?: number | undefined
  /** CPU threads; default env `LLM_BENCH_THREADS`, else 1 (stable timings). */
  threads?: number | undefined
  /** Aborts a model download. */
  signal?: AbortSignal | undefined
}

export interface LocalProvider extends Provider {
  readonly type: 'local'
  /** Where the model file is and how it was found. */
  readonly resolved: ResolvedModel
  /** Milliseconds the model took to load, once it has (null before the first request). */
  readonly loadMs: number | null
  /** Loads the model (once); the runner awaits it before a request takes a slot. */
  ready(): Promise<void>
  close(): Promise<void>
}

/**
 * A provider running a GGUF model in-process with node-llama-cpp (CPU only).
 * Finds (or downloads) the model now; loads it on the first request, once per
 * process for every provider using the same file. Requests in a process take
 * turns on the model's one sequence, which is cleared before each of them.
 */
export async function createLocalProvider(spec: LocalProviderSpec, options: LocalProviderOptions = {}): Promise<LocalProvider> {
  await loadNodeLlamaCpp()
  const env = options.env ?? process.env
  const resolved = await resolveModel(spec, { cwd: options.cwd, env, signal: options.signal })
  const settings: EngineSettings = {
    modelPath: resolved.path,
    contextSize: options.contextSize ?? positiveInt(env, 'LLM_BENCH_CONTEXT_SIZE') ?? DEFAULT_CONTEXT_SIZE,
    threads: options.threads ?? positiveInt(env, 'LLM_BENCH_THREADS') ?? DEFAULT_THREADS,
  }
  let engine: Promise<Engine> | null = null
  let loadMs: number | null = null
  let closed = false

  const getEngine = (): Promise<Engine> => {
    if (closed) return Promise.reject(new Error(`The local provider "${spec.id}" is closed`))
    engine ??= acquireEngine(settings).then(
      (loaded) => {
        loadMs = loaded.loadMs
        return loaded
      },
      (error: unknown) => {
        // acquireEngine has already dropped the failed load: the next request tries again.
        engine = null
        throw error
      },
    )
    return engine
  }

  return {
    id: spec.id,
    type: 'local',
    model: basename(resolved.path),
    resolved,
    get loadMs() {
      return loadMs
    },
    async ready(): Promise<void> {
      await getEngine()
    },
    async complete(request: ProviderRequest): Promise<ProviderResponse> {
      const timer = new RequestTimer(request.queuedAt)
      const signal = request.signal
      const loaded = await getEngine()
      const params = mergeParams(spec.params, request.params)
      const hooks: GenerateHooks = { signal, onStart: () => timer.start(), onToken: () => timer.chunk(), onEnd: () => timer.end() }
      const generation = await loaded.mutex.run(async () => {
        await loaded.sequence.clearHistory()
        try {
          return await generate(loaded, request, params, hooks)
        } catch (error) {
          throw signal?.aborted ? abortError(signal) : error
        }
      }, signal)
      return {
        output: generation.output,
        usage: { inputTokens: generation.inputTokens, outputTokens: generation.outputTokens, source: 'provider' },
        finishReason: generation.finishReason,
        timings: timer.finish(generation.outputTokens, true),
        model: basename(resolved.path),
      }
    },
    async close(): Promise<void> {
      if (closed) return
      closed = true
      if (engine !== null) await releaseEngine(settings)
      engine = null
    },
  }
}

function generate(engine: Engine, request: ProviderRequest, params: ModelParams, hooks: GenerateHooks): Promise<Generation> {
  if (request.messages !== undefined && request.prompt !== undefined) {
    throw new Error('A request sets either `messages` or `prompt`, not both')
  }
  if (request.messages !== undefined) return generateChat(engine, request.messages, params, hooks)
  if (request.prompt !== undefined) return generateCompletion(engine, completionText(request.prompt, request.system), params, hooks)
  throw new Error('A request needs `messages` or `prompt`')
}

/** The spec's params under the request's: a request value wins unless it is undefined. */
export function mergeParams(base: ModelParams | undefined, own: ModelParams): ModelParams {
  const merged: ModelParams = { ...base }
  for (const [key, value] of Object.entries(own) as Array<[keyof ModelParams, ModelParams[keyof ModelParams]]>) {
    if (value !== undefined) Object.assign(merged, { [key]: value })
  }
  return merged
}

function positiveInt(env: Env, name: string): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return undefined
  const value = Number(raw)
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`)
  return value
}
