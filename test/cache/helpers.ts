import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NewEntry } from '../../src/providers/cache/index.ts'
import { requestHash } from '../../src/record/request-hash.ts'

export async function tempDir(): Promise<{ dir: string; dispose(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'llm-bench-cache-'))
  return { dir, dispose: () => rm(dir, { recursive: true, force: true }) }
}

/** A stored call: `prompt` decides the request hash. */
export function call(caseId: string, prompt: string, options: { provider?: string; output?: string; model?: string; baseURL?: string } = {}): NewEntry {
  const target = { type: 'openai', model: options.model ?? 'gpt-4o-mini', baseURL: options.baseURL, api: 'chat' }
  const request = { messages: [{ role: 'user' as const, content: prompt }], params: { temperature: 0, max_tokens: 64 } }
  return {
    caseId,
    provider: options.provider ?? 'openai:gpt-4o-mini',
    requestHash: requestHash(target, request),
    target,
    request,
    response: {
      output: options.output ?? `answer to ${prompt}`,
      finishReason: 'stop',
      model: 'gpt-4o-mini-2024-07-18',
      usage: { inputTokens: 12, outputTokens: 3, source: 'provider' },
      timings: { queueMs: 1.5, ttftMs: 210.25, e2eMs: 350.75, tpotMs: 70.25, itlMs: [70, 70.5], streamed: true },
      serverTimings: { prompt_ms: 12.5 },
    },
  }
}
