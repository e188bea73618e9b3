import { z } from 'zod'
import { AssertionSchema, ModelParamsSchema } from '../dataset/schema.ts'
import { CacheModeSchema } from '../providers/cache/mode.ts'
import { PricingOverridesSchema } from '../providers/pricing/price.ts'
import { issueLines } from '../providers/unknown-keys.ts'
import type { ProviderSpecInput } from '../providers/spec.ts'
import { checkProviders } from './provider-ids.ts'
import { passRateError } from './pass-rate.ts'
import { noNewFailuresOption, passRateGateOption } from './pass-rate-gate.ts'
import { LoadProfileSchema } from './load-profile.ts'
import { loadGateLimit } from './load-gate-limit.ts'

/**
 * The workers' Node flags by default. `--max-semi-space-size=32` bounds V8's young generation (which
 * otherwise scales with the machine's memory) at a size where, it seems, a streamed request's
 * objects die young: 8 MB, at 64 requests in flight, cost ~12% of the cases a second (bench:scale
 * at 20,000 cases, 15 alternating pairs; see docs/decisions.md). `--heap-growing-percent=50` lets
 * the old generation grow by half its live size between full collections, where V8 would let it
 * grow up to fourfold: at 100,000 cases a worker peaks at ~340-380 MB with both; with no flags it
 * peaked at 519-525 MB at 20,000 already (docs/performance.md).
 */
export const DEFAULT_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=32', '--heap-growing-percent=50']

export const ProviderInputSchema = z.union([z.string().min(1), z.looseObject({ type: z.string().min(1) })])

/**
 * Options of `llmBench(options)`. They travel to the workers through Vitest's
 * `provide`, so they are plain JSON.
 */
