import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

export type Env = Readonly<Record<string, string | undefined>>

/**
 * The cache folder: `$LLM_BENCH_CACHE_DIR`, else `$XDG_CACHE_HOME/llm-test-bench`,
 * else `~/.cache/llm-test-bench`. Always absolute (relative values are taken against `cwd`).
 */
export function cacheDir(env: Env = process.env, cwd: string = process.cwd()): string {
  const own = env['LLM_BENCH_CACHE_DIR']
  if (own) return resolve(cwd, own)
  const xdg = env['XDG_CACHE_HOME']
  if (xdg) return resolve(cwd, xdg, 'llm-test-bench')
  return join(homedir(), '.cache', 'llm-test-bench')
}

/** Where downloaded models live inside the cache folder. */
export function modelsCacheDir(dir: string): string {
  return join(dir, 'models')
}

/** `1`, `true`, `yes`, `on` (any case) count as set. */
export function envFlag(env: Env, name: string): boolean {
  const value = env[name]?.trim().toLowerCase()
  return value === '1' || value === 'true' || value === 'yes' || value === 'on'
}
