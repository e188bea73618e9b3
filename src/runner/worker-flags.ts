import { Worker } from 'node:worker_threads'
import { DEFAULT_EXEC_ARGV } from '../config/options.ts'

/** Vitest's pools whose workers are Node worker threads (the others are processes, which take any flag). */
const THREAD_POOLS = new Set(['threads', 'vmThreads'])

/** The workers' flags for the project's pool, or why the ones given cannot be. */
export type WorkerFlags = { execArgv: string[]; problem: null } | { execArgv: null; problem: string }

/**
 * The `execArgv` the project's workers can start with. Node's worker threads
 * refuse V8 and process-wide flags (ERR_WORKER_INVALID_EXEC_ARGV) and Vitest
 * then fails every test file, so in a pool of threads the default flags (V8's,
 * see DEFAULT_EXEC_ARGV) are left out, and flags of the user's own that a
 * thread refuses are a problem said before any case runs. Processes (`forks`,
 * `vmForks`, a custom pool) get the flags as they are.
 */
export function workerFlags(pool: string, execArgv: readonly string[]): WorkerFlags {
  if (!THREAD_POOLS.has(pool) || threadRefusal(execArgv) === null) return { execArgv: [...execArgv], problem: null }
  const own = execArgv.filter((flag) => !DEFAULT_EXEC_ARGV.includes(flag))
  const refusal = threadRefusal(own)
  if (refusal === null) return { execArgv: own, problem: null }
  return {
    execArgv: null,
    problem: `execArgv ${JSON.stringify(own)} cannot start the workers of pool '${pool}': ${refusal} (Node's worker threads take no V8 or process-wide flags); run this project with pool: 'forks', or leave those flags out`,
  }
}

/**
 * What Node says when a worker thread is started with these flags, or null when it starts: the
 * check is Node's own (its list of what a thread takes changes between versions). A thread that
 * starts runs no code and is stopped at once.
 */
function threadRefusal(flags: readonly string[]): string | null {
  if (flags.length === 0) return null
  try {
    const worker = new Worker('', { eval: true, execArgv: [...flags], stdout: true, stderr: true })
    worker.unref()
    worker.on('error', () => undefined)
    void worker.terminate()
    return null
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error
    return error instanceof Error ? error.message : String(error)
  }
}
