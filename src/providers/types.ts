import type { Timings } from '../metrics/timings.ts'

/** One chat message, the shape every provider accepts. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant'
  content: string
}

/** Model parameters a dataset's `defaults` or a case's `config` may set. */
export interface ModelParams {
  temperature?: number | undefined
  max_tokens?: number | undefined
  top_p?: number | undefined
  stop?: string[] | undefined
  seed?: number | undefined
}

/**
 * What a provider is asked to do. Exactly one of `messages` (chat) or `prompt`
 * (plain completion) is set; a provider that speaks only one of them adapts.
 */
export interface ProviderRequest {
  messages?: ChatMessage[] | undefined
  prompt?: string | undefined
  /** System prompt for a `prompt` request (chat requests carry it in `messages`). */
  system?: string | undefined
  params: ModelParams
  /** Aborts the request (a cancelled or timed-out test). */
  signal?: AbortSignal | undefined
  /**
   * Monotonic time (performance.now()) at which the case started waiting for a
   * concurrency slot; the provider reports the wait apart as `queueMs`.
   */
  queuedAt?: number | undefined
  /** The case this request is for (set for `function` providers only, which receive it): not part of the request hash. */
  case?: RequestCase | undefined
}

/** What a function provider learns of its case besides the prompt. */
export interface RequestCase {
  id: string
  /** The case's variables (its `vars`), as written. */
  vars: Record<string, unknown>
  expected: string | null
  metadata: Record<string, unknown>
}

export interface Usage {
  /** All input tokens of the request, prompt-cache reads and writes included (OpenAI's `prompt_tokens`; Anthropic's input + cache read + cache write). */
  inputTokens: number | null
  outputTokens: number | null
  /** The part of `inputTokens` read from the provider's prompt cache (Anthropic `cache_read_input_tokens`); absent or null when not reported. */
  cacheReadTokens?: number | null | undefined
  /** The part of `inputTokens` written to the provider's prompt cache (Anthropic `cache_creation_input_tokens`); absent or null when not reported. */
  cacheWriteTokens?: number | null | undefined
  /** Where the counts came from: the provider itself (server `usage`, or the in-process engine's own count), or a re-tokenisation (a fallback). */
  source: 'provider' | 'tokenizer' | 'none'
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'error' | 'unknown'

export interface ProviderResponse {
  output: string
  usage: Usage
  finishReason: FinishReason
  timings: Timings
  /** The model name the server says answered (may differ from the requested alias). */
  model: string
  /** Server-side timings when the server reports them (llama.cpp `timings`, Ollama durations). */
  serverTimings?: Record<string, number> | undefined
  /** USD the call cost, when the provider itself says (a function provider may); else priced from usage. */
  cost?: number | undefined
}

/** A configured model endpoint: one `openai:gpt-4o-mini`, one local GGUF, ... */
export interface Provider {
  /** Stable id used in test names, limits and records, e.g. `openai:gpt-4o-mini`. */
  readonly id: string
  /** Provider type: `openai`, `local`, ... */
  readonly type: string
  /** Model name as configured. */
  readonly model: string
  complete(request: ProviderRequest): Promise<ProviderResponse>
  /**
   * Resolves once a one-off start-up (a local model's load) is done; the runner awaits it before a
   * request takes a slot, so the load is neither queue time nor part of any request's timeout.
   */
  ready?(): Promise<void>
  /** Frees sockets, model memory, ... Called once per worker at the end. */
  close?(): Promise<void>
}
