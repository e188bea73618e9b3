import { spawn } from 'node:child_process'
import { openSync, closeSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/** The project's own Vitest entry (`vitest/vitest.mjs`), resolved from this package. */
export function vitestEntry(): string {
  const pkg = createRequire(import.meta.url).resolve('vitest/package.json')
  return path.join(path.dirname(pkg), 'vitest.mjs')
}

export interface ChildExit {
  code: number | null
  signal: NodeJS.Signals | null
}

/**
 * Runs `vitest <args>` as a child process (the fleet run is a process tree),
 * its output appended to `logFile`; resolves when it exits.
 */
export function runVitest(args: readonly string[], options: { cwd: string; logFile: string; env: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<ChildExit> {
  const fd = openSync(options.logFile, 'a')
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [vitestEntry(), ...args], { cwd: options.cwd, env: { ...options.env, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', fd, fd], ...(options.signal === undefined ? {} : { signal: options.signal, killSignal: 'SIGTERM' as const }) })
    child.on('error', () => resolve({ code: null, signal: null }))
    child.on('exit', (code, signal) => {
      closeSync(fd)
      resolve({ code, signal })
    })
  })
}
