import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { childEnvironment, runInProcessGroup } from './process-group.ts'
import type { CaseRecord } from '../../src/record/schema.ts'
import type { RunResults } from '../../src/report/run-results.ts'

/**
 * Runs a real Vitest (the repository's own, on Node 24 from node_modules) as a
 * child process in a throwaway project folder, for end-to-end tests of the
 * llmBench plugin. The folder is created INSIDE the repository, under
 * `<repo>/.cache/test-projects/`, so that `vitest/config` (and every other
 * package) resolves through the repository's `node_modules`; `.cache/` is
 * git-ignored.
 */

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** The repository's entry point, for `import { llmBench } from <SRC_INDEX>` in a generated config. */
export const SRC_INDEX = path.join(REPO, 'src', 'index.ts')
const NODE = path.join(REPO, 'node_modules', '.bin', 'node')
const VITEST = path.join(REPO, 'node_modules', 'vitest', 'vitest.mjs')
const PROJECTS_DIR = path.join(REPO, '.cache', 'test-projects')

/** `<repo>/../shared` unless `LLM_BENCH_SHARED_DIR` says otherwise (absolute). */
export function sharedDir(): string {
  return path.resolve(process.env['LLM_BENCH_SHARED_DIR'] ?? path.join(REPO, '..', 'shared'))
}

/** The shared tiny GGUF model (stories260K) the embedded local provider should use in tests. */
export function storiesModel(): string {
  return path.join(sharedDir(), 'models', 'stories260K.gguf')
}

export interface ProjectDescription {
  /** Source of `vitest.config.ts`; see `configSource()` for the usual shape. */
  config: string
  /** Files to write, by path relative to the project folder. */
  files?: Record<string, string>
}

export interface RunOptions {
  /** Environment overrides (merged over the parent's environment and the plain-output defaults). */
  env?: Record<string, string | undefined>
  /** Kill the child after this many ms (SIGKILL); default 120 s. */
  timeoutMs?: number
}

export interface VitestRun {
  /** Exit code; null when killed by a signal (e.g. the timeout). */
  code: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  stdout: string
  stderr: string
  /** The project folder. */
  dir: string
  /** Milliseconds the child ran. */
  wallMs: number
  /** Every run folder under `<dir>/<outputDir>`, sorted. */
  runDirs(outputDir?: string): string[]
  /** The one run folder (throws unless there is exactly one). */
  runDir(outputDir?: string): string
  /** `results.json` of the one run folder, parsed. */
  results(outputDir?: string): RunResults
  /** `results.jsonl` of the one run folder, one parsed record a line. */
  jsonl(outputDir?: string): CaseRecord[]
}

export interface TestProject {
  dir: string
  /** Runs `vitest <args...>` in the folder. */
  run(args: string[], options?: RunOptions): Promise<VitestRun>
  /** Writes (or overwrites) a file of the project. */
  write(relativePath: string, content: string): Promise<void>
  /** Deletes the folder (unless `LLM_BENCH_KEEP_TEST_PROJECTS=1`). */
  cleanup(): Promise<void>
}

/** A `vitest.config.ts` with one llmBench project; `optionsSource` is the llmBench options as TS source. */
export function configSource(optionsSource: string, rootTest = ''): string {
  return [
    `import { defineConfig } from 'vitest/config'`,
    `import { llmBench } from ${JSON.stringify(SRC_INDEX)}`,
    ``,
    `export default defineConfig({`,
    `  test: {`,
    rootTest ? `    ${rootTest},` : '',
    `    projects: [llmBench(${optionsSource})],`,
    `  },`,
    `})`,
    ``,
  ].join('\n')
}

const created = new Set<string>()

