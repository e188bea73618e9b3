/** Whether to resume, and which run: the latest unfinished one, or a given run id. */
export type ResumeSetting = { kind: 'off' } | { kind: 'latest' } | { kind: 'run'; runId: string }

/** The environment variable that overrides the `resume` option (the CLI's `--resume` sets it). */
export const RESUME_ENV = 'LLM_BENCH_RESUME'

const OFF = new Set(['0', 'false', 'no', 'off'])
const LATEST = new Set(['1', 'true', 'yes', 'on', 'latest'])

/**
 * The resume setting of a run: `LLM_BENCH_RESUME` when set and not empty, else the
 * `resume` option. `true`/`'latest'` (and `1`, `yes`, `on` in the variable):
 * the latest unfinished run; `false` (`0`, `no`, `off`): none; any
 * other text: that run id.
 */
export function resumeSetting(option: boolean | string | undefined, env: string | undefined): ResumeSetting {
  const value = env !== undefined && env.trim() !== '' ? env.trim() : option
  if (value === undefined || value === false) return { kind: 'off' }
  if (value === true) return { kind: 'latest' }
  const text = value.toLowerCase()
  if (OFF.has(text)) return { kind: 'off' }
  if (LATEST.has(text)) return { kind: 'latest' }
  return { kind: 'run', runId: value }
}
