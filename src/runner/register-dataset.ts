import { afterAll, describe, inject, test, TestRunner, type TaskMeta, type TestContext } from 'vitest'
import { loadDataset, mentionedNames } from '../dataset/load.ts'
import { caseVariants } from '../dataset/variants.ts'
import { caseTests, providersOf } from './case-tests.ts'
import { clientHealthSnapshot, setClientHealthEnabled } from '../metrics/client-health/monitor.ts'
import { matcherCaseArguments, matcherOptionSchemas } from '../evaluators/registry.ts'
import type { ResolvedCase, ResolvedDataset } from '../dataset/types.ts'
import { redactInPlace, redactValue } from '../providers/redaction/registry.ts'
import type { ProviderSpec } from '../providers/spec.ts'
import type { CaseRecord } from '../record/schema.ts'
import { annotateCase } from './case-annotations.ts'
import { pointErrorsAtCase } from './case-stack.ts'
import { releaseRecordsOnceSent } from './release-sent-records.ts'
import { loadForPart, partSlice } from './dataset-part.ts'
import type { DatasetPart } from './dataset-split.ts'
import { runCase } from './run-case.ts'
import { withScenario } from './scenario-overrides.ts'
import { createLoadRun } from './load/load-run.ts'
import type { Sent } from './load/measurement.ts'
import type { MeasurementPlan } from './load/plan.ts'
import { vitestTestTimeout } from './test-timeout.ts'
import { workerContext, type WorkerContext } from './worker-context.ts'

/**
 * Turns a dataset file into tests: one `test.concurrent` per case and provider
 * (and variant, and repeat), named `<case id> › <provider>` (`<case id> › <variant> › <provider>`) inside a `describe` named after the dataset.
 * A bad dataset throws here, before any provider is called, which fails this
 * file alone with the loader's message (every problem of the file, each at its
 * line and column; the error's stack points at the dataset, not at the loader).
 */
export async function registerDatasetTests(file: string, declaredTags: ReadonlySet<string> = new Set(), part: DatasetPart | null = null): Promise<void> {
  const wc = await workerContext()
  // the matchers the file names are loaded first: their option schemas check its assertions
  await wc.useMatchers(mentionedNames(file, wc.knownMatchers))
  // one part of a split file (dataset-split.ts): the whole file loads, the part registers its slice of cases
  const options = {
    knownMatchers: wc.knownMatchers,
    matcherOptions: matcherOptionSchemas(wc.evaluators),
    matcherArgs: matcherCaseArguments(wc.evaluators),
    providers: wc.specs.map((spec) => ({ id: spec.id, type: spec.type })),
    // report.html's texts: the run's end reads them from the cache instead of parsing the file again
    cacheCaseTexts: wc.options.report.html === true,
  }
  // a fleet scenario's params and matchers (the `scenario` option) apply to every case
  const dataset = withScenario(loadForPart(() => loadDataset(file, options), file, part), wc.options.scenario)
  const inSlice = dataset && partSlice(dataset.name, dataset.cases.length, part)
  if (!dataset || !inSlice) return
  await wc.useMatchers(dataset.cases.flatMap((c) => c.assertions.map((a) => a.name)))
  const calls = wc.mode === 'bench' ? wc.options.bench.iterations + wc.options.bench.warmup : 1
  // a JSON file's positions take a second parse: only a failing case asks for its own
  const locateNow = !file.toLowerCase().endsWith('.json')
  setClientHealthEnabled(wc.options.clientHealth.enabled)
  // a finished case's records leave this worker's memory once Vitest has sent them to the main process
  releaseRecordsOnceSent()
  // the file's module carries this worker's health (event-loop delay, CPU while requests were in flight) to the reporter
  // (reached through a test of the file: afterAll's arguments differ between Vitest 4 and 5)
  let aTest: { file?: { meta: TaskMeta } } | undefined
  afterAll(() => {
    const health = wc.options.clientHealth.enabled ? clientHealthSnapshot() : null
    if (health && aTest?.file) aTest.file.meta.llmBenchClientHealth = health
    // prompt variants: their order and reference travel to the reporter (results.json `variants`)
    if (dataset.variants && aTest?.file) aTest.file.meta.llmBenchVariants = { dataset: dataset.name, ...dataset.variants }
  })
  // bench mode with a load profile (`bench.load`): one describe per measurement, run in order, the cases inside
  const load = wc.mode === 'bench' && wc.options.bench.load ? createLoadRun(wc, dataset, wc.options.bench.load) : null
  const casesOf = casesByProvider(dataset.cases.flatMap(caseVariants), wc.specs)
  const registerCases = (plan: MeasurementPlan | null): void => {
    // the `cases` option (a fleet's sample): only the cases it names register
    const tests = caseTests(dataset, { mode: wc.mode, specs: wc.specs, repeats: wc.options.repeats, env: process.env, cases: wc.options.cases, inSlice })
    for (const { index, testCase, variantCase, spec, repeat, name } of tests) {
      const located = locateNow ? (dataset.caseLocation?.(index) ?? null) : null
      // the case's category is a Vitest tag (`--tags-filter`) where the plugin declared it
      const tags = testCase.category !== null && declaredTags.has(testCase.category) ? [testCase.category] : []
      // queue waits must not count against the test: see vitestTestTimeout
      const timeout = vitestTestTimeout({ runDeadlineMs: wc.options.runDeadlineMs, timeoutMs: testCase.timeoutMs ?? wc.options.timeoutMs, retry: spec.retry, calls })
      const variant = variantCase.variant
      const meta = {
        llmBench: {
          case: {
            dataset: dataset.name,
            datasetFile: file,
            caseId: testCase.id,
            category: testCase.category,
            provider: spec.id,
            ...(repeat === undefined ? {} : { repeat }),
            ...(variant === undefined ? {} : { variant }),
          },
          records: [],
        },
      }
      const body = (ctx: TestContext): Promise<void> =>
        load && plan
          ? runLoadTest(ctx, dataset, variantCase, index, () => load.sendCase(ctx, plan, { testCase: variantCase, spec, casesOf }))
          : runTest(ctx, wc, dataset, variantCase, spec, index, repeat)
      test.concurrent(name, { timeout, meta, tags }, body)
      setTestLocation(located)
      aTest ??= TestRunner.getCurrentSuite().tasks.at(-1)
    }
  }
  describe(dataset.name, () => {
    if (!load) return registerCases(null)
    for (const plan of load.plans) describe(plan.title, () => registerCases(plan))
  })
}

