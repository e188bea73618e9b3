import { spawn } from 'node:child_process'
import { watchPeakRss } from '../overhead/process-tree-peak.ts'

export interface Measurement {
  wallMs: number
  /** Each process's peak RSS, largest first: [pid and script, MB]. */
  processes: [string, number][]
  /** From the spawn to the first request the server saw (start-up: Node, Vitest, config, datasets). */
  firstRequestMs: number | null
  /** From the moment the server had answered every request to the process's exit (the teardown). */
  exitAfterLastMs: number | null
}

/**
 * One whole process, spawn to exit: wall time, the peak RSS of each process of
 * its tree, how long it took to send its first request, and how long it took to exit after the
 * server saw the last request end.
 */
export function measure(
  node: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  stats: () => { inFlight: number; requests: number },
  cases: number,
): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now()
    const child = spawn(node, args, { cwd, env: { ...process.env, ...env, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)))
    const peak = watchPeakRss(child.pid as number)
    let firstRequest: number | null = null
    let lastEnd: number | null = null
    const poll = setInterval(() => {
      const s = stats()
      if (firstRequest === null && s.requests > 0) firstRequest = performance.now()
      if (lastEnd === null && s.requests >= cases && s.inFlight === 0) lastEnd = performance.now()
    }, 5)
    child.on('exit', (code) => {
      const ended = performance.now()
      clearInterval(poll)
      const { processes } = peak.stop()
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}\n${stderr}`))
      else resolvePromise({ wallMs: ended - started, processes, firstRequestMs: firstRequest === null ? null : firstRequest - started, exitAfterLastMs: lastEnd === null ? null : ended - lastEnd })
    })
  })
}
