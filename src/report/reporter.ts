import { mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason, TestSpecification, Vitest } from 'vitest/node'
import type { TaskMeta, TestAnnotation } from 'vitest'
import type { ResolvedOptions } from '../config/options.ts'
import type { LlmBenchTaskMeta } from '../record/schema.ts'
import { startSystemSampler, type SystemSampler } from '../metrics/system/sampler.ts'
import type { SystemSamples } from '../metrics/system/types.ts'
import { redactText, redactValue } from '../providers/redaction/registry.ts'
import { datasetFileOf } from '../runner/dataset-split.ts'
import { reporterInstances } from '../runner/vitest-version.ts'
import { dropUnterminatedTail } from '../runner/resume/jsonl-repair.ts'
import { caseSlotString } from '../runner/resume/keys.ts'
import type { ResumePlan } from '../runner/resume/plan.ts'
import { clientHealthOf, mainCpuPct, type CpuMark } from './client-health-meta.ts'
import { variantSetsOf } from './variants-meta.ts'
import { compactCaseMeta } from './case-summary.ts'
import { CaseNames, releaseWrittenMeta, shareAnnotationType, writesTaskMeta } from './release-case-meta.ts'
import { passedAnnotationsReadLater } from './release-annotations.ts'
import { RedactingConsoleReporter } from './redacting-console.ts'
import { collectRecords } from './collect-records.ts'
import { JsonlWriter } from './jsonl-writer.ts'
import { LlmBenchProgress } from './progress/llm-bench-progress.ts'
import { finishRun, type FinishRunInput } from './finish-run.ts'
import { EndProcess, followFromBytes, tooManyInMemory, wantsEndProcess, type FinishedRunOutcome } from './finish-run-process.ts'
import type { RecordSource } from './record-source.ts'
import type { RecordsPlan } from './records-plan.ts'
import { failRunForGates } from './gates/fail-run.ts'
import { appendGithubStepSummary } from './gates/step-summary.ts'
import { runId } from './run-id.ts'
import { saveRemainingRecords } from './save-records.ts'

/** An llmBench project as the reporter knows it. */
export interface BenchProject {
  options: ResolvedOptions
  mode: 'run' | 'watch' | 'bench'
  /** A run to continue at the next test run (resume); taken by that run. */
  resume?: ResumeHandle | null
}

/** A run to continue, and what to call once it has ended (workers stop getting its records). */
export interface ResumeHandle {
  plan: ResumePlan
  release(): void
}

interface ActiveRun {
  id: string
  dir: string
  startedAt: Date
  jsonl: JsonlWriter
  /** Set when this run continues an earlier one. */
  resume: ResumeHandle | null
  /** The slots (`caseSlotString`) of the records a resume reused (in results.jsonl already). */
  resumed: Set<string>
  /** The run's end process, once it follows results.jsonl (finish-run-process.ts); from `followFrom` bytes of it. */
  endProcess: EndProcess | null
  followFrom: number
}

/**
 * Writes each llmBench project's run: `results.jsonl` line by line as cases
 * end, then `results.json` and the terminal table when the run ends. The
 * numbers come from the test tree in `onTestRunEnd`, so a merged shard report
 * gives the same artifacts as one unsharded run.
 */
export class LlmBenchReporter implements Reporter {
  readonly #projects: Map<string, BenchProject>
  readonly #runs = new Map<string, ActiveRun>()
  /** The names in tests' meta, one string each (release-case-meta.ts). */
  readonly #caseNames = new CaseNames()
  #vitest: Vitest | undefined
  readonly #progress: LlmBenchProgress
  /** Samples this machine while a run is in flight (one for all our projects). */
  #sampler: SystemSampler | null = null
  #mainCpu: CpuMark | null = null
  /** The module that carries the latest samples snapshot (only one does: each holds every sample so far). */
  #snapshotCarrier: TestModule | null = null

  constructor(projects: Map<string, BenchProject>) {
    this.#projects = projects
    this.#progress = new LlmBenchProgress({ settingOf: (name) => this.#projects.get(name)?.options.progress })
  }

  onInit(vitest: Vitest): void {
    this.#vitest = vitest
    this.#progress.onInit(vitest)
  }

