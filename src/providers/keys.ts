import { isOfficialAnthropic } from './anthropic-options.ts'
import { isOfficialOpenAI } from './openai-options.ts'
import { readKey } from './options-common.ts'
import type { ProviderSpec } from './spec.ts'

export interface MissingKey {
  providerId: string
  /** The environment variable the provider reads its key from. */
  variable: string
}

/**
 * Providers that need an API key whose variable is unset or blank: `openai`
 * against the real OpenAI API (no baseURL, or api.openai.com) and `anthropic`
 * against the real Anthropic API (no baseURL, or api.anthropic.com). A
 * compatible or local server (llama-server, vLLM, a proxy, Ollama, a local
 * model) needs none: the providers send a placeholder there. In spec order.
 */
export function missingKeys(specs: readonly ProviderSpec[], env: NodeJS.ProcessEnv = process.env): MissingKey[] {
  const out: MissingKey[] = []
  for (const spec of specs) {
    const variable = keyVariable(spec)
    if (variable !== undefined && readKey(env, variable) === undefined) out.push({ providerId: spec.id, variable })
  }
  return out
}

/** The variable a spec needs set, or `undefined` when it needs no key. */
function keyVariable(spec: ProviderSpec): string | undefined {
  if (spec.type === 'openai') return isOfficialOpenAI(spec.baseURL) ? spec.apiKeyEnv : undefined
  if (spec.type === 'anthropic') return isOfficialAnthropic(spec.baseURL) ? spec.apiKeyEnv : undefined
  return undefined
}

/** One message naming every provider without its key, the variable to set and how; `''` for an empty list. */
export function missingKeysMessage(list: readonly MissingKey[]): string {
  if (list.length === 0) return ''
  const width = Math.max(...list.map((m) => m.providerId.length))
  const lines = list.map((m) => `  - ${m.providerId.padEnd(width)}  needs ${m.variable}`)
  const variables = [...new Set(list.map((m) => m.variable))]
  const example = variables.map((v) => `export ${v}=...`).join('; ')
  const many = list.length === 1 ? 'provider needs an API key' : 'providers need an API key'
  return [
    `Missing API key: ${list.length} ${many} that is not set:`,
    ...lines,
    `Set ${variables.length === 1 ? 'the variable' : 'each variable'} in the environment of the test run (e.g. \`${example}\`, or your CI's secrets), ` +
      'or remove the provider, or give it a baseURL of a server that needs no key, ' +
      'or replay committed recordings with no network (LLM_BENCH_CACHE=replay). ' +
      "To read a key from another variable, set the provider's apiKeyEnv.",
  ].join('\n')
}