export const LlmBenchOptionsSchema = z.strictObject({
  /** Project name: `vitest --project <name>`. */
  name: z.string().min(1).default('llm'),
  /** Glob(s) of dataset files, relative to the root. */
  datasets: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .default('datasets/**/*.dataset.{yaml,yml,json}')
    .transform((v) => (typeof v === 'string' ? [v] : v)),
  /** Globs to leave out. */
  exclude: z.array(z.string()).default([]),
  /**
   * Only these cases of the datasets, each `<dataset name>/<case id>` (a fleet's `num_examples`
   * sample); absent: every case.
   */
  cases: z.array(z.string().min(1)).optional(),
  /**
   * A fleet scenario profile's additions to every case (also usable on its own): `params` over the
   * cases' own model parameters (the profile fixes the settings it benchmarks), `assert` matchers
   * appended to each case's.
   */
  scenario: z.strictObject({ params: ModelParamsSchema.optional(), assert: z.array(AssertionSchema).optional() }).optional(),
  /**
   * Glob(s) of hand-written test files of this project, relative to the root: ordinary Vitest tests
   * that may use the matchers and `provider(...)`; each test is a case of the report (dataset: the
   * file, case id: the test's name). `[]`: none.
   */
  tests: z
    .union([z.string().min(1), z.array(z.string().min(1))])
    .default('**/*.llm.test.ts')
    .transform((v) => (typeof v === 'string' ? [v] : v)),
  /**
   * Providers every case runs on: `openai:gpt-4o-mini`, `openai:stories@http://127.0.0.1:8080/v1`,
   * `local`, `local:/path/model.gguf`, or objects. Default: the embedded local model.
   */
  providers: z.array(ProviderInputSchema).min(1).default(['local']),
  /**
   * Timeout (ms) of each request attempt unless the dataset sets `timeout_ms`: counted from when
   * the request holds a slot of its provider; the wait for a slot (`queueMs`) and the backoff
   * between retries never count. A timed-out attempt is aborted, frees its slot, and is retried
   * like any `timeout` while attempts remain.
   */
  timeoutMs: z.int().positive().default(120_000),
  /**
   * Independent samples of every case in run and watch mode (bench mode keeps `bench.iterations`): each
   * repeat is its own test (`<case> › <provider> › #1`…`#N`) and record (`repeat`: 0…N-1) with its own
   * recording key. A dataset's `defaults.repeats`, a case's `config.repeats` and `LLM_BENCH_REPEATS`
   * (`llm-test-bench --repeats N`) override it.
   */
  repeats: z.int().positive().default(1),
  /**
   * Optional deadline of the whole run (ms from its start): once it passes, no request is sent any
   * more. A case still waiting for its first slot is recorded as `skipped` (error class
   * `run_deadline`); a case waiting to retry keeps its last attempt's error; requests in flight
   * finish or time out as usual. Absent: no deadline.
   */
  runDeadlineMs: z.int().positive().optional(),
  /**
   * Tests a worker runs at once. Provider concurrency limits are what throttle a
   * run; by default this is the sum of the providers' limits, so a test starts
   * when a slot may be free and Vitest's default of 5 never gets in the way.
   */
  maxConcurrency: z.int().positive().optional(),
  /**
   * Vitest's `isolate`. Default false: a worker runs many dataset files, so
   * providers start once per worker (a local model loads once) and module
   * loading is paid once. `true`: a fresh worker per dataset file.
   */
  isolate: z.boolean().default(false),
  /**
   * Spreads the cases of one dataset file over several Vitest workers (parts of contiguous cases; one
   * file is otherwise one worker, one event loop). `'auto'` (default): a file of at least 1,000 tests
   * (cases × providers, estimated) whose providers allow at least 32 requests at once runs as
   * min(maxWorkers, tests / 500) parts, and a file of more than 5,000 tests as parts of at most 5,000
   * (a worker's memory follows its largest module). A number: that many parts. `false`: never. Never in
   * bench mode with a load profile.
   */
  split: z.union([z.literal('auto'), z.literal(false), z.int().min(1).max(256)]).default('auto'),
  /**
   * Node flags for the workers (see DEFAULT_EXEC_ARGV). In a pool of worker
   * threads (`pool: 'threads'`), which take no V8 flags, the default ones are
   * left out and flags given here that a thread refuses are a problem before
   * any case runs (runner/worker-flags.ts).
   */
  execArgv: z.array(z.string()).default([...DEFAULT_EXEC_ARGV]),
  /** Where run folders are written: `<outputDir>/<run-id>/`. */
  outputDir: z.string().min(1).default('bench-results'),
  /**
   * Continue an interrupted run: `true` or `'latest'` (the latest unfinished run
   * of this project), or a run id. Its finished cases are not run again. The
   * `LLM_BENCH_RESUME` environment variable (same values, `false` for none)
   * overrides it. Off by default.
   */
  resume: z.union([z.boolean(), z.string().min(1)]).optional(),
  /**
   * Prices in USD per 1M tokens by `<type>:<model>` (`'openai:my-model': { input, output, cachedInput }`)
   * or by provider id: they extend and override the built-in table; a provider's own `price` wins.
   */
  pricing: PricingOverridesSchema.default({}),
  /**
   * Response cache (recordings in `__recordings__/` beside each dataset): `off`, `read-write`
   * (replay a recorded request, record a new one), `record` (always call, refresh), `replay`
   * (never call; a missing recording fails the case). Default: `read-write` in watch mode, `off`
   * otherwise. The `LLM_BENCH_CACHE` environment variable wins.
   */
  cache: CacheModeSchema.optional(),
  /**
   * Where evaluator calls are recorded (relative to the root), under the same cache mode as responses:
   * `embeddings.json` (`toBeSemanticallySimilar`) and `judge.json` (`toSatisfyRubric`'s judge). A
   * replayed run needs neither an embedding provider nor a judge.
   */
  evaluatorRecordingsDir: z.string().min(1).default('__recordings__'),
  /**
   * Custom evaluators: matcher name → module path (relative to the root Vitest runs in). The module's
   * default export is a `defineEvaluator({ ... })` definition or a function
   * `(output, testCase, options) => { pass, score?, reason? } | boolean` (or a Promise of one).
   * Each becomes a matcher (`expect(output).myCheck()`) and an `assert` name in datasets.
   */
  evaluators: z.record(z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, 'a matcher name (a JavaScript identifier)'), z.string().min(1)).default({}),
  /** Which artifacts a run writes beside `results.jsonl` and `results.json`. */
  report: z
    .strictObject({
      /** `report.html`, the self-contained dashboard. */
      html: z.boolean().default(true),
      /** `csv/summary.csv providers.csv datasets.csv categories.csv cases.csv`. */
      csv: z.boolean().default(true),
      /** `summary.md` (also appended to `$GITHUB_STEP_SUMMARY` when that is set). */
      markdown: z.boolean().default(true),
      /** `responses/<dataset>/<case>.<provider>.txt`: each raw model output as a file. */
      rawResponses: z.boolean().default(false),
    })
    .default({ html: true, csv: true, markdown: true, rawResponses: false }),
  /**
   * Samples GPUs (`nvidia-smi`), CPU and memory while a run is in flight. No GPU or no `nvidia-smi`:
   * the report says "GPU sampling unavailable: ..." and nothing else changes.
   */
  sampling: z
    .strictObject({
      enabled: z.boolean().default(true),
      intervalMs: z.int().min(50).default(500),
      /** The `nvidia-smi` executable (a name looked up on PATH, or a path). */
      nvidiaSmi: z.string().min(1).default('nvidia-smi'),
      /** Warn when average GPU utilization during a local model's cases is below this (percent). */
      minLocalGpuUtilizationPct: z.number().min(0).max(100).default(80),
    })
    .default({ enabled: true, intervalMs: 500, nvidiaSmi: 'nvidia-smi', minLocalGpuUtilizationPct: 80 }),
  /**
   * The harness's own health while timed requests are in flight: event-loop delay and CPU of every
   * worker. When a worker's p99 delay exceeds `maxLagMs`, the report says the latency figures are
   * client-bound and by how much (`gates.maxClientLagMs` can fail the run on it).
   */
  clientHealth: z
    .strictObject({
      enabled: z.boolean().default(true),
      maxLagMs: z.number().min(0).default(10),
    })
    .default({ enabled: true, maxLagMs: 10 }),
  /**
   * Progress while a run is in flight: a live line on a TTY, a plain line every `intervalMs` otherwise
   * (CI logs). `false` turns it off.
   */
  progress: z
    .union([z.literal(false), z.strictObject({ intervalMs: z.int().positive().default(10_000) })])
    .default({ intervalMs: 10_000 }),
  /**
   * The baseline a run is compared with (a file committed by the user, written by
   * `llm-test-bench baseline update`), relative to the root; default `<name>-baseline.json`
   * (`llm-baseline.json` for the project `llm`). Compared only when the file exists.
   */
  baseline: z.string().min(1).optional(),
  /**
   * Regression gates: a failing gate makes `vitest run` exit non-zero and names the gate and the cases.
   * Fractions: `maxPassRateDrop: 0.05` allows 5 percentage points; `maxP95LatencyIncrease: 0.2` allows +20%.
   */
  gates: z
    .strictObject({
      /** Pass rate of this run, 0..1 (needs no baseline). */
      minPassRate: z.number().min(0).max(1, { error: passRateError }).optional(),
      /** Drop in pass rate against the baseline, in points of 0..1. */
      maxPassRateDrop: z.number().min(0).max(1, { error: passRateError }).optional(),
      /** No case that passed on the baseline fails now; `{ majority: true }`: fails in a majority of its repeats, having passed in a majority. */
      noNewFailures: noNewFailuresOption.optional(),
      /** Significance-aware pass-rate gates: `{ maxDrop: 0.05, confidence: 0.95, inconclusive: 'warn' }` (docs/gates-and-ci.md). */
      passRate: passRateGateOption.optional(),
      /** Relative rise of E2E p95 per provider against the baseline (replayed cases ignored). */
      maxP95LatencyIncrease: z.number().min(0).optional(),
      /** Relative rise of total cost per provider against the baseline (replayed cases ignored). */
      maxCostIncrease: z.number().min(0).optional(),
      /** Worst worker's p99 event-loop delay (ms) while timed requests were in flight (needs no baseline). */
      maxClientLagMs: z.number().min(0).optional(),
      /** Bench load profiles: least goodput (requests/s meeting `slo`) at every measurement, or `{ 'concurrency=4': 3.5 }` at named ones. */
      minGoodput: loadGateLimit.optional(),
      /** Bench load profiles: most TTFT p95 (ms) at every measurement, or `{ 'rate=10/s': 500 }` at named ones. */
      maxP95TtftMs: loadGateLimit.optional(),
      /**
       * What the comparison gates compare with: `'file'` (default) the committed `baseline` file;
       * `'previous-run'` the newest earlier finished run of this project in `outputDir`;
       * `{ previousRun: { branch: 'main' } }` the newest one made on that branch (results.json provenance).
       * Without one, the gates that need a baseline are skipped (docs/gates-and-ci.md).
       */
      baseline: z
        .union([z.literal('file'), z.literal('previous-run'), z.strictObject({ previousRun: z.strictObject({ branch: z.string().min(1).optional() }) })])
        .optional(),
    })
    .default({}),
  /**
   * Service-level objectives of bench load profiles (ms): a request meets them when it answered and every
   * given bound holds (TTFT and TPOT need a streamed answer). Goodput counts such requests per second;
   * quality goodput those that also passed their matchers. Left out: goodput is not computed.
   */
  slo: z
    .strictObject({
      ttftMs: z.number().positive().optional(),
      tpotMs: z.number().positive().optional(),
      e2eMs: z.number().positive().optional(),
    })
    .optional(),
  /**
   * Further secret values to redact from every artifact, log line, error and recording (the run
   * already redacts provider header values, API keys and URL credentials), e.g. `[process.env.DB_PASSWORD ?? '']`.
   * Values shorter than 6 characters are ignored.
   */
  redact: z.array(z.string()).default([]),
  /** Bench mode (`vitest bench --project <name>`): samples per case. */
  bench: z
    .strictObject({
      iterations: z.int().positive().default(5),
      warmup: z.int().min(0).default(1),
      /**
       * A load profile (docs/load-profiles.md): `{ concurrency: [1, 4, 16] }`, `{ rate: 10, arrivals: 'poisson' }`
       * or `{ sweep: true }`, one measurement per level, each sending the cases × `iterations` on each provider.
       * `warmup` does not apply then (`load.warmupRequests` does).
       */
      load: LoadProfileSchema.optional(),
    })
    .default({ iterations: 5, warmup: 1 }),
})

