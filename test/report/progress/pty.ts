import path from 'node:path'
import { childEnvironment, runInProcessGroup } from '../../helpers/process-group.ts'
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
export async function runVitestInTerminal(dir: string, args: string[], options: { columns?: number; rows?: number; timeoutMs?: number } = {}): Promise<TerminalRun> {
  const { columns = 120, rows = 40, timeoutMs = 120_000 } = options
  const command = `stty cols ${columns} rows ${rows}; exec ${[NODE, VITEST, ...args].map(shellQuote).join(' ')}`
  const env = childEnvironment({
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
  })
  const run = await runInProcessGroup('script', ['-qfec', command, '/dev/null'], { cwd: dir, env, timeoutMs })
  return { code: run.code, timedOut: run.timedOut, transcript: run.output, wallMs: run.wallMs }
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`
}
