import type { Env } from '../providers/local/cache-dir.ts'

/** The environment variable `llm-test-bench --repeats N` sets (Vitest's own `--repeats` reruns tests; ours samples). */
export const REPEATS_ENV = 'LLM_BENCH_REPEATS'

/**
 * `LLM_BENCH_REPEATS` as a positive integer, or undefined when unset or empty.
 * A bad value throws a message naming the variable, the value and what was expected
 * (preflight reports it before any case runs).
 */
export function repeatsFromEnv(env: Env = process.env): number | undefined {
  const raw = env[REPEATS_ENV]
  if (raw === undefined || raw.trim() === '') return undefined
  const value = Number(raw)
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${REPEATS_ENV} must be a positive integer (the number of samples of each case), got ${JSON.stringify(raw)}`)
  return value
}

/** How many times a case runs: the case's `repeats`, else its dataset's default, else the environment's, else the option's. */
export function repeatsOf(caseRepeats: number | null, env: Env, option: number): number {
  return caseRepeats ?? repeatsFromEnv(env) ?? option
}
