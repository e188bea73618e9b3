import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp'
import { Mutex } from './mutex.ts'

export type NodeLlamaCpp = typeof import('node-llama-cpp')

/** What one loaded model is keyed by. */
export interface EngineSettings {
  /** Absolute path of the GGUF file. */
  modelPath: string
  contextSize: number
  threads: number
}

/** A loaded model with its one context sequence; requests take turns on `mutex`. */
export interface Engine {
  lib: NodeLlamaCpp
  model: LlamaModel
  context: LlamaContext
  sequence: LlamaContextSequence
  mutex: Mutex
  /** How long loading took (binding + model + context), in ms. */
  loadMs: number
}

/**
 * Imports node-llama-cpp (an optional peer dependency) on demand. The
 * specifier is a parameter only so that the "not installed" error can be tested.
 */
export async function loadNodeLlamaCpp(specifier = 'node-llama-cpp'): Promise<NodeLlamaCpp> {
  try {
    const lib: unknown = await import(specifier)
    return lib as NodeLlamaCpp
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(
        `The local provider runs GGUF models in-process with node-llama-cpp, which is not installed (import of "${specifier}" failed). ` +
          'Install it next to llm-test-bench: npm install node-llama-cpp',
        { cause: error },
      )
    }
    throw new Error(`node-llama-cpp failed to load: ${(error as Error).message}`, { cause: error })
  }
}

let llamaPromise: Promise<Llama> | null = null

/** The process's one Llama binding: CPU only, prebuilt binary only (never compiles). */
function getCpuLlama(lib: NodeLlamaCpp): Promise<Llama> {
  llamaPromise ??= lib.getLlama({ gpu: false, build: 'never', logLevel: lib.LlamaLogLevel.error }).catch((error: unknown) => {
    llamaPromise = null
    throw error
  })
  return llamaPromise
}

interface Entry {
  promise: Promise<Engine>
  users: number
}

const engines = new Map<string, Entry>()

function keyOf(settings: EngineSettings): string {
  return JSON.stringify([settings.modelPath, settings.contextSize, settings.threads])
}

/**
 * The engine for these settings, loaded once per process and shared by every
 * provider using the same model file; each `acquireEngine` must be matched by
 * one `releaseEngine`, and the last release frees the model.
 */
export function acquireEngine(settings: EngineSettings): Promise<Engine> {
  const key = keyOf(settings)
  let entry = engines.get(key)
  if (entry === undefined) {
    const promise = loadEngine(settings).catch((error: unknown) => {
      if (engines.get(key)?.promise === promise) engines.delete(key)
      throw error
    })
    entry = { promise, users: 0 }
    engines.set(key, entry)
  }
  entry.users++
  return entry.promise
}

export async function releaseEngine(settings: EngineSettings): Promise<void> {
  const key = keyOf(settings)
  const entry = engines.get(key)
  if (entry === undefined) return
  entry.users--
  if (entry.users > 0) return
  engines.delete(key)
  const engine = await entry.promise.catch(() => null)
  if (engine === null) return
  // After the request running now, if any.
  await engine.mutex.run(async () => {
    await engine.context.dispose()
    await engine.model.dispose()
  })
}

async function loadEngine(settings: EngineSettings): Promise<Engine> {
  const started = performance.now()
  const lib = await loadNodeLlamaCpp()
  const llama = await getCpuLlama(lib)
  const model = await llama.loadModel({ modelPath: settings.modelPath, gpuLayers: 0 }).catch((error: unknown) => {
    throw new Error(`Failed to load the model ${settings.modelPath}: ${(error as Error).message}`, { cause: error })
  })
  try {
    const context = await model.createContext({ contextSize: settings.contextSize, threads: settings.threads, sequences: 1 })
    const sequence = context.getSequence()
    return { lib, model, context, sequence, mutex: new Mutex(), loadMs: performance.now() - started }
  } catch (error) {
    await model.dispose()
    throw error
  }
}
