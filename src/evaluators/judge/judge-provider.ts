import { parseProviderSpec, type ProviderSpec } from '../../providers/spec.ts'
import { createProvider } from '../../providers/registry.ts'
import type { Provider } from '../../providers/types.ts'
import type { PriceTarget } from '../../providers/pricing/index.ts'

/** A judge as the matcher options give it: a provider spec string or object, as in llmBench's providers. */
export type JudgeSpecInput = string | Record<string, unknown>

export const JUDGE_ENV = 'LLM_BENCH_JUDGE'

export interface Judge {
  spec: ProviderSpec
  provider: Provider
}

/** The judge spec to use: the option, else env LLM_BENCH_JUDGE; an Error saying how to set one when neither is there. */
export function resolveJudgeSpec(option: JudgeSpecInput | undefined, env: NodeJS.ProcessEnv = process.env): ProviderSpec {
  const raw = option ?? (env[JUDGE_ENV]?.trim() || undefined)
  if (raw === undefined) {
    throw new Error(
      `toSatisfyRubric: no judge model configured. Pass one, e.g. expect(output).toSatisfyRubric(rubric, { judge: 'openai:gpt-4o-mini' }) ` +
        `or in a dataset \`- toSatisfyRubric: { criteria: [...], judge: 'openai:gpt-4o-mini' }\`, ` +
        `or set the environment variable ${JUDGE_ENV} (e.g. ${JUDGE_ENV}=openai:gpt-4o-mini, ${JUDGE_ENV}=local:/path/model.gguf, ` +
        `${JUDGE_ENV}=ollama:llama3.2).`,
    )
  }
  return parseProviderSpec(raw)
}

/** One provider per judge spec per worker (module-level), created on first use. */
const judges = new Map<string, Promise<Judge>>()

export function getJudge(spec: ProviderSpec): Promise<Judge> {
  const key = JSON.stringify(spec)
  let judge = judges.get(key)
  if (judge === undefined) {
    judge = createProvider(spec).then((provider) => ({ spec, provider }))
    // a failed creation is not cached: the next evaluation tries again
    judge.catch(() => judges.delete(key))
    judges.set(key, judge)
  }
  return judge
}

/** Closes every cached judge provider (end of a worker, tests). */
export async function closeJudges(): Promise<void> {
  const all = [...judges.values()]
  judges.clear()
  await Promise.all(all.map(async (p) => (await p.catch(() => null))?.provider.close?.()))
}

/** What the pricing table needs to price a judge's calls. */
export function judgePriceTarget(spec: ProviderSpec): PriceTarget {
  const baseURL = spec.type === 'openai' || spec.type === 'anthropic' ? spec.baseURL : spec.type === 'ollama' ? spec.host : undefined
  return { id: spec.id, type: spec.type, model: spec.model, baseURL, price: spec.price }
}
