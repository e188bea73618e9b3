import type { ChatHistoryItem } from 'node-llama-cpp'
import type { ChatMessage, FinishReason, ModelParams } from '../types.ts'
import type { Engine } from './engine.ts'

/** `max_tokens` when neither the request nor the spec sets it. */
export const DEFAULT_MAX_TOKENS = 128

/** What one generation produced, counted by the engine itself. */
export interface Generation {
  output: string
  finishReason: FinishReason
  /** Tokens the model was fed: the whole prompt as the engine tokenised it (BOS and chat template included). */
  inputTokens: number
  /** Tokens the model sampled (those cut by a stop string and the end-of-generation token included). */
  outputTokens: number
}

export interface GenerateHooks {
  signal?: AbortSignal | undefined
  /** Called right before generation starts (after the prompt is set up). */
  onStart: () => void
  /** Called for every batch of generated tokens as it streams out. */
  onToken: () => void
  /** Called as soon as generation is done (before any accounting). */
  onEnd: () => void
}

/** node-llama-cpp's sampling options for these params: greedy unless a temperature is set, no repeat penalty. */
function samplingOptions(params: ModelParams, hooks: GenerateHooks) {
  const maxTokens = params.max_tokens ?? DEFAULT_MAX_TOKENS
  // node-llama-cpp reads 0 as "no limit": refuse it rather than generate until the context is full.
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new Error(`max_tokens must be a positive integer, got ${maxTokens}`)
  return {
    maxTokens,
    temperature: params.temperature ?? 0,
    topP: params.top_p,
    seed: params.seed,
    customStopTriggers: params.stop !== undefined && params.stop.length > 0 ? [...params.stop] : undefined,
    repeatPenalty: false as const,
    signal: hooks.signal,
    // LlamaChatSession ends with an empty batch: not a chunk.
    onToken: (tokens: readonly unknown[]) => {
      if (tokens.length > 0) hooks.onToken()
    },
  }
}

function finishReasonOf(stopReason: string): FinishReason {
  switch (stopReason) {
    case 'maxTokens':
      return 'length'
    case 'eogToken':
    case 'stopGenerationTrigger':
    case 'customStopTrigger':
      return 'stop'
    case 'functionCalls':
      return 'tool_calls'
    default:
      return 'unknown'
  }
}

/** The plain-completion prompt: the system prompt, a blank line, then the prompt. */
export function completionText(prompt: string, system: string | null | undefined): string {
  return system ? `${system}\n\n${prompt}` : prompt
}

/** Plain text completion of `text` on the engine's (already cleared) sequence. */
export async function generateCompletion(engine: Engine, text: string, params: ModelParams, hooks: GenerateHooks): Promise<Generation> {
  const { model, sequence } = engine
  const completion = new engine.lib.LlamaCompletion({ contextSequence: sequence })
  const sampledBefore = sequence.tokenMeter.usedOutputTokens
  try {
    hooks.onStart()
    const result = await completion.generateCompletionWithMeta(text, samplingOptions(params, hooks))
    hooks.onEnd()
    // As LlamaCompletion feeds it: BOS (when the model wants one) + the text tokenised without the leading space.
    const bos = model.tokens.shouldPrependBosToken && model.tokens.bos !== null
    const inputTokens = model.tokenize(text, false, bos ? 'trimLeadingSpace' : undefined).length + (bos ? 1 : 0)
    return {
      output: result.response,
      finishReason: finishReasonOf(result.metadata.stopReason),
      inputTokens,
      outputTokens: sequence.tokenMeter.usedOutputTokens - sampledBefore,
    }
  } finally {
    completion.dispose()
  }
}

function historyItem(message: ChatMessage): ChatHistoryItem {
  if (message.role === 'system') return { type: 'system', text: message.content }
  if (message.role === 'user') return { type: 'user', text: message.content }
  return { type: 'model', response: [message.content] }
}

/**
 * Chat: every message before the last becomes the session's history (no
 * default system prompt is added when there is none); the last message, which
 * must be the user's, is the prompt. The model's chat wrapper is node-llama-cpp's
 * `"auto"` choice.
 */
export async function generateChat(engine: Engine, messages: ChatMessage[], params: ModelParams, hooks: GenerateHooks): Promise<Generation> {
  const last = messages.at(-1)
  if (last === undefined || last.role !== 'user') {
    throw new Error(`The local provider needs the last chat message to be the user's (got ${last === undefined ? 'no messages' : `a final "${last.role}" message`})`)
  }
  const { model, sequence } = engine
  const history = messages.slice(0, -1).map(historyItem)
  const session = new engine.lib.LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false })
  const sampledBefore = sequence.tokenMeter.usedOutputTokens
  try {
    session.setChatHistory(history)
    hooks.onStart()
    const result = await session.promptWithMeta(last.content, samplingOptions(params, hooks))
    hooks.onEnd()
    const rendered = session.chatWrapper.generateContextState({
      chatHistory: [...history, { type: 'user', text: last.content }, { type: 'model', response: [] }],
    })
    return {
      output: result.responseText,
      finishReason: finishReasonOf(result.stopReason),
      inputTokens: rendered.contextText.tokenize(model.tokenizer).length,
      outputTokens: sequence.tokenMeter.usedOutputTokens - sampledBefore,
    }
  } finally {
    session.dispose()
  }
}

/**
 * The name of the chat wrapper node-llama-cpp picks for this model (`Llama2Chat`
 * for stories260K, which has no chat template). Call it holding `engine.mutex`.
 */
export function chatWrapperName(engine: Engine): string {
  const session = new engine.lib.LlamaChatSession({ contextSequence: engine.sequence, autoDisposeSequence: false })
  try {
    return session.chatWrapper.wrapperName
  } finally {
    session.dispose()
  }
}