/** The options as zod parses them: provider objects only loosely (`checkProviders` checks each against its own type's schema). */
export type LlmBenchOptionsInput = z.input<typeof LlmBenchOptionsSchema>
/**
 * `llmBench()`'s options as a typed API: `LlmBenchOptionsInput`, with each provider either a
 * string form or an object of one provider type, a union discriminated by `type` of the zod
 * input types in providers/spec.ts (a new provider type there is one here too). An unknown
 * key, a misspelt type or a missing `model` is a compile error in the user's config.
 */
export type LlmBenchOptions = Omit<LlmBenchOptionsInput, 'providers'> & {
  /**
   * Providers every case runs on: `openai:gpt-4o-mini`, `openai:stories@http://127.0.0.1:8080/v1`,
   * `local`, `local:/path/model.gguf`, or objects (`{ type: 'openai', model, ... }`). Default: the embedded local model.
   */
  providers?: readonly ProviderInput[] | undefined
}
export type ResolvedOptions = z.output<typeof LlmBenchOptionsSchema>
/** A provider in its string form: `local`, `local:<path.gguf>`, `openai:<model>[@<baseURL>]`, `anthropic:...`, `ollama:...`. */
export type ProviderString = 'local' | `${Exclude<ProviderSpecInput['type'], 'function'>}:${string}`
/**
 * One entry of `providers`: its string form (any string is accepted, so a list read from the
 * environment type-checks; the known forms are offered by autocomplete and checked as the config
 * loads), or an object of one provider type (checked by tsc).
 */
