import type { ResolvedCase } from '../dataset/types.ts'
import { lookupPrice } from '../providers/pricing/index.ts'
import type { ProviderSpec } from '../providers/spec.ts'
import type { ScenarioProfile } from './manifest-schema.ts'

/** Characters per token of the estimate: a common rule of thumb for English text. */
export const CHARS_PER_TOKEN = 4
/** Output tokens of a case when no `max_tokens` is set anywhere. */
export const DEFAULT_OUTPUT_TOKENS = 256

/** How the numbers are made, for whoever reads them. */
export const ESTIMATE_NOTE =
  `estimate: input tokens = prompt characters (system, prompt or messages) / ${CHARS_PER_TOKEN}, rounded up; ` +
  `output tokens = max_tokens (scenario params, else the case's, else the provider's), else ${DEFAULT_OUTPUT_TOKENS}: an upper bound per answer; ` +
  'cost from the provider\'s price (its spec\'s price, local models free, else the built-in table), "unknown" when there is none'

export interface Estimate {
  inputTokens: number
  outputTokens: number
  /** USD; null when the provider's price is unknown (never 0 for unknown). */
  costUsd: number | null
}

/** The estimate of running `cases` on `spec` under `profile`'s parameters. */
export function estimateCases(cases: readonly ResolvedCase[], spec: ProviderSpec, profile: ScenarioProfile): Estimate {
  let inputTokens = 0
  let outputTokens = 0
  for (const testCase of cases) {
    inputTokens += Math.ceil(promptCharacters(testCase) / CHARS_PER_TOKEN)
    outputTokens += profile.params?.max_tokens ?? testCase.params.max_tokens ?? providerMaxTokens(spec) ?? DEFAULT_OUTPUT_TOKENS
  }
  const match = lookupPrice(spec)
  const costUsd = match === null ? null : (inputTokens * match.price.input + outputTokens * match.price.output) / 1_000_000
  return { inputTokens, outputTokens, costUsd }
}

function promptCharacters(testCase: ResolvedCase): number {
  if (testCase.messages !== null) return testCase.messages.reduce((sum, message) => sum + message.content.length, 0)
  return (testCase.system?.length ?? 0) + (testCase.prompt?.length ?? 0)
}

function providerMaxTokens(spec: ProviderSpec): number | undefined {
  return 'params' in spec ? spec.params?.max_tokens : undefined
}
