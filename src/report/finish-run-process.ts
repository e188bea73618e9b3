import { fork, type ChildProcess } from 'node:child_process'
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
 * From this many bytes of results.jsonl the end of a run that was not followed
 * (a resumed run, or one whose follower died) is made in a process started at
 * the end. Over bench:scale's 100,000 records (119 MB) that kept Vitest's main
 * process ~200 MB smaller (779-839 -> 582-611 MB) in about the same time; the
 * start and module load (~0.5 s) cost more than they save on a short end (at
 * 20,000 records, 24 MB: 2.0 -> 2.4-3.0 s).
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
  if (tooManyInMemory(plan)) return false
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
 * How far V8 lets that process's old generation grow past what the last full
 * collection kept before it collects again, in percent (V8's own factor is
 * 1.1-4 times, chosen by its speed). The end's live heap at 100,000 records is
 * ~95 MB, and the rest of its peak was garbage let grow: bench:scale at 100,000
 * cases, alternating, two runs each, its peak 338 and 329 MB -> 268 and 281 MB,
 * with the last test -> exit 3.70 and 4.71 s against 4.75 and 3.93 s (noise
 * here). The flag is V8's, taken by Node 20 and 24; if a Node refused it, the
 * process would not start and the run's end is made in Vitest's process.
 */
const HEAP_GROWING_PERCENT = 20

/** What that process is told: to follow a run's results.jsonl as it grows, then to finish the run. */
export type EndProcessMessage = { follow: { file: string; runId: string; html: boolean; csv: boolean } } | { finish: FinishRunRequest }

/**
 * From this many bytes of a run's results.jsonl, while the run goes, the end's process is started
 * and follows the file (pass 1 made as records come: followed-run.ts), so the end has no start to
 * wait for and no pass 1 to make. bench:scale: at 20,000 records (24 MB) the last test to exit
 * 2.26-2.35 -> 1.94-2.08 s, Vitest's main process 409-412 -> 330-334 MB; at 100,000, 6.4-7.7 ->
 * 5.7-5.8 s and 779-839 -> 601-608 MB. Below it a run's end is quick enough here.
 */
export const FOLLOW_FROM_BYTES = 16 * 1024 * 1024

/** From how many bytes of results.jsonl a run's end process follows it: FOLLOW_FROM_BYTES, 0 when the environment says always, never when it says never. */
export function followFromBytes(env: NodeJS.ProcessEnv = process.env): number {
  if (env[END_PROCESS_ENV]?.trim()) return envFlag(env, END_PROCESS_ENV) ? 0 : Number.POSITIVE_INFINITY
  return FOLLOW_FROM_BYTES
}

/** Whether the plan holds too many records in memory to be sent (its end is then made here). */
export function tooManyInMemory(plan: RecordsPlan): boolean {
  return plan.extra.length > MAX_EXTRA_RECORDS
}

/**
 * A run's end (finishRun) in a process of its own, a fork of this Node, so
 * Vitest's main process, which by then holds the whole test tree, neither grows
 * by the end's working memory nor spends its time collecting garbage in a heap
 * that large. Started at the end, or while the run goes to follow its
 * results.jsonl. The process writes every artifact and answers what the
 * reporter prints and gates on. `finish` resolves `{ ok: false }` with why
 * where no process could be had, it died, or finishRun threw there: the
 * caller then makes the end here, so nothing is lost.
 */
export class EndProcess {
  readonly #child: ChildProcess | null
  /** Why it cannot answer (it did not start, or ended), once known. */
  #gone: string | null = null
  #stderr = ''
  #onReply: ((reply: FinishRunReply) => void) | null = null
  #asked = false

  constructor() {
    const entry = workerModule('finish-run-child', import.meta.url)
    let child: ChildProcess | null = null
    if (!entry) this.#gone = 'its module is not there to run'
    else {
      try {
        child = fork(fileURLToPath(entry), [], { execArgv: [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--heap-growing-percent=${HEAP_GROWING_PERCENT}`], serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] })
      } catch (error) {
        this.#gone = error instanceof Error ? error.message : String(error)
      }
    }
    this.#child = child
    if (!child) return
    child.stderr?.on('data', (chunk: Buffer) => (this.#stderr = (this.#stderr + chunk.toString('utf8')).slice(-4000)))
    child.on('error', (error) => this.#end(error.message))
    child.on('message', (reply: FinishRunReply) => {
      this.#onReply?.(reply)
      this.#onReply = null
      if (child.connected) child.disconnect()
    })
    child.on('exit', (code, signal) => {
      const last = this.#stderr.trim().split('\n').slice(-3).join(' | ')
      this.#end(`it exited (${signal ?? `code ${code}`}) without an answer${last ? `: ${last}` : ''}`)
    })
    // while it only follows, it never keeps Vitest's process alive
    child.unref()
    child.channel?.unref()
  }

  /** Starts reading the run's results.jsonl as it grows; `artifacts`: whether report.html and the CSVs are written. */
  follow(file: string, runId: string, artifacts: { html: boolean; csv: boolean }): void {
    this.#send({ follow: { file, runId, ...artifacts } })
  }

  /** Makes the run's end there. */
  finish(input: Omit<FinishRunInput, 'records'>, records: RecordsPlan): Promise<FinishRunReply> {
    if (this.#asked) return Promise.resolve({ ok: false, error: 'it was asked already' })
    this.#asked = true
    return new Promise((resolvePromise) => {
      if (this.#gone !== null) {
        resolvePromise({ ok: false, error: this.#gone })
        return
      }
      this.#onReply = resolvePromise
      this.#child?.ref()
      this.#child?.channel?.ref()
      this.#send({ finish: { ...input, records, secrets: knownSecrets() } })
    })
  }

  /** Ends it, unless it is making a run's end (a run that ends without asking it: watch mode's next run, an error). */
  close(): void {
    if (!this.#asked && this.#child && this.#child.exitCode === null) this.#child.kill()
  }

  #send(message: EndProcessMessage): void {
    const child = this.#child
    if (!child || this.#gone !== null) return
    const unsent = (error: Error): void => {
      this.#end(`it could not be sent the run: ${error.message}`)
      child.kill()
    }
    try {
      child.send(message, (error) => {
        if (error) unsent(error)
      })
    } catch (error) {
      // a value that does not clone (structured clone): thrown as it is serialised
      unsent(error instanceof Error ? error : new Error(String(error)))
    }
  }

  #end(why: string): void {
    this.#gone ??= why
    this.#onReply?.({ ok: false, error: this.#gone })
    this.#onReply = null
  }
}
