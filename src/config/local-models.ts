import type { Env } from '../providers/local/cache-dir.ts'
import { envFlag } from '../providers/local/cache-dir.ts'
import { ModelNotFoundError, resolveModel } from '../providers/local/resolve-model.ts'
import type { LocalProviderSpec, ProviderSpec } from '../providers/spec.ts'

/**
 * The local providers whose model cannot be found, checked in the main process
 * before any case runs: a `modelPath` or `LLM_BENCH_MODEL` that is no file,
 * or no model anywhere with downloads off. One message per provider (the
 * resolver's own). A model that would be downloaded is not fetched here: the
 * worker does that.
 */
export async function localModelProblems(specs: readonly ProviderSpec[], cwd: string, env: Env = process.env): Promise<string[]> {
  const local = specs.filter((spec): spec is LocalProviderSpec => spec.type === 'local')
  const found = await Promise.all(local.map((spec) => problemOf(spec, cwd, env)))
  return found.filter((problem): problem is string => problem !== null)
}

async function problemOf(spec: LocalProviderSpec, cwd: string, env: Env): Promise<string | null> {
  const noDownload = spec.modelPath !== undefined || Boolean(env['LLM_BENCH_MODEL']) || spec.download === false || envFlag(env, 'LLM_BENCH_NO_DOWNLOAD')
  if (!noDownload) return null
  try {
    await resolveModel(spec, { cwd, env })
    return null
  } catch (error) {
    if (error instanceof ModelNotFoundError) return error.message
    throw error
  }
}
