import { spawn } from 'node:child_process'
import { childEnvironment } from '../helpers/process-group.ts'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { REPO, storiesModel } from '../helpers/run-vitest.ts'

/**
 * A Node child process (Vitest, or our CLI) in a throwaway project folder, in
 * its own process group so it can be killed with every worker it started,
 * the way a crash or `kill -9` would end a run.
 */

export const NODE = path.join(REPO, 'node_modules', '.bin', 'node')
export const VITEST = path.join(REPO, 'node_modules', 'vitest', 'vitest.mjs')
/** The CLI from source (Node 24 strips the types). */
export const CLI = path.join(REPO, 'src', 'cli.ts')

export interface ChildResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface Child {
  pid: number
  /** Everything written so far. */
  output(): string
  /** SIGKILL to the whole process group. */
  killGroup(): void
  done: Promise<ChildResult>
}

/** The environment of a child run: plain output, the shared tiny model, none of this process's Vitest markers. */
export function childEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return childEnvironment({
    CI: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: undefined,
    LLM_BENCH_MODEL: storiesModel(),
    LLM_BENCH_NO_DOWNLOAD: '1',
    LLM_BENCH_RESUME: undefined,
    LLM_BENCH_CACHE: undefined,
    ...overrides,
  })
}

/** Starts `node <args...>` in `cwd`; killed (group) after `timeoutMs` at the latest. */
export function startChild(cwd: string, args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 120_000): Child {
  const child = spawn(NODE, args, { cwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  if (child.pid === undefined) throw new Error(`could not start ${args.join(' ')}`)
  const pid = child.pid
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  const killGroup = (): void => {
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  process.once('exit', killGroup)
  const timer = setTimeout(killGroup, timeoutMs)
  const done = new Promise<ChildResult>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', (code, signal) => {
      clearTimeout(timer)
      process.off('exit', killGroup)
      resolve({ code, signal, stdout, stderr })
    })
  })
  return { pid, output: () => stdout + stderr, killGroup, done }
}

/** Runs `node <args...>` in `cwd` to its end. */
export function runChild(cwd: string, args: string[], env: Record<string, string | undefined> = {}, timeoutMs?: number): Promise<ChildResult> {
  return startChild(cwd, args, env, timeoutMs).done
}

/** The complete lines of a file (a last line without its newline is left out); none when it is missing. */
export function completeLines(file: string): string[] {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return []
  }
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter((line) => line !== '')
}

/** Waits until `check()` is true, polling; throws after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** Exit and both outputs, for assertion messages. */
export function describeChild(result: ChildResult): string {
  return `exit ${result.code ?? result.signal}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`
}
