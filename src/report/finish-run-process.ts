import { fork } from 'node:child_process'
import { statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { envFlag } from '../providers/local/cache-dir.ts'
import { knownSecrets } from '../providers/redaction/registry.ts'
import type { FinishedRun, FinishRunInput } from './finish-run.ts'
import type { RecordsPlan } from './records-plan.ts'
import { workerModule } from './thread-signal.ts'

/** What the reporter reads of a finished run (the run's numbers stay in the process that made them). */
export type FinishedRunOutcome = Omit<FinishedRun, 'results'>

/** What the end of run's own process is sent (finish-run-child.ts): the input as data, the records as a plan. */
export interface FinishRunRequest extends Omit<FinishRunInput, 'records'> {
  records: RecordsPlan
  /** The run's secrets: that process redacts what it writes as this one does. */
  secrets: string[]
}

/** What it answers. */
export type FinishRunReply = ({ ok: true } & FinishedRunOutcome) | { ok: false; error: string }

/**
 * From this many bytes of results.jsonl a run's end is made in a process of its
 * own (finishRunInProcess). Measured over bench:scale's 100,000 records (119 MB
 * of lines) in a fresh process: 4.7-5.5 s and 385-426 MB with 8-16 MB semi-spaces,
 * where Vitest's main process took 8.6 s and grew by ~200 MB above the ~600 MB its
 * test tree holds by then. A start of that process costs ~0.3 s.
 */
export const END_PROCESS_FROM_BYTES = 32 * 1024 * 1024

/** Records held in memory (not in the file) above which the run's end stays here: they would be copied whole. */
const MAX_EXTRA_RECORDS = 10_000

/**
 * The environment variable that chooses: unset (by size, END_PROCESS_FROM_BYTES),
 * a yes value (always) or a no value (never: the end is made in Vitest's process).
 */
export const END_PROCESS_ENV = 'LLM_BENCH_END_PROCESS'

/** Whether this run's end is worth a process of its own. */
export function wantsEndProcess(plan: RecordsPlan, env: NodeJS.ProcessEnv = process.env): boolean {
  if (plan.extra.length > MAX_EXTRA_RECORDS) return false
  // a value other than a yes value is a no value: preflight (config/environment.ts) refuses any other
  if (env[END_PROCESS_ENV]?.trim()) return envFlag(env, END_PROCESS_ENV)
  try {
    return statSync(plan.file).size >= END_PROCESS_FROM_BYTES
  } catch {
    return false
  }
}

/**
 * The young generation of that process, in MB per semi-space (V8 takes it only
 * from the command line): the end of run's garbage is short-lived, and V8's 64 MB
 * default for a heap that size is resident memory for nothing. 8 MB was the
 * fastest and smallest over bench:scale's 100,000 records (4.9-5.5 s, 385-400 MB;
 * default 6.3-6.6 s, 516-526 MB).
 */
const SEMI_SPACE_MB = 8

/**
 * A run's end (finishRun) in a process of its own, a fork of this Node, so
 * Vitest's main process, which by then holds the whole test tree, neither grows
 * by the end's working memory nor spends its time collecting garbage in a heap
 * that large. The process writes every artifact and answers what the reporter
 * prints and gates on. Resolves `{ ok: false }` with why, where no process
 * could be had, it died, or finishRun threw there: the caller then makes the
 * end here, so nothing is lost.
 */
export function finishRunInProcess(input: Omit<FinishRunInput, 'records'>, records: RecordsPlan): Promise<FinishRunReply> {
  const entry = workerModule('finish-run-child', import.meta.url)
  if (!entry) return Promise.resolve({ ok: false, error: 'its module is not there to run' })
  const request: FinishRunRequest = { ...input, records, secrets: knownSecrets() }
  return new Promise((resolvePromise) => {
    let settled = false
    let stderr = ''
    const settle = (reply: FinishRunReply): void => {
      if (settled) return
      settled = true
      resolvePromise(reply)
    }
    let child: ReturnType<typeof fork>
    try {
      child = fork(fileURLToPath(entry), [], { execArgv: [`--max-semi-space-size=${SEMI_SPACE_MB}`], serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
    } catch (error) {
      settle({ ok: false, error: error instanceof Error ? error.message : String(error) })
      return
    }
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)))
    child.on('error', (error) => settle({ ok: false, error: error.message }))
    child.on('message', (reply: FinishRunReply) => {
      settle(reply)
      if (child.connected) child.disconnect()
    })
    child.on('exit', (code, signal) => {
      const last = stderr.trim().split('\n').slice(-3).join(' | ')
      settle({ ok: false, error: `it exited (${signal ?? `code ${code}`}) without an answer${last ? `: ${last}` : ''}` })
    })
    const unsent = (error: Error): void => {
      settle({ ok: false, error: `it could not be sent the run: ${error.message}` })
      child.kill()
    }
    try {
      child.send(request, (error) => {
        if (error) unsent(error)
      })
    } catch (error) {
      // a value that does not clone (structured clone): thrown as it is serialised
      unsent(error instanceof Error ? error : new Error(String(error)))
    }
  })
}
