import { spawn } from 'node:child_process'
import { appendFileSync } from 'node:fs'

/**
 * Watch mode as a user meets it: `vitest --watch --project llm` prints its
 * first table; appending a line to `touch` (a dataset) must print another.
 * Resolves with the output, rejects with it (and why) after `timeoutMs`.
 */
export function checkWatch(options: { cwd: string; env: NodeJS.ProcessEnv; touch: string; timeoutMs: number }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['--no-install', 'vitest', '--watch', '--project', 'llm'], { cwd: options.cwd, env: options.env, detached: true })
    let output = ''
    let touched = false
    const tables = () => output.match(/llm-test-bench llm \(watch\)/g)?.length ?? 0
    const stop = (error: string | null) => {
      clearTimeout(timer)
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM')
      } catch {
        // already gone
      }
      if (error) reject(new Error(`${error}\n${output}`))
      else resolve(output)
    }
    const timer = setTimeout(() => stop(`watch mode: ${touched ? 'no second table after the dataset changed' : 'no first table'} within ${options.timeoutMs} ms`), options.timeoutMs)
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      if (!touched && tables() >= 1 && /Waiting for file changes|PASS|FAIL/.test(output.split(/llm-test-bench llm \(watch\)/).at(-1) ?? '')) {
        touched = true
        appendFileSync(options.touch, '\n')
      } else if (touched && tables() >= 2) stop(null)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => stop(`watch mode: vitest exited (${code}) before the second table`))
  })
}
