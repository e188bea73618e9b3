import type { ProviderRequest, Provider, Usage } from '../../providers/types.ts'
import type { ProviderSpec } from '../../providers/spec.ts'
import { judgeStore } from '../recordings/evaluator-recordings.ts'
import { recordingKey } from '../recordings/keyed-store.ts'

/** A judge whose provider is created only when a call must really be made (never in replay). */
export interface LazyJudge {
  spec: ProviderSpec
  provider(): Promise<Provider>
}

/**
 * One judge call, recorded like a response (`<evaluatorRecordingsDir>/judge.json`,
 * keyed by judge, model, messages and params): replayed when recorded, a
 * `cache_miss` error in replay mode when not, else made and recorded.
 */
export async function callJudge(judge: LazyJudge, request: ProviderRequest): Promise<{ output: string; usage: Usage; replayed: boolean }> {
  const store = judgeStore()
  const key = recordingKey(judge.spec.id, judge.spec.model, request.messages, request.params)
  const hit = store ? await store.lookup(key) : null
  if (hit) return { output: hit.answer, usage: { inputTokens: hit.inputTokens, outputTokens: hit.outputTokens, source: hit.source }, replayed: true }
  if (store?.mode === 'replay') throw store.replayMiss(`this ${judge.spec.id} call (key ${key})`)
  const response = await (await judge.provider()).complete(request)
  const { usage } = response
  await store?.store(key, { provider: judge.spec.id, model: judge.spec.model, answer: response.output, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, source: usage.source })
  return { output: response.output, usage, replayed: false }
}
