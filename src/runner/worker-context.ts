import { expect, inject } from 'vitest'
import { registerMatchers } from '../evaluators/expect.ts'
import { resolveCacheMode, type CacheMode } from '../providers/cache/mode.ts'
import type { ResolvedOptions } from '../config/options.ts'
import { checkCustomNames, knownMatcherNames, loadMatchers, type EvaluatorDefinition } from '../evaluators/registry.ts'
import { loadCustomEvaluators } from '../evaluators/custom/load-custom.ts'
import { configureEvaluatorRecordings } from '../evaluators/recordings/evaluator-recordings.ts'
import { localLimiter, remoteLimiter, type Limiter } from '../providers/limits/limit-client.ts'
import { addRunSecrets } from '../providers/redaction/registry.ts'
import { createProvider } from '../providers/registry.ts'
import { setUserModuleRoot } from '../providers/function/import-module.ts'
import { parseProviderSpec, type ProviderSpec } from '../providers/spec.ts'
import type { Provider } from '../providers/types.ts'
import type { RunMode } from './provided.ts'

/**
 * What every dataset file in a worker shares: the options, the providers
 * (created once per worker: a local model loads once), the limiter client and
 * the evaluators. With `isolate: false` (the default) that is every dataset
 * file the worker runs; with `isolate: true`, one file.
 */
export interface WorkerContext {
  options: ResolvedOptions
  mode: RunMode
  specs: ProviderSpec[]
  limiter: Limiter
  /** Response cache mode for this worker's run (option, `LLM_BENCH_CACHE`, run mode). */
  cacheMode: CacheMode
  /** The matchers loaded so far (custom ones, and the built-ins datasets used). */
  evaluators: ReadonlyMap<string, EvaluatorDefinition>
  /** Every matcher name a dataset may use: built-in (known by file name) and custom. */
  knownMatchers: ReadonlySet<string>
  /** Loads and registers on `expect` the built-in matchers of these names that are not loaded yet. */
  useMatchers(names: Iterable<string>): Promise<void>
  provider(spec: ProviderSpec): Promise<Provider>
}

let shared: Promise<WorkerContext> | undefined

export function workerContext(): Promise<WorkerContext> {
  shared ??= createWorkerContext()
  return shared
}

async function createWorkerContext(): Promise<WorkerContext> {
  const options = inject('llmBenchOptions')
  if (!options) throw new Error('llm-test-bench: no options were provided to this worker; is the project created with llmBench()?')
  // the same secrets the main process redacts: from the options and this (inherited) environment
  addRunSecrets({ providers: options.providers, redact: options.redact })
  setUserModuleRoot(inject('llmBenchRoot'))
  const address = inject('llmBenchLimiter')
  const providers = new Map<string, Promise<Provider>>()
  // custom evaluator paths are made absolute by the plugin (else relative to the folder Vitest runs in)
  const custom = await loadCustomEvaluators(options.evaluators ?? {}, process.cwd())
  checkCustomNames(custom.keys())
  const evaluators = new Map(custom)
  registerMatchers(expect, evaluators)
  const knownMatchers = new Set([...knownMatcherNames(), ...custom.keys()])
  const mode = inject('llmBenchMode') ?? 'run'
  const cacheMode = resolveCacheMode(options.cache, mode)
  configureEvaluatorRecordings({ dir: options.evaluatorRecordingsDir, mode: cacheMode })
  return {
    options,
    mode,
    cacheMode,
    specs: options.providers.map((input) => parseProviderSpec(input)),
    limiter: address ? remoteLimiter(address) : localLimiter(),
    evaluators,
    knownMatchers,
    async useMatchers(names) {
      const missing = [...names].filter((name) => !evaluators.has(name))
      if (missing.length === 0) return
      const loaded = await loadMatchers(missing)
      for (const [name, definition] of loaded) evaluators.set(name, definition)
      registerMatchers(expect, loaded)
    },
    provider(spec) {
      let provider = providers.get(spec.id)
      if (!provider) {
        provider = createProvider(spec)
        providers.set(spec.id, provider)
        // a failed creation (missing key, no model) is retried by the next case
        provider.catch(() => providers.delete(spec.id))
      }
      return provider
    },
  }
}
