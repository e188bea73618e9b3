import type Anthropic from '@anthropic-ai/sdk'
import type { RequestTimer } from '../metrics/timings.ts'
import { mergeAnthropicUsage, type AnthropicWireUsage } from './anthropic-response.ts'

export interface CollectedAnthropicStream {
  output: string
  /** A `message_start` event arrived. */
  started: boolean
  /** A `message_stop` event arrived: the stream ended as it should. */
  stopped: boolean
  stopReason: string | null
  /** `message_start`'s usage, updated by `message_delta`'s. */
  usage: AnthropicWireUsage | undefined
  model: string | undefined
  /** `content_block_start` events (text or any other block). */
  blocks: number
  /** `content_block_delta` events. */
  deltas: number
}

/**
 * Reads a Messages API event stream to its end: `timer.chunk()` on every
 * `content_block_delta` (TTFT at the first, ITL between them), text deltas
 * joined, usage from `message_start` (input and cache counts) and
 * `message_delta` (output count), the stop reason, whether `message_stop`
 * came. `timer.end()` once the stream is over. `ping` events never get here
 * (the SDK skips them).
 */
export async function collectAnthropicStream(
  stream: AsyncIterable<Anthropic.RawMessageStreamEvent>,
  timer: RequestTimer,
): Promise<CollectedAnthropicStream> {
  const out: CollectedAnthropicStream = {
    output: '',
    started: false,
    stopped: false,
    stopReason: null,
    usage: undefined,
    model: undefined,
    blocks: 0,
    deltas: 0,
  }
  for await (const event of stream) onEvent(out, event, timer)
  timer.end()
  return out
}

function onEvent(out: CollectedAnthropicStream, event: Anthropic.RawMessageStreamEvent, timer: RequestTimer): void {
  switch (event.type) {
    case 'message_start':
      out.started = true
      out.usage = mergeAnthropicUsage(out.usage, event.message?.usage)
      if (typeof event.message?.model === 'string' && event.message.model !== '') out.model = event.message.model
      return
    case 'content_block_start':
      out.blocks++
      if (event.content_block?.type === 'text' && typeof event.content_block.text === 'string') out.output += event.content_block.text
      return
    case 'content_block_delta':
      timer.chunk()
      out.deltas++
      if (event.delta?.type === 'text_delta' && typeof event.delta.text === 'string') out.output += event.delta.text
      return
    case 'message_delta':
      if (typeof event.delta?.stop_reason === 'string') out.stopReason = event.delta.stop_reason
      out.usage = mergeAnthropicUsage(out.usage, event.usage)
      return
    case 'message_stop':
      out.stopped = true
      return
    default:
      return
  }
}
