import { resolveCacheMode } from '../providers/cache/mode.ts'
import { rateWindowMs } from '../providers/limits/window-config.ts'
import type { Env } from '../providers/local/cache-dir.ts'
import { defaultDownload } from '../providers/local/download-model.ts'
import { parseProviderSpec } from '../providers/spec.ts'
import { END_PROCESS_ENV } from '../report/finish-run-process.ts'
import { repeatsFromEnv } from './repeats.ts'

const FLAG_VALUES = ['1', 'true', 'yes', 'on', '0', 'false', 'no', 'off']

/**
 * The `LLM_BENCH_*` environment variables that have a fixed form, checked in
 * the main process before any case runs (else every case would fail on its
 * own with the same error): one line per bad value, naming the variable, the
 * value and what was expected. Each check is the reading the run itself does,
 * so the two never disagree. `LLM_BENCH_MODEL` is checked with the local
 * providers (`localModelProblems`); `LLM_BENCH_RESUME` by the resume plan.
 */
export function environmentProblems(env: Env = process.env): string[] {
  const checks: Array<() => unknown> = [
    () => resolveCacheMode(undefined, 'run', env),
    () => rateWindowMs(env as NodeJS.ProcessEnv),
    () => positiveInt(env, 'LLM_BENCH_CONTEXT_SIZE'),
    () => positiveInt(env, 'LLM_BENCH_THREADS'),
    () => flag(env, 'LLM_BENCH_NO_DOWNLOAD'),
    () => flag(env, END_PROCESS_ENV),
    () => defaultDownload(env),
    () => judge(env),
    () => repeatsFromEnv(env),
  ]
  return checks.flatMap((check) => {
    try {
      check()
      return []
    } catch (error) {
      return [error instanceof Error ? error.message : String(error)]
    }
  })
}

/** As the local provider reads `LLM_BENCH_CONTEXT_SIZE` and `LLM_BENCH_THREADS`. */
function positiveInt(env: Env, name: string): void {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return
  const value = Number(raw)
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`)
}

/** A yes/no variable: anything else would silently count as "no". */
function flag(env: Env, name: string): void {
  const raw = env[name]?.trim().toLowerCase()
  if (raw === undefined || raw === '' || FLAG_VALUES.includes(raw)) return
  throw new Error(`${name}=${JSON.stringify(env[name])} is not a yes/no value; expected one of ${FLAG_VALUES.join(', ')}`)
}

function judge(env: Env): void {
  const raw = env['LLM_BENCH_JUDGE']?.trim()
  if (!raw) return
  try {
    parseProviderSpec(raw)
  } catch (error) {
    throw new Error(`LLM_BENCH_JUDGE: ${error instanceof Error ? error.message.split('\n', 1)[0] : String(error)}`)
  }
}
