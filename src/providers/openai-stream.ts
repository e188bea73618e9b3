import type { RequestTimer } from '../metrics/timings.ts'
import { readServerTimings, type WireUsage } from './openai-response.ts'

/** One streamed chunk reduced to what we need, for either endpoint. */
export interface ChunkView {
  /** The chunk carries at least one choice (a content chunk for the timer, even with empty text). */
  hasChoice: boolean
  text: string
  finishReason: string | null
  usage: WireUsage | null | undefined
  model: string | undefined
}

export interface CollectedStream {
  output: string
  finishReason: string | null
  usage: WireUsage | null | undefined
  model: string | undefined
  serverTimings: Record<string, number> | undefined
  contentChunks: number
}

/**
 * Reads a stream to its end: `timer.chunk()` on every chunk with a choice (the
 * usage-only last chunk of OpenAI, with `choices: []`, is not one), text joined,
 * the last finish reason, usage and llama.cpp timings kept. `timer.end()` once
 * the stream is over.
 */
export async function collectStream<C>(
  stream: AsyncIterable<C>,
  view: (chunk: C) => ChunkView,
  timer: RequestTimer,
): Promise<CollectedStream> {
  const out: CollectedStream = {
    output: '',
    finishReason: null,
    usage: undefined,
    model: undefined,
    serverTimings: undefined,
    contentChunks: 0,
  }
  for await (const chunk of stream) {
    const v = view(chunk)
    if (v.hasChoice) {
      timer.chunk()
      out.contentChunks++
      out.output += v.text
      if (v.finishReason !== null) out.finishReason = v.finishReason
    }
    if (v.usage !== undefined && v.usage !== null) out.usage = v.usage
    if (v.model !== undefined && v.model !== '') out.model = v.model
    out.serverTimings = readServerTimings(chunk) ?? out.serverTimings
  }
  timer.end()
  return out
}
