/** The rate window of `rpm` and `tpm`: one minute. */
export const RATE_WINDOW_MS = 60_000

/**
 * The rate window in force: a minute, or `LLM_BENCH_RATE_WINDOW_MS` (a
 * positive number of ms) when set, so that tests can check per-minute limits
 * in a second. Read in the process that holds the limits (the Vitest main
 * process, or a worker without a limit server). Not meant for real runs:
 * providers count per minute.
 */
export function rateWindowMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['LLM_BENCH_RATE_WINDOW_MS']
  if (raw === undefined || raw === '') return RATE_WINDOW_MS
  const ms = Number(raw)
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`LLM_BENCH_RATE_WINDOW_MS must be a positive number of ms, got ${JSON.stringify(raw)}`)
  return ms
}