  onTestModuleCollected(module: TestModule): void {
    this.#progress.onTestModuleCollected(module)
  }

  onTestCaseReady(testCase: TestCase): void {
    this.#progress.onTestCaseReady(testCase)
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.#closeRuns()
    this.#progress.onTestRunStart(specifications)
    const files = new Map<string, string[]>()
    for (const spec of specifications) {
      if (!this.#projects.has(spec.project.name)) continue
      // the parts of a split dataset file (`<file>?llm-part=k-of-n`) are that file
      const list = files.get(spec.project.name) ?? []
      const file = datasetFileOf(spec.moduleId)
      if (!list.includes(file)) files.set(spec.project.name, [...list, file])
    }
    for (const [projectName, datasetFiles] of files) this.#startRun(projectName, datasetFiles)
    this.#startSampler()
    // whether a passed case's annotations may be read after its result (release-annotations.ts): when not, the
    // workers do not annotate a passed case (runner/case-annotations.ts); the tests start after this
    const reporters = this.#vitest ? reporterInstances(this.#vitest) : null
    const annotatePassed = this.#vitest && reporters ? passedAnnotationsReadLater({ reporters, ui: this.#vitest.config.ui, api: this.#vitest.config.api }, ownReporter) : true
    for (const project of this.#vitest?.projects ?? []) if (this.#projects.has(project.name)) project.provide('llmBenchAnnotatePassed', annotatePassed)
    this.#mainCpu = { at: performance.now(), usage: process.cpuUsage() }
  }

  /**
   * A blob report (`--reporter=blob`, a shard) keeps module meta: the latest module to end carries
   * this machine's samples so far. Without a blob there is nowhere for them to go.
   */
  onTestModuleEnd(module: TestModule): void {
    if (!this.#sampler || !this.#runs.has(module.project.name) || !writesBlob(this.#vitest)) return
    if (this.#snapshotCarrier) delete this.#snapshotCarrier.meta().llmBenchSystem
    module.meta().llmBenchSystem = this.#sampler.snapshot()
    this.#snapshotCarrier = module
  }

  onTestCaseAnnotate(_testCase: TestCase, annotation: TestAnnotation): void {
    shareAnnotationType(annotation)
  }

  onTestCaseResult(testCase: TestCase): void {
    // the last line of defence (workers redact already): what the progress, results.jsonl and the artifacts read is clean
    const own = testCase.meta().llmBench
    if (own) own.records = own.records.map(redactValue)
    this.#progress.onTestCaseResult(testCase)
    const run = this.#runFor(testCase.project.name)
    for (const record of testCase.meta().llmBench?.records ?? []) {
      // a resumed record is in results.jsonl already
      if (!record.resumed) run?.jsonl.write({ ...record, runId: run.id })
    }
    if (run && run.endProcess === null && run.jsonl.size >= run.followFrom) this.#follow(run, testCase.project.name)
    if (own && run) this.#recorded(run, own, testCase.meta())
  }

  /**
   * A test's records are in results.jsonl now: the test keeps their summaries
   * (the progress and Vitest's UI read those; the run's end reads the file), so
   * the main process holds no record per case. A blob report keeps them whole:
   * `--merge-reports` makes its results.jsonl from the blobs.
   */
  #recorded(run: ActiveRun, own: LlmBenchTaskMeta, meta?: TaskMeta): void {
    for (const record of own.records) if (record.resumed) run.resumed.add(caseSlotString(record))
    if (!writesBlob(this.#vitest)) compactCaseMeta(own)
    if (meta && !writesTaskMeta(this.#vitest?.config.reporters ?? [])) releaseWrittenMeta(meta)
    this.#caseNames.share(own)
  }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, _errors: ReadonlyArray<SerializedError>, reason: TestRunEndReason): Promise<void> {
    this.#progress.onTestRunEnd()
    const samples = await this.#stopSampler(modules)
    const vitest = this.#vitest ?? { config: { root: process.cwd() } }
    for (const [projectName, run] of this.#runs) {
      const project = this.#projects.get(projectName)
      if (!project) continue
      // every artifact is made from these: no secret gets past them
      const notSaved = saveRemainingRecords(run, run.resume !== null)
      // the records as results.jsonl has them (redacted before they were written), with those still in memory and placeholders
      const collected = collectRecords(modules, (m) => m.project.name === projectName, { jsonl: run.jsonl, resumed: run.resumed, resume: run.resume !== null })
      const failures = collected.failures.map(redactValue)
      if (run.resume) this.#endResume(run)
      const clientHealth = { workers: clientHealthOf(modules, projectName), mainCpuPct: this.#vitest?.config.mergeReports ? null : mainCpuPct(this.#mainCpu) }
      const variants = variantSetsOf(modules, projectName)
      const gating = { config: { root: vitest.config.root, shard: this.#vitest?.config.shard } }
      const input = { run: { id: run.id, dir: run.dir, startedAt: run.startedAt }, options: project.options, mode: project.mode, vitest: gating, failures, reason, samples, notSaved, clientHealth, variants, endedAt: new Date() }
      const finished = await this.#finish(run, input, collected)
      const resumed = run.resumed.size
      this.#log(`\n${finished.text}\nresults: ${run.dir}${run.resume ? ` (resumed run: ${resumed} finished case${resumed === 1 ? '' : 's'} reused)` : ''}\n`)
      if (finished.markdown) appendGithubStepSummary(redactText(finished.markdown))
      // watch mode keeps going: the report says it, the exit code is for `vitest run`
      if (finished.gates && !this.#vitest?.config.watch) failRunForGates(finished.gates)
      // records or artifacts not on disk: the text above names the failure (see gates/fail-run.ts for why exitCode works)
      if (!finished.saved && !this.#vitest?.config.watch && !process.exitCode) process.exitCode = 1
    }
    this.#closeRuns()
  }

  /** A large run's end process starts now and follows its results.jsonl (not a resumed run's: `followFrom` is infinite, its records are marked at the end). */
  #follow(run: ActiveRun, projectName: string): void {
    run.endProcess = new EndProcess()
    const report = this.#projects.get(projectName)?.options.report
    run.endProcess.follow(run.jsonl.file, run.id, { html: report?.html === true, csv: report?.csv === true })
  }

  /**
   * The run's end: in its own process for a large run (finish-run-process.ts: the one that followed
   * it, else one started now), else, or where that process fails, here.
   */
  async #finish(run: ActiveRun, input: Omit<FinishRunInput, 'records'>, collected: { records: RecordSource; plan: RecordsPlan }): Promise<FinishedRunOutcome> {
    const followed = run.endProcess
    run.endProcess = null
    const end = tooManyInMemory(collected.plan) ? null : (followed ?? (wantsEndProcess(collected.plan) ? new EndProcess() : null))
    if (end !== followed) followed?.close()
    if (end) {
      const reply = await end.finish(input, collected.plan)
      if (reply.ok) {
        const { ok: _ok, ...outcome } = reply
        return outcome
      }
      this.#logError(`llm-test-bench: the run's end could not be made in a process of its own (${reply.error}); it is made in Vitest's process`)
    }
    return finishRun({ ...input, records: collected.records })
  }

  /** One sampler for the run when a project of ours samples (the shortest interval asked for). */
  #startSampler(): void {
    if (this.#sampler) return
    const settings = [...this.#runs.keys()].map((name) => this.#projects.get(name)?.options.sampling).filter((s) => s?.enabled)
    const first = settings[0]
    if (!first || this.#vitest?.config.mergeReports) return
    const intervalMs = Math.min(...settings.map((s) => s?.intervalMs ?? first.intervalMs))
    this.#sampler = startSystemSampler({ intervalMs, nvidiaSmi: first.nvidiaSmi })
  }

  /**
   * This machine's samples; in a merged report (no sampler here), those the shards carried in their
   * modules' meta, one snapshot per machine.
   */
  async #stopSampler(modules: ReadonlyArray<TestModule>): Promise<SystemSamples[]> {
    // the carrier keeps its snapshot: a blob reporter may write after us
    this.#snapshotCarrier = null
    if (this.#sampler) {
      const own = await this.#sampler.stop()
      this.#sampler = null
      return [own]
    }
    return modules.flatMap((m) => m.meta().llmBenchSystem ?? [])
  }

  #startRun(projectName: string, datasetFiles: string[]): void {
    const project = this.#projects.get(projectName)
    if (!project) return
    const resume = project.resume
    if (resume) {
      // the first run continues the earlier one; a later one (watch mode) is a new run
      project.resume = null
      this.#continueRun(projectName, resume)
      return
    }
    const startedAt = new Date()
    // resuming or not is no part of a run's identity
    const { resume: _resume, ...identity } = project.options
    const base = runId(project.options.name + (project.mode === 'bench' ? '-bench' : ''), startedAt, identity, datasetFiles)
    const { id, dir } = newRunDir(resolve(this.#vitest?.config.root ?? process.cwd(), project.options.outputDir), base)
    this.#runs.set(projectName, { id, dir, startedAt, jsonl: this.#jsonlWriter(join(dir, 'results.jsonl')), resume: null, resumed: new Set(), endProcess: null, followFrom: followFromBytes() })
  }

  /**
   * A resumed run: same folder and id; an unfinished last line of a killed
   * writer is cut off, and the old `results.json` goes until the run ends again
   * (a run without one is unfinished).
   */
  #continueRun(projectName: string, resume: ResumeHandle): void {
    const { id, dir, startedAt } = resume.plan
    const file = join(dir, 'results.jsonl')
    try {
      dropUnterminatedTail(file)
      rmSync(join(dir, 'results.json'), { force: true })
    } catch {
      // a disk that takes no writes: the writer below fails too, and says so once
    }
    this.#runs.set(projectName, { id, dir, startedAt, jsonl: this.#jsonlWriter(file), resume, resumed: new Set(), endProcess: null, followFrom: Number.POSITIVE_INFINITY })
  }

  /** A results.jsonl writer that says once, when it first fails, that records now wait in memory. */
  #jsonlWriter(file: string): JsonlWriter {
    const onFailure = (failure: Error): void =>
      this.#logError(`llm-test-bench: ${failure.message}; the next records are kept in memory, and what is not on disk is reported when the run ends`)
    return new JsonlWriter(file, { onFailure })
  }

  /** Workers stop getting the resumed run's records (saveRemainingRecords compacted its results.jsonl); later runs (watch mode) start afresh. */
  #endResume(run: ActiveRun): void {
    run.resume?.release()
  }

  /** A merged report has no `onTestRunStart` for our projects' files: start the run on first sight. */
  #runFor(projectName: string): ActiveRun | undefined {
    if (!this.#runs.has(projectName)) this.#startRun(projectName, [])
    return this.#runs.get(projectName)
  }

  #closeRuns(): void {
    for (const run of this.#runs.values()) {
      run.jsonl.close()
      run.endProcess?.close()
    }
    this.#runs.clear()
  }

  #log(raw: string): void {
    const text = redactText(raw)
    if (this.#vitest) this.#vitest.logger.log(text)
    else process.stdout.write(`${text}\n`)
  }

  #logError(raw: string): void {
    const text = redactText(raw)
    if (this.#vitest) this.#vitest.logger.error(text)
    else process.stderr.write(`${text}\n`)
  }
}

/** Our own reporters (see runner/vitest-plugin.ts): neither reads a test's annotations. */
function ownReporter(reporter: object): boolean {
  return reporter instanceof LlmBenchReporter || reporter instanceof RedactingConsoleReporter
}

/** Whether this Vitest writes a blob report (resolved reporters are `[name, options]` pairs or instances). */
function writesBlob(vitest: Vitest | undefined): boolean {
  return vitest?.config.reporters.some((reporter) => Array.isArray(reporter) && reporter[0] === 'blob') ?? false
}

/**
 * A fresh run folder: two runs in the same second (watch mode) get `<id>-2`, `<id>-3`, ...
 * A folder that cannot be made (the disk went read-only or full since the
 * project was set up) is left to the run's results.jsonl writer to report: the
 * run goes on, its records kept in memory.
 */
function newRunDir(outputDir: string, base: string): { id: string; dir: string } {
  try {
    mkdirSync(outputDir, { recursive: true })
  } catch {
    return { id: base, dir: join(outputDir, base) }
  }
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`
    const dir = join(outputDir, id)
    try {
      mkdirSync(dir)
      return { id, dir }
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) return { id, dir }
    }
  }
}
