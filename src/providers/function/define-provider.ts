import type { ChatMessage, ModelParams } from '../types.ts'

/** What a function provider is called with: the rendered request, the case it is for, the model parameters and a signal. */
export interface FunctionProviderInput {
  /** The rendered prompt (a `prompt` case); undefined for a chat case. */
  prompt: string | undefined
  /** The rendered messages (a chat case); undefined for a `prompt` case. */
  messages: ChatMessage[] | undefined
  /** The system prompt of a `prompt` case, when it has one. */
  system: string | undefined
  /** The case's template variables (the dataset's, then the case's own). */
  vars: Readonly<Record<string, unknown>>
  /** The case's expected value, or null. */
  expected: string | null
  /** The case's `metadata`. */
  metadata: Readonly<Record<string, unknown>>
  /** The case's id. */
  caseId: string
  /** Model parameters: the provider's `params`, then the dataset's defaults, then the case's config. */
  params: ModelParams
  /** Aborted when the attempt's timeout passes or the run is cancelled: pass it on to your own calls. */
  signal: AbortSignal
}

/** Token counts a function may report (null or absent: unknown). */
export interface FunctionUsage {
  inputTokens?: number | null | undefined
  outputTokens?: number | null | undefined
}

/** A full answer: the output and, when known, the usage, the model that answered and the cost in USD. */
export interface FunctionProviderAnswer {
  output: string
  usage?: FunctionUsage | undefined
  model?: string | undefined
  cost?: number | undefined
}

/** A string, a full answer, or the output as text chunks (streamed: TTFT and ITL are measured). */
export type FunctionProviderResult = string | FunctionProviderAnswer | AsyncIterable<string>

export type FunctionProviderComplete = (input: FunctionProviderInput) => FunctionProviderResult | Promise<FunctionProviderResult>

/** A function provider written with `defineProvider`: an id (a default for the spec's) and `complete`. */
export interface FunctionProviderDefinition {
  readonly id: string
  readonly complete: FunctionProviderComplete
  readonly [DEFINITION]: true
}

const DEFINITION = Symbol.for('llm-test-bench.function-provider')

/**
 * Types a function provider's export:
 *
 *     export const answer = defineProvider({ id: 'app', async complete({ prompt, vars, signal }) { ... } })
 *
 * and, in `llmBench({ providers: [{ type: 'function', module: './src/answer.ts', export: 'answer' }] })`.
 */
export function defineProvider(definition: { id: string; complete: FunctionProviderComplete }): FunctionProviderDefinition {
  if (typeof definition.id !== 'string' || definition.id === '') throw new TypeError('defineProvider: `id` must be a non-empty string')
  if (typeof definition.complete !== 'function') throw new TypeError('defineProvider: `complete` must be a function')
  return { id: definition.id, complete: definition.complete, [DEFINITION]: true }
}

export function isFunctionProviderDefinition(value: unknown): value is FunctionProviderDefinition {
  return typeof value === 'object' && value !== null && DEFINITION in value && typeof Reflect.get(value, 'complete') === 'function'
}
