import { spawn } from 'node:child_process'

/** The markers of a Vitest worker, which must not leak into a child Vitest (it would think it is one). */
const VITEST_MARKERS = ['VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'TEST', 'NODE_ENV', 'NODE_OPTIONS'] as const

/** This process's environment without Vitest's worker markers, with `overrides` (undefined deletes). */
export function childEnvironment(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env }
  for (const key of VITEST_MARKERS) delete env[key]
  Object.assign(env, overrides)
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
  return env as NodeJS.ProcessEnv
}

export interface GroupRun {
  code: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  stdout: string
  stderr: string
  /** stdout and stderr in the order they arrived. */
  output: string
  wallMs: number
}

/**
 * Runs `command args...` in its own process group, so that a timeout (or this
 * process exiting) ends it and everything it started (Vitest's workers).
 */
export function runInProcessGroup(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<GroupRun> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let stdout = ''
    let stderr = ''
    let output = ''
    let timedOut = false
    const killGroup = (): void => {
      if (child.pid === undefined) return
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    process.once('exit', killGroup)
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d
      output += d
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d
      output += d
    })
    const timer = setTimeout(() => {
      timedOut = true
      killGroup()
    }, options.timeoutMs)
    const done = (): void => {
      clearTimeout(timer)
      process.off('exit', killGroup)
    }
    child.once('error', (error) => {
      done()
      reject(error)
    })
    child.once('close', (code, signal) => {
      done()
      resolve({ code, signal, timedOut, stdout, stderr, output, wallMs: performance.now() - started })
    })
  })
}
