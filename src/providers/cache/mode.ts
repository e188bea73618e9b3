import { z } from 'zod'

/**
 * `off`: no recordings. `read-write`: replay a recorded request, call and record
 * a new one. `record`: always call, refresh the recording, prune entries of
 * cases the dataset no longer has. `replay`: never call; a request without a
 * recording fails its case (for CI).
 */
export const CACHE_MODES = ['off', 'read-write', 'record', 'replay'] as const
export const CacheModeSchema = z.enum(CACHE_MODES)
export type CacheMode = z.output<typeof CacheModeSchema>

/** The environment variable that sets the mode; it wins over the option. */
export const CACHE_ENV = 'LLM_BENCH_CACHE'

/**
 * The mode of a run: `LLM_BENCH_CACHE` when set, else the `cache` option, else
 * `read-write` in watch mode and `off` otherwise (a plain run measures the
 * providers; a bench run's timings must be real).
 */
export function resolveCacheMode(
  option: CacheMode | undefined,
  runMode: 'run' | 'watch' | 'bench',
  env: Readonly<Record<string, string | undefined>> = process.env,
): CacheMode {
  const fromEnv = env[CACHE_ENV]?.trim()
  if (fromEnv) {
    const parsed = CacheModeSchema.safeParse(fromEnv)
    if (!parsed.success) throw new Error(`${CACHE_ENV}=${JSON.stringify(fromEnv)} is not a cache mode; expected one of ${CACHE_MODES.join(', ')}`)
    return parsed.data
  }
  return option ?? (runMode === 'watch' ? 'read-write' : 'off')
}