/** Creates the throwaway project folder with its config and files. */
export async function createProject(description: ProjectDescription): Promise<TestProject> {
  const dir = path.join(PROJECTS_DIR, `${Date.now().toString(36)}-${process.pid}-${randomBytes(4).toString('hex')}`)
  await mkdir(dir, { recursive: true })
  created.add(dir)
  const write = async (relativePath: string, content: string): Promise<void> => {
    const file = path.join(dir, relativePath)
    if (path.relative(dir, file).startsWith('..')) throw new Error(`${relativePath} is outside the project folder`)
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, content)
  }
  await write('vitest.config.ts', description.config)
  for (const [relativePath, content] of Object.entries(description.files ?? {})) await write(relativePath, content)
  return {
    dir,
    write,
    run: (args, options) => runVitest(dir, args, options),
    cleanup: async () => {
      created.delete(dir)
      if (process.env['LLM_BENCH_KEEP_TEST_PROJECTS'] === '1') return
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** A Vitest suite or file as `afterAll` hands it over (only what is read here). */
export interface SuiteLike {
  result?: { state?: string } | undefined
  tasks?: readonly SuiteLike[] | undefined
}

function failed(task: SuiteLike): boolean {
  return task.result?.state === 'fail' || (task.tasks ?? []).some(failed)
}

/**
 * Deletes every folder this process created and has not cleaned up yet. Meant
 * for `afterAll((_ctx, suite) => cleanupAll(suite))`: when a test of the suite
 * failed, the folders are kept (and named on stderr) to look at.
 */
export async function cleanupAll(suite?: SuiteLike): Promise<void> {
  if (created.size === 0) return
  if (process.env['LLM_BENCH_KEEP_TEST_PROJECTS'] === '1' || (suite !== undefined && failed(suite))) {
    process.stderr.write(`kept test projects:\n${[...created].map((dir) => `  ${dir}\n`).join('')}`)
    created.clear()
    return
  }
  await Promise.all([...created].map((dir) => rm(dir, { recursive: true, force: true })))
  created.clear()
}

/** Runs `<repo>/node_modules/.bin/node <repo>/node_modules/vitest/vitest.mjs <args...>` with cwd = `dir`. */
export async function runVitest(dir: string, args: string[], options: RunOptions = {}): Promise<VitestRun> {
  const env = childEnvironment({
    // plain output: no colors, no interactive redraws
    CI: 'true',
    NO_COLOR: '1',
    FORCE_COLOR: undefined,
    // the embedded local provider uses the shared tiny model, never a download
    LLM_BENCH_MODEL: storiesModel(),
    LLM_BENCH_NO_DOWNLOAD: '1',
    ...options.env,
  })
  const run = await runInProcessGroup(NODE, [VITEST, ...args], { cwd: dir, env, timeoutMs: options.timeoutMs ?? 120_000 })
  return makeRun(dir, run)
}

function makeRun(dir: string, raw: Pick<VitestRun, 'code' | 'signal' | 'timedOut' | 'stdout' | 'stderr' | 'wallMs'>): VitestRun {
  const runDirs = (outputDir = 'bench-results'): string[] => {
    const base = path.join(dir, outputDir)
    if (!existsSync(base)) return []
    return readdirSync(base, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(base, e.name))
      .sort()
  }
  const runDir = (outputDir?: string): string => {
    const dirs = runDirs(outputDir)
    if (dirs.length !== 1) throw new Error(`expected one run folder, found ${dirs.length}: ${dirs.join(', ')}\n${describeRun(raw)}`)
    return dirs[0] as string
  }
  return {
    ...raw,
    dir,
    runDirs,
    runDir,
    results: (outputDir) => JSON.parse(readFileSync(path.join(runDir(outputDir), 'results.json'), 'utf8')) as RunResults,
    jsonl: (outputDir) =>
      readFileSync(path.join(runDir(outputDir), 'results.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as CaseRecord),
  }
}

/** Exit code and both outputs, for assertion messages. */
export function describeRun(run: Pick<VitestRun, 'code' | 'signal' | 'timedOut' | 'stdout' | 'stderr'>): string {
  return `exit ${run.code ?? run.signal}${run.timedOut ? ' (timed out)' : ''}\n--- stdout ---\n${run.stdout}\n--- stderr ---\n${run.stderr}`
}

/** A dataset file (YAML) in the generated project: `name`, defaults, and cases with a prompt each. */
export function yamlDataset(name: string, caseIds: string[], extra = ''): string {
  const cases = caseIds.map((id) => `  - id: ${id}\n    prompt: "Story ${id}: once upon a time"`).join('\n')
  return `name: ${name}\n${extra}test_cases:\n${cases}\n`
}
