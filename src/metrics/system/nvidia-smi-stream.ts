import { Socket } from 'node:net'
import { execa } from 'execa'
import { nvidiaSmiArgs, parseNvidiaSmiLine, shortLine, type NvidiaSmiRow } from './nvidia-smi-csv.ts'

/**
 * One long-running `nvidia-smi -lms <interval>` whose rows arrive as they are printed.
 *
 * Why one process and not one per tick: every start of nvidia-smi initializes NVML (opens the
 * driver, enumerates the GPUs), tens of ms of CPU with persistence mode on and up to ~0.6 s of
 * system CPU without it (a GeForce measured at 0.58 s sys per call). Measured on this project's
 * 2-core dev machine, 20 s at 500 ms, total CPU of sampler + children over an idle baseline:
 *   - one `-lms 500` process (the node stand-in in test/fixtures/nvidia-smi): +0.15 s
 *     (its one start, then ~1 ms per tick);
 *   - a spawn per tick through execa of the same stand-in: +4.3 s, ~108 ms per tick, 21% of a core;
 *   - a spawn per tick of a 2-line `sh` script (the floor, no NVML at all): +0.38 s, ~10 ms per tick.
 * The real tool only widens the gap, so one process it is.
 */
export interface NvidiaSmiStream {
  /** Kills the process (SIGTERM, SIGKILL after 1 s) and resolves once it has exited. */
  stop(): Promise<void>
}

export interface NvidiaSmiStreamOptions {
  /** The executable: a name looked up on PATH (of `env` when given) or a path. */
  command: string
  intervalMs: number
  /** Environment of the process (merged over this process's); its PATH is where `command` is looked up. */
  env?: NodeJS.ProcessEnv
  now: () => number
  /** A row as it arrives, stamped with the time it arrived. */
  onRow(row: NvidiaSmiRow, t: number): void
  /**
   * The process ended, or never started, without stop() being asked: why (a short reason), and how
   * many rows it printed before.
   */
  onEnd(reason: string, rows: number): void
}

/** How long a process that printed something else than a row gets to exit on its own before it is killed. */
const GRACE_MS = 200
const MAX_OUTPUT = 4096

/** Starts the process; never throws (a failure to start arrives through onEnd). */
export function startNvidiaSmiStream(options: NvidiaSmiStreamOptions): NvidiaSmiStream {
  const { command } = options
  const subprocess = execa(command, nvidiaSmiArgs(options.intervalMs), {
    env: options.env,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    forceKillAfterDelay: 1000,
    cleanup: true,
  })
  // A sampler that is never stopped must not keep the process alive.
  subprocess.unref()
  for (const stream of [subprocess.stdout, subprocess.stderr]) if (stream instanceof Socket) stream.unref()

  let stopped = false
  let rows = 0
  let pending = ''
  let badLine: string | null = null
  let stderr = ''
  let graceTimer: NodeJS.Timeout | undefined

  subprocess.stdout.setEncoding('utf8')
  subprocess.stdout.on('data', (chunk: string) => {
    if (badLine !== null) return
    pending += chunk
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    if (pending.length > MAX_OUTPUT) lines.push(pending.slice(0, MAX_OUTPUT))
    const t = options.now()
    for (const line of lines) {
      if (line.trim() === '') continue
      const row = parseNvidiaSmiLine(line)
      if (row === null) {
        badLine = line
        graceTimer = setTimeout(() => subprocess.kill(), GRACE_MS)
        graceTimer.unref()
        return
      }
      rows++
      options.onRow(row, t)
    }
  })
  subprocess.stderr.setEncoding('utf8')
  subprocess.stderr.on('data', (chunk: string) => {
    if (stderr.length < MAX_OUTPUT) stderr += chunk
  })

  const settled = subprocess.then((result) => {
    clearTimeout(graceTimer)
    if (stopped) return
    const spawnError = 'code' in result && typeof result.code === 'string' ? result.code : null
    const said = badLine ?? stderr.split('\n').find((line) => line.trim() !== '') ?? null
    let reason: string
    if (spawnError === 'ENOENT') reason = command.includes('/') ? `${command} not found` : `${command} not found on PATH`
    else if (spawnError === 'EACCES') reason = `${command} is not executable`
    else if (spawnError !== null) reason = `${command} could not be started (${spawnError})`
    else if (result.exitCode !== undefined && result.exitCode !== 0)
      reason = said === null ? `${command} exited with code ${result.exitCode}` : shortLine(said)
    else if (badLine !== null) reason = `unexpected ${command} output: "${shortLine(badLine)}"`
    else if (result.signal !== undefined) reason = `${command} was killed (${result.signal})`
    else reason = `${command} exited`
    options.onEnd(reason, rows)
  })
  // A throwing callback must not become an unhandled rejection: the sampler never throws.
  const ended = settled.catch(() => undefined)

  return {
    async stop() {
      stopped = true
      subprocess.kill()
      await ended
    },
  }
}
