import { expect, inject } from 'vitest'
import { registerMatchers } from '../evaluators/expect.ts'
import type { ResolvedOptions } from '../config/options.ts'
import { loadEvaluators, withCustomEvaluators, type EvaluatorDefinition } from '../evaluators/registry.ts'
import { loadCustomEvaluators } from '../evaluators/custom/load-custom.ts'
import { localLimiter, remoteLimiter, type Limiter } from '../providers/limits/limit-client.ts'
import { createProvider } from '../providers/registry.ts'
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
  evaluators: ReadonlyMap<string, EvaluatorDefinition>
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
  const address = inject('llmBenchLimiter')
  const providers = new Map<string, Promise<Provider>>()
  // custom evaluator paths are relative to the folder Vitest runs in
  const evaluators = withCustomEvaluators(await loadEvaluators(), await loadCustomEvaluators(options.evaluators ?? {}, process.cwd()))
  registerMatchers(expect, evaluators)
  return {
    options,
    mode: inject('llmBenchMode') ?? 'run',
    specs: options.providers.map((input) => parseProviderSpec(input)),
    limiter: address ? remoteLimiter(address) : localLimiter(),
    evaluators,
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
