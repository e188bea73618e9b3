import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import type { TestServer } from '../helpers/openai-test-server.ts'

/**
 * A throwaway project for the watch-mode test: a folder under
 * `<repo>/.cache/test-projects/` (so `vitest/config` resolves through the
 * repository's node_modules) whose `vitest.config.ts` imports llmBench from the
 * repository's `src/index.ts`, and a `vitest --watch` child process running in it.
 */

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const NODE = join(REPO, 'node_modules/.bin/node')
const VITEST = join(REPO, 'node_modules/vitest/vitest.mjs')

export interface ThrowawayProject {
  root: string
  /** Writes a file (relative to the root), creating its folder. */
  write(relative: string, text: string): void
  remove(): void
}

export function createProject(files: Record<string, string>): ThrowawayProject {
  const root = join(REPO, '.cache/test-projects', `watch-${process.pid}-${randomBytes(4).toString('hex')}`)
  mkdirSync(root, { recursive: true })
  const write = (relative: string, text: string): void => {
    const file = join(root, relative)
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, text)
  }
  for (const [relative, text] of Object.entries(files)) write(relative, text)
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) }
}

/**
 * The config of a project with one llmBench project named `llm`, on an
 * OpenAI-compatible server; `projectRoot` gives that project a root of its own.
 */
export function benchConfig(baseURL: string, projectRoot?: string): string {
  const project = [
    `llmBench({`,
    `  name: 'llm',`,
    `  datasets: 'datasets/**/*.dataset.{yaml,yml,json}',`,
    `  providers: [{ type: 'openai', model: 'm', baseURL: ${JSON.stringify(baseURL)}, concurrency: 8 }],`,
    `})`,
  ]
  if (projectRoot !== undefined) {
    project[0] = `{ ...${project[0]}`
    project[project.length - 1] = `}), root: ${JSON.stringify(projectRoot)} }`
  }
  return [
    `import { defineConfig } from 'vitest/config'`,
    `import { llmBench } from ${JSON.stringify(join(REPO, 'src/index.ts'))}`,
    ``,
    `export default defineConfig({`,
    `  test: {`,
    `    projects: [`,
    ...project.map((line, i) => `      ${line}${i === project.length - 1 ? ',' : ''}`),
    `    ],`,
    `  },`,
    `})`,
    ``,
  ].join('\n')
}

/** A `vitest --watch --project llm` child process; its stdout and stderr are kept. */
export interface Watcher {
  /** stdout and stderr together, colors off. */
  output(): string
  /** Rejects if the process has exited. */
  alive(): void
  stop(): Promise<void>
}

export function startWatcher(root: string, extraEnv: Record<string, string> = {}): Watcher {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }
  // the outer Vitest's own variables would tell the child it runs inside a test worker
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || key === 'TEST' || key === 'NODE_ENV') delete env[key]
  // std-env's isCI: `--watch` overrides the CI default, but leave nothing to chance
  delete env['CI']
  delete env['OPENAI_API_KEY']
  // watch mode replays unchanged requests from recordings by default; these tests count server requests
  env['LLM_BENCH_CACHE'] = 'off'
  Object.assign(env, extraEnv)
  // its own process group, so stop() ends Vitest and its workers together
  const child: ChildProcess = spawn(NODE, [VITEST, '--watch', '--project', 'llm'], {
    cwd: root,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  })
  let text = ''
  let exited: string | undefined
  // should the test process end without stop(), the watcher must not outlive it
  const killOnExit = (): void => {
    if (!exited && child.pid !== undefined) kill(child.pid, 'SIGKILL')
  }
  process.on('exit', killOnExit)
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')))
  const exit = new Promise<void>((done) =>
    child.on('exit', (code, signal) => {
      exited = `vitest exited (code ${code}, signal ${signal})`
      process.off('exit', killOnExit)
      done()
    }),
  )
  return {
    output: () => text,
    alive: () => {
      if (exited) throw new Error(`${exited}; output:\n${text}`)
    },
    async stop() {
      const pid = child.pid
      if (exited || pid === undefined) return
      kill(pid, 'SIGTERM')
      const timer = setTimeout(() => kill(pid, 'SIGKILL'), 3_000)
      await exit
      clearTimeout(timer)
    },
  }
}

/** Signals the child's whole process group (Vitest and its workers). */
function kill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    // already gone
  }
}