/** The cases each provider runs (by provider id), in dataset order. */
function casesByProvider(cases: readonly ResolvedCase[], specs: ProviderSpec[]): (spec: ProviderSpec) => readonly ResolvedCase[] {
  const byId = new Map(specs.map((spec) => [spec.id, cases.filter((c) => providersOf(c, specs).includes(spec))]))
  return (spec) => byId.get(spec.id) ?? []
}

/** The test just registered is at its case's line (`vitest file:line`, the UI's link to the source). */
function setTestLocation(located: { line: number; column: number } | null): void {
  const task = TestRunner.getCurrentSuite().tasks.at(-1)
  if (located && task?.type === 'test') task.location = { line: located.line, column: located.column }
}

async function runTest(ctx: TestContext, wc: WorkerContext, dataset: ResolvedDataset, testCase: ResolvedCase, spec: ProviderSpec, index: number, repeat?: number): Promise<void> {
  const records = ctx.task.meta.llmBench?.records ?? []
  const samples = wc.mode === 'bench' ? benchSamples(wc) : [null]
  // whatever failed the test (a matcher's diff of the output, an error), Vitest prints it and the blob keeps it: no secrets
  onTestFailedWithoutStack(ctx, () => {
    // the error points at the case in the dataset file, not at the runner's matcher call
    const located = dataset.caseLocation?.(index)
    if (located) pointErrorsAtCase(ctx.task.result?.errors, { file: dataset.file, ...located }, testCase.id)
    redactInPlace(ctx.task.result?.errors)
  })
  for (const sample of samples) {
    // records leave the worker (task meta, blob, main process) only without secrets
    const record = redactValue(await runCase(ctx, wc, { dataset, testCase, spec, sample, repeat }))
    if (sample !== -1) records.push(record)
    // Vitest's own tools (UI, reporters, JSON, JUnit) show the output, scores and metrics: the last sample's
    if (sample === samples.at(-1) || record.error) await annotateCase(ctx, record, inject('llmBenchAnnotatePassed'))
    // the run deadline came before the case could be sent: a skipped test, its record says why
    if (record.status === 'skipped') ctx.skip(record.error?.message ?? 'run deadline')
    if (record.error) throw new CaseError(record)
  }
}

/**
 * One case on one provider at one load level: its passes are sent at once, each when the level
 * allows (see load/measurement.ts); requests a stopped measurement never sent have no record,
 * and a test that sent none is skipped with the reason.
 */
async function runLoadTest(ctx: TestContext, dataset: ResolvedDataset, testCase: ResolvedCase, index: number, send: () => Promise<Sent[]>): Promise<void> {
  const records = ctx.task.meta.llmBench?.records ?? []
  onTestFailedWithoutStack(ctx, () => {
    const located = dataset.caseLocation?.(index)
    if (located) pointErrorsAtCase(ctx.task.result?.errors, { file: dataset.file, ...located }, testCase.id)
    redactInPlace(ctx.task.result?.errors)
  })
  const results = await send()
  const sent = results.flatMap((r) => ('record' in r ? [r.record] : []))
  records.push(...sent)
  const failed = sent.find((r) => r.error)
  const shown = failed ?? sent.at(-1)
  if (shown) await annotateCase(ctx, shown, inject('llmBenchAnnotatePassed'))
  if (sent.length === 0) {
    const reason = results.find((r) => 'notSent' in r)
    ctx.skip(`not sent: the measurement stopped (${reason && 'notSent' in reason ? reason.notSent : 'unknown'})`)
  }
  if (failed) throw new CaseError(failed)
}

/**
 * `ctx.onTestFailed` without the stack Vitest captures for it (`new Error()` per call, kept to
 * point at the hook should it time out): ours is synchronous and never times out, and one stack
 * per case was ~1% of a worker's CPU at 20,000 cases (issue 11).
 */
function onTestFailedWithoutStack(ctx: TestContext, handler: () => void): void {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    ctx.onTestFailed(handler)
  } finally {
    Error.stackTraceLimit = limit
  }
}

/** Warm-up calls (-1, not recorded) then the measured samples 0..n-1. */
function benchSamples(wc: WorkerContext): number[] {
  const { warmup, iterations } = wc.options.bench
  return [...Array<number>(warmup).fill(-1), ...Array.from({ length: iterations }, (_, i) => i)]
}

/** A case that could not be scored: its provider call or an evaluator failed. */
export class CaseError extends Error {
  override name = 'CaseError'
  constructor(record: CaseRecord) {
    const tries = record.attempts > 1 ? ` (after ${record.attempts} attempts)` : ''
    super(`${record.status === 'timeout' ? 'timed out' : 'error'} [${record.error?.class}] ${record.error?.message}${tries}`)
  }
}
