import { resolve } from 'node:path'
import { glob } from 'tinyglobby'
import type { Plugin } from 'vite'
import type { TestProject, Vitest } from 'vitest/node'
import type { ResolvedOptions } from '../config/options.ts'
import { preflightMessage, preflightProblems } from '../config/preflight.ts'
import { isDatasetFile } from '../dataset/load.ts'
import { startLimitServer, type LimitServer } from '../providers/limits/limit-server.ts'
import { addRunSecrets } from '../providers/redaction/registry.ts'
import { RedactingConsoleReporter } from '../report/redacting-console.ts'
import { LlmBenchReporter, type BenchProject, type ResumeHandle } from '../report/reporter.ts'
import { servesBenchUnderPlainName } from './bench-filter.ts'
import { datasetCategories, declareCategoryTags } from './category-tags.ts'
import { outputDirProblem } from './output-dir.ts'
import { projectPartsOf, splitDatasetModules } from './dataset-split-specs.ts'
import { datasetPartOf } from './dataset-split.ts'
import { staticListing } from './static-list.ts'
import type { RunMode } from './provided.ts'
import { planResume } from './resume/plan.ts'
import { RESUME_ENV, resumeSetting } from './resume/setting.ts'
import { promptFileTrigger } from './watch-triggers.ts'
import { workerFlags } from './worker-flags.ts'
import { functionModuleTrigger } from './function-module-trigger.ts'
import { parseProviderSpec } from '../providers/spec.ts'
import { addReporters, isBenchProject, keepOutOfModuleCache } from './vitest-version.ts'

/** What all llmBench projects of one Vitest instance share: one limit server, one reporter. */
interface Session {
  limits: Promise<LimitServer>
  projects: Map<string, BenchProject>
}

const sessions = new WeakMap<Vitest, Session>()

/**
 * The project's Vite plugin. In the main process it starts the run-wide limit
 * server, hands the workers their options, adds the reporter, teaches watch
 * mode which prompt files a dataset reads, and lets `vitest bench --project
 * <name>` find the project by its plain name.
 */
export function llmBenchPlugin(options: ResolvedOptions & { maxConcurrency: number }): Plugin {
  /** The project and how it runs, once Vitest has configured it: a dataset module is listed from them (static-list.ts). */
  let listing: { project: TestProject; mode: RunMode } | null = null
  return {
    name: 'llm-test-bench',
    // a dataset file asked of Vite (`vitest list` reads test files as code): its tests as code; a run never asks
    transform(code, id) {
      const { file, part } = datasetPartOf(id)
      if (!listing || !isDatasetFile(file) || !listing.project.matchesTestGlob(file)) return null
      return { code: staticListing({ file, part, code, options, mode: listing.mode }), map: null }
    },
    // the project's resolved options, for a fleet that runs this repository's own llmBench project (src/fleet/run/native-options.ts)
    api: { llmBenchOptions: options },
    configureServer(server) {
      // Vitest resolves the project filter before our project runs: when the user
      // typed the plain name in bench mode, this project serves the bench run itself.
      const test = (server.config as { test?: { name?: string; benchmark?: { enabled?: boolean } } }).test
      if (test?.benchmark && servesBenchUnderPlainName(process.argv, options.name)) test.benchmark.enabled = true
    },
    async configureVitest(context) {
      const { vitest, project } = context
      const mode = runMode(vitest, project)
      // a dataset's listing depends on the options and the environment, which Vitest's fs module cache does not key on
      keepOutOfModuleCache(context, (id) => isDatasetFile(datasetPartOf(id).file))
      // the main process redacts what the workers do: the same secrets, from the options and the environment
      addRunSecrets({ providers: options.providers, redact: options.redact })
      // an outputDir that cannot take the results fails this project alone, in one line, before any case runs
      const outputProblem = outputDirProblem(options.name, options.outputDir, resolve(vitest.config.root, options.outputDir))
      if (outputProblem) return skipProject(vitest, project, outputProblem)
      const datasetFiles = await projectDatasetFiles(project)
      const problems = await preflight(project, options, mode, datasetFiles)
      if (problems) return skipProject(vitest, project, problems)
      // each case category is a tag Vitest knows (a test's tags and `--tags-filter` are checked against them)
      declareCategoryTags(project.config, datasetCategories(datasetFiles))
      // a large dataset's cases spread over several workers (the `split` option): one test module per part
      if (!splitDatasetModules(vitest, project, projectPartsOf({ vitest, project, options, mode })) && typeof options.split === 'number' && options.split > 1) {
        vitest.logger.warn(`llm-test-bench: split: ${options.split} is not supported by this Vitest ${vitest.version}; each dataset file runs in one worker`)
      }
      listing = { project, mode }
      const session = sessionOf(vitest)
      const resume = resumeHandle(vitest, project, options, mode)
      session.projects.set(project.name, { options, mode, resume })
      const limits = await session.limits
      // custom evaluator modules are relative to the project's root, wherever Vitest was started
      const root = project.config.root
      const evaluators = Object.fromEntries(Object.entries(options.evaluators).map(([name, file]) => [name, resolve(root, file)]))
      project.provide('llmBenchOptions', { ...options, evaluators, evaluatorRecordingsDir: resolve(root, options.evaluatorRecordingsDir) })
      project.provide('llmBenchLimiter', limits.address)
      project.provide('llmBenchMode', mode)
      project.provide('llmBenchRoot', root)
      project.provide('llmBenchResume', resume?.plan.provided ?? {})
      // `runDeadlineMs` counts from here, and from each re-run in watch mode
      project.provide('llmBenchRunStartedAt', Date.now())
      vitest.onTestsRerun(() => project.provide('llmBenchRunStartedAt', Date.now()))
      if (mode === 'bench') keepConcurrency(project, options)
      if (vitest.config.watch) {
        // the project's globs are relative to its own dir or root, as in Vitest's own globbing
        const trigger = promptFileTrigger(project.config.dir || project.config.root, project.config.include, project.config.exclude)
        vitest.config.watchTriggerPatterns = [...(vitest.config.watchTriggerPatterns ?? []), trigger]
        // a function provider's module (or one it imports) re-runs the project's datasets
        const modules = options.providers.map((input) => parseProviderSpec(input)).flatMap((spec) => (spec.type === 'function' ? [resolve(root, spec.module)] : []))
        if (modules.length > 0) {
          const graphs = { modulesByFile: (file: string) => Object.values(project.vite.environments).flatMap((env) => [...(env.moduleGraph.getModulesByFile(file) ?? [])]) }
          const functions = functionModuleTrigger({ root: project.config.dir || project.config.root, modules, include: project.config.include, exclude: project.config.exclude, graphs })
          vitest.config.watchTriggerPatterns = [...vitest.config.watchTriggerPatterns, functions]
        }
      }
    },
  }
}

