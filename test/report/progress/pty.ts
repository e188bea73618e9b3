import { spawn } from 'node:child_process'
import path from 'node:path'
import { REPO, storiesModel } from '../../helpers/run-vitest.ts'

const NODE = path.join(REPO, 'node_modules', '.bin', 'node')
const VITEST = path.join(REPO, 'node_modules', 'vitest', 'vitest.mjs')

export interface TerminalRun {
  /** Exit code of Vitest (`script -e` passes it on); null when killed. */
  code: number | null
  timedOut: boolean
  /** Everything the terminal received, control sequences included (`\n` as the pty sends it: `\r\n`). */
  transcript: string
  wallMs: number
}

/**
 * Runs `vitest <args...>` in `dir` on a real pseudo-terminal: util-linux
 * `script -qfec <command> /dev/null`, the terminal set to `columns` x `rows`
 * first (a fresh pty has no size). Not in CI (no `CI` variable), so Vitest
 * draws as it would for a person at a terminal.
 */
export function runVitestInTerminal(dir: string, args: string[], options: { columns?: number; rows?: number; timeoutMs?: number } = {}): Promise<TerminalRun> {
  const { columns = 120, rows = 40, timeoutMs = 120_000 } = options
  const command = `stty cols ${columns} rows ${rows}; exec ${[NODE, VITEST, ...args].map(shellQuote).join(' ')}`
  const env: Record<string, string | undefined> = {
    ...process.env,
    TERM: 'xterm-256color',
    LLM_BENCH_MODEL: storiesModel(),
    LLM_BENCH_NO_DOWNLOAD: '1',
    CI: undefined,
    CONTINUOUS_INTEGRATION: undefined,
    GITHUB_ACTIONS: undefined,
    GITLAB_CI: undefined,
    BUILDKITE: undefined,
    CIRCLECI: undefined,
    TF_BUILD: undefined,
    JENKINS_URL: undefined,
    TEAMCITY_VERSION: undefined,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    // this process may itself be a Vitest worker: its own markers must not leak into the child
    VITEST: undefined,
    VITEST_MODE: undefined,
    VITEST_POOL_ID: undefined,
    VITEST_WORKER_ID: undefined,
    TEST: undefined,
    NODE_ENV: undefined,
    NODE_OPTIONS: undefined,
  }
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key]
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
    let transcript = ''
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
    child.stdout.setEncoding('utf8').on('data', (d: string) => (transcript += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (transcript += d))
    const timer = setTimeout(() => {
      timedOut = true
      killGroup()
    }, timeoutMs)
    const done = (): void => {
      clearTimeout(timer)
      process.off('exit', killGroup)
    }
    child.once('error', (error) => {
      done()
      reject(error)
    })
    child.once('close', (code) => {
      done()
      resolve({ code, timedOut, transcript, wallMs: performance.now() - started })
    })
  })
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`
}