/** One finished run of the reporter: `<outputDir>/<run-id>/results.json`. */
export interface FinishedRun {
  runId: string
  startedAt: string
  /** Names of the datasets with case records in this run. */
  datasets: string[]
  cases: Array<{ dataset: string; caseId: string; prompt: string; status: string; requestHash: string; usage: { inputTokens: number | null } }>
}

/** Every finished run so far (a results.json that does not parse yet is being written: left out). */
export function finishedRuns(root: string, outputDir = 'bench-results'): FinishedRun[] {
  const dir = join(root, outputDir)
  if (!existsSync(dir)) return []
  const runs: FinishedRun[] = []
  for (const name of readdirSync(dir)) {
    const file = join(dir, name, 'results.json')
    if (!existsSync(file)) continue
    try {
      const results = JSON.parse(readFileSync(file, 'utf8')) as Omit<FinishedRun, 'datasets'>
      const datasets = [...new Set(results.cases.map((c) => c.dataset))].sort()
      runs.push({ runId: results.runId, startedAt: results.startedAt, datasets, cases: results.cases })
    } catch {
      // partly written
    }
  }
  return runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt))
}

/** A run's identity: a run id may repeat within one second, its start time with it does not. */
export const runKey = (run: FinishedRun): string => `${run.runId}@${run.startedAt}`

/** Polls `check` until it returns a value, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined, timeoutMs: number, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await sleep(intervalMs)
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms))
}

/** The end-of-run line Vitest prints in watch mode once a run is over. */
const WATCHING = /Waiting for file changes|Watching for file changes/g

export interface Rerun {
  run: FinishedRun
  /** What the watcher printed for this run. */
  output: string
  /** Test files Vitest listed for this run (`|llm| <file>`), sorted. */
  files: string[]
  /** Requests the server got during this run. */
  requests: number
}

/** Follows the runs of one watcher: each edit, the one run it starts. */
export class RunTracker {
  /** Runs seen so far (by run id and start time). */
  readonly #seen = new Set<string>()
  /** The last record of each case (`dataset/caseId`). */
  readonly lastCase = new Map<string, FinishedRun['cases'][number]>()

  readonly project: ThrowawayProject
  readonly watcher: Watcher
  readonly server: TestServer

  constructor(project: ThrowawayProject, watcher: Watcher, server: TestServer) {
    this.project = project
    this.watcher = watcher
    this.server = server
  }

  /**
   * Applies `edit` and waits for the one run it starts: a new results.json and
   * Vitest's end-of-run line after it. No fixed sleeps: polling with a timeout.
   * `first`: the watcher's first run (its output and requests from the start).
   */
  async rerunAfter(edit: () => void, timeoutMs: number, first = false): Promise<Rerun> {
    const mark = first ? 0 : this.watcher.output().length
    const requestsBefore = first ? 0 : this.server.stats().requests
    edit()
    const fresh = await waitFor(
      'the re-run (a new results.json)',
      () => {
        this.watcher.alive()
        const runs = this.newRuns()
        return runs.length > 0 && (this.watcher.output().slice(mark).match(WATCHING)?.length ?? 0) > 0 ? runs : undefined
      },
      timeoutMs,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\nwatcher output since the edit:\n${this.watcher.output().slice(mark)}`)
    })
    const output = this.watcher.output().slice(mark)
    expect(fresh, `one edit, one run; output:\n${output}`).toHaveLength(1)
    const run = fresh[0] as FinishedRun
    this.#seen.add(runKey(run))
    for (const c of run.cases) this.lastCase.set(`${c.dataset}/${c.caseId}`, c)
    const files = [...output.matchAll(/\|llm\| (\S+\.dataset\.(?:ya?ml|json))/g)].map((m) => m[1] as string).sort()
    return { run, output, files, requests: this.server.stats().requests - requestsBefore }
  }

  /** Applies `edit`, waits `quietMs`, and checks that no run started: no RERUN, no results, no request. */
  async expectNoRerun(edit: () => void, quietMs: number): Promise<void> {
    const mark = this.watcher.output().length
    const requestsBefore = this.server.stats().requests
    edit()
    await sleep(quietMs)
    this.watcher.alive()
    expect(this.watcher.output().slice(mark), 'no RERUN').not.toContain('RERUN')
    expect(this.newRuns()).toEqual([])
    expect(this.server.stats().requests - requestsBefore).toBe(0)
  }

  newRuns(): FinishedRun[] {
    return finishedRuns(this.project.root).filter((r) => !this.#seen.has(runKey(r)))
  }
}