/**
 * Leaves the project out of the run (it gets no test files; the others run)
 * and makes the run fail: Vitest never sets `process.exitCode` back to 0 (see
 * report/gates/fail-run.ts).
 */
function skipProject(vitest: Vitest, project: TestProject, message: string): void {
  vitest.logger.error(message)
  project.config.include = []
  project.config.includeSource = []
  process.exitCode = 1
}

/**
 * Bad `LLM_BENCH_*` values, a provider without its API key, a missing local
 * model, two dataset files with one name, worker flags the pool refuses: what
 * would make every case fail on its own (or two datasets merge). Every problem
 * in one message, or null. Sets the project's `execArgv` to the flags its pool
 * takes (worker-flags.ts).
 */
async function preflight(project: TestProject, options: ResolvedOptions, mode: RunMode, datasetFiles: string[]): Promise<string | null> {
  const problems = await preflightProblems({ options, mode, datasetFiles, root: project.config.root, cwd: process.cwd() })
  // the workers' flags, as the project's pool can take them (a pool of threads takes no V8 flags)
  const flags = workerFlags(project.config.pool, project.config.execArgv)
  if (flags.execArgv) project.config.execArgv = flags.execArgv
  else problems.push(flags.problem)
  return problems.length > 0 ? preflightMessage(options.name, problems) : null
}

/** The project's dataset files, globbed as Vitest globs test files (its own globTestFiles would cache the list, and a project left out must get none). */
async function projectDatasetFiles(project: TestProject): Promise<string[]> {
  const dir = project.config.dir || project.config.root
  const files = await glob([...project.config.include], { cwd: dir, ignore: [...project.config.exclude], dot: true, expandDirectories: false, absolute: true })
  return files.filter((file) => isDatasetFile(file))
}

function sessionOf(vitest: Vitest): Session {
  let session = sessions.get(vitest)
  if (!session) {
    const projects = new Map<string, BenchProject>()
    const limits = startLimitServer()
    session = { limits, projects }
    sessions.set(vitest, session)
    // first: the test's console output is cleaned before any reporter prints or keeps it
    addReporters(vitest, { first: new RedactingConsoleReporter(), last: new LlmBenchReporter(projects) })
    vitest.onClose(async () => {
      sessions.delete(vitest)
      await (await limits).close()
    })
  }
  return session
}

/**
 * The run this project continues (`resume` option or `LLM_BENCH_RESUME`): its
 * finished cases' keys and outcomes go to the workers until the first test run
 * ends (the records stay in its results.jsonl; the reporter reads them back).
 */
function resumeHandle(vitest: Vitest, project: TestProject, options: ResolvedOptions, mode: RunMode): ResumeHandle | null {
  const setting = resumeSetting(options.resume, process.env[RESUME_ENV])
  const outputDir = resolve(vitest.config.root, options.outputDir)
  const { plan, message } = planResume({ outputDir, projectName: options.name, mode }, setting)
  if (message) vitest.logger.log(`llm-test-bench: ${message}`)
  if (!plan) return null
  return { plan, release: () => project.provide('llmBenchResume', {}) }
}

function runMode(vitest: Vitest, project: TestProject): RunMode {
  if (isBenchProject(vitest, project)) return 'bench'
  return vitest.config.watch ? 'watch' : 'run'
}

/**
 * Vitest's bench clone runs one test at a time in one worker; for an LLM
 * benchmark, concurrency is a parameter of the providers (their limits), so the
 * clone keeps the project's own test concurrency.
 */
function keepConcurrency(project: TestProject, options: { maxConcurrency: number; bench: { load?: unknown } }): void {
  const config = project.config as { maxConcurrency: number }
  // a load profile's levels (and its rate schedule) decide what is sent when: every test of a measurement must be running
  config.maxConcurrency = options.bench.load === undefined ? options.maxConcurrency : LOAD_MAX_TESTS
}

/** Tests of a load profile's measurement that run at once: all of them (each waits for its level's slot or its scheduled time). */
const LOAD_MAX_TESTS = 100_000