export type ProviderInput = ProviderString | (string & {}) | ProviderSpecInput

/** The baseline file of a project: the `baseline` option, else `<name>-baseline.json`. */
export function defaultBaselineFile(name: string): string {
  return `${name}-baseline.json`
}

/**
 * Validates options, every problem at once, each naming the option and what was expected (an unknown
 * option with the closest known one; each provider spec by its index; two providers with one id).
 */
export function resolveOptions(input: LlmBenchOptions = {}): ResolvedOptions {
  const parsed = LlmBenchOptionsSchema.safeParse(input)
  // each provider spec is checked whole by checkProviders: zod's issues inside `providers[i]` would repeat it
  const issues = parsed.success ? [] : issueLines(LlmBenchOptionsSchema, new z.ZodError(parsed.error.issues.filter((i) => !(i.path[0] === 'providers' && i.path.length > 1))))
  const given: unknown = typeof input === 'object' && input !== null ? Reflect.get(input, 'providers') : undefined
  const providers = Array.isArray(given) ? checkProviders(given) : null
  const found = [...issues, ...(providers?.problems ?? [])]
  const problems = found.length === 0 && !parsed.success ? issueLines(LlmBenchOptionsSchema, parsed.error) : found
  if (problems.length > 0 || !parsed.success) {
    const lines = problems.map((line) => `  llmBench options ${line.replaceAll('\n', '\n    ')}`)
    throw new Error(`Invalid llmBench options:\n${lines.join('\n')}`)
  }
  return providers === null ? parsed.data : { ...parsed.data, providers: providers.providers }
}
