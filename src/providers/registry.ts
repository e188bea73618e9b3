import { addSpecSecrets } from './redaction/registry.ts'
import type { ProviderSpec, ProviderType } from './spec.ts'
import type { Provider } from './types.ts'

type Factory<T extends ProviderType> = (spec: Extract<ProviderSpec, { type: T }>) => Promise<Provider>

/** The provider's own options: the spec less what the runner handles (type, concurrency, limits, retries, price). */
function providerOptions<S extends ProviderSpec>(spec: S) {
  const { type: _type, concurrency: _concurrency, rpm: _rpm, tpm: _tpm, retry: _retry, price: _price, ...options } = spec
  return options
}

/**
 * One entry per provider type (and a branch in spec.ts). Each is loaded on
 * demand: a worker loads only the SDKs (and node-llama-cpp) its providers use.
 */
const FACTORIES: { [T in ProviderType]: Factory<T> } = {
  openai: async (spec) => (await import('./openai.ts')).createOpenAIProvider(providerOptions(spec)),
  local: async (spec) => (await import('./local/local-provider.ts')).createLocalProvider(spec),
  anthropic: async (spec) => (await import('./anthropic.ts')).createAnthropicProvider(providerOptions(spec)),
  ollama: async (spec) => (await import('./ollama.ts')).createOllamaProvider(providerOptions(spec)),
  function: async (spec) => (await import('./function/function-provider.ts')).createFunctionProvider(spec),
}

export const KNOWN_PROVIDER_TYPES: readonly string[] = Object.keys(FACTORIES)

/** Creates the provider a (parsed) spec describes. */
export async function createProvider(spec: ProviderSpec): Promise<Provider> {
  const type: string = spec.type
  if (!isKnownType(type)) {
    throw new Error(`unknown provider type ${JSON.stringify(type)}; known types: ${KNOWN_PROVIDER_TYPES.join(', ')}`)
  }
  // every provider of the run (judges included) adds its secrets before it can fail with one
  addSpecSecrets(spec)
  // TypeScript cannot correlate FACTORIES[spec.type] with spec's own branch; the map's type guarantees it.
  const factory = FACTORIES[spec.type] as Factory<ProviderType>
  return factory(spec as Extract<ProviderSpec, { type: ProviderType }>)
}

function isKnownType(type: string): type is ProviderType {
  return Object.hasOwn(FACTORIES, type)
}
