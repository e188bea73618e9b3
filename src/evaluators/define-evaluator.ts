import { z } from 'zod'
import type { ResolvedCase } from '../dataset/types.ts'
import { EvaluationSchema, type Evaluation } from '../record/schema.ts'

/** What a scoring function returns: an `Evaluation` without its name (the definition adds it). */
export type EvaluationResult = Omit<Evaluation, 'name'>

export type MaybePromise<T> = T | Promise<T>

/**
 * What a matcher file hands to `defineEvaluator`. `evaluate` is the pure scoring
 * function; its parameters after `received` are the matcher's parameters
 * (`expect(output).toContainReferences(references, options)`), and
 * `argsFromCase` builds them from a dataset case and the assertion's options.
 */
export interface EvaluatorSpec<Options, Args extends unknown[], Result extends MaybePromise<EvaluationResult>> {
  /** The matcher name, e.g. `toContainReferences`; its file is the kebab-case name. */
  name: string
  description: string
  /** Schema of the options a dataset gives (`{ toContainReferences: { min: 0.5 } }`), with defaults. */
  options: z.ZodType<Options>
  /** The matcher's arguments for a dataset case; throws when the case lacks what the matcher needs. */
  argsFromCase(testCase: ResolvedCase, options: Options): Args
  /** Scores `received`: score 0..1, pass, threshold, reason, details. No Vitest in here. */
  evaluate(received: string, ...args: Args): Result
}

/** A matcher definition as the registry, the runner and `registerMatchers` use it. */
export interface EvaluatorDefinition<
  Options = unknown,
  Args extends unknown[] = unknown[],
  Result extends MaybePromise<EvaluationResult> = MaybePromise<EvaluationResult>,
> {
  readonly name: string
  readonly description: string
  readonly options: z.ZodType<Options>
  argsFromCase(testCase: ResolvedCase, options: Options): Args
  /** The scoring function; its result is checked against the `Evaluation` schema. */
  evaluate(received: string, ...args: Args): Result
  /** Dataset options (`ResolvedAssertion.options`) parsed, defaults applied; a clear Error when invalid. */
  parseOptions(raw: unknown): Options
  /** `parseOptions` then `argsFromCase`: the arguments to call the matcher with for a case. */
  argsForCase(testCase: ResolvedCase, rawOptions?: Record<string, unknown>): Args
  /** Scores a case's output as a dataset assertion would, name included. */
  evaluateCase(received: string, testCase: ResolvedCase, rawOptions?: Record<string, unknown>): Promise<Evaluation>
}

const ResultSchema = EvaluationSchema.omit({ name: true })

/** Options objects that are already the output of a parse (so a matcher called with them skips parsing). */
const parsedOptions = new WeakSet<object>()

/** Parses matcher options with a zod schema; an invalid value becomes an Error naming the matcher. */
export function parseMatcherOptions<S extends z.ZodType>(matcher: string, schema: S, raw: unknown): z.output<S> {
  if (typeof raw === 'object' && raw !== null && parsedOptions.has(raw)) return raw as z.output<S>
  const parsed = schema.safeParse(raw ?? {})
  if (!parsed.success) throw new Error(`${matcher}: invalid options ${safeJson(raw)}:\n${z.prettifyError(parsed.error)}`)
  if (typeof parsed.data === 'object' && parsed.data !== null) parsedOptions.add(parsed.data)
  return parsed.data
}

export function defineEvaluator<Options, Args extends unknown[], Result extends MaybePromise<EvaluationResult>>(
  spec: EvaluatorSpec<Options, Args, Result>,
): EvaluatorDefinition<Options, Args, Result> {
  const checked = (result: EvaluationResult): EvaluationResult => checkResult(spec.name, result)
  /** Raw options objects already parsed by this definition, with their result (an invalid one is never kept: it throws each time). */
  const parsedByRaw = new WeakMap<object, Options>()
  const definition: EvaluatorDefinition<Options, Args, Result> = {
    name: spec.name,
    description: spec.description,
    options: spec.options,
    argsFromCase: (testCase, options) => spec.argsFromCase(testCase, options),
    evaluate(received, ...args) {
      const result = spec.evaluate(received, ...args)
      return (result instanceof Promise ? result.then(checked) : checked(result)) as Result
    },
    parseOptions(raw) {
      // a dataset's assertion options are one object for all its cases: parsed once (issue 11: a zod parse per case was ~1% of a worker's CPU)
      if (typeof raw !== 'object' || raw === null) return parseMatcherOptions(spec.name, spec.options, raw)
      if (parsedByRaw.has(raw)) return parsedByRaw.get(raw) as Options
      const parsed = parseMatcherOptions(spec.name, spec.options, raw)
      parsedByRaw.set(raw, parsed)
      return parsed
    },
    argsForCase(testCase, rawOptions) {
      return spec.argsFromCase(testCase, definition.parseOptions(rawOptions ?? {}))
    },
    async evaluateCase(received, testCase, rawOptions) {
      const result = await definition.evaluate(received, ...definition.argsForCase(testCase, rawOptions))
      return { name: spec.name, ...result }
    },
  }
  return definition
}

/** Whether a module's export looks like a definition made by `defineEvaluator`. */
export function isEvaluatorDefinition(value: unknown): value is EvaluatorDefinition {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<Record<keyof EvaluatorDefinition, unknown>>
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.evaluate === 'function' &&
    typeof candidate.argsForCase === 'function' &&
    typeof candidate.parseOptions === 'function'
  )
}

/** Checks a scoring function's result: a cheap test on the hot path, the schema's words when it fails. */
function checkResult(name: string, result: EvaluationResult): EvaluationResult {
  if (looksValid(result)) return result
  const parsed = ResultSchema.safeParse(result)
  if (parsed.success) return parsed.data
  throw new Error(`${name}: the evaluator returned an invalid evaluation:\n${z.prettifyError(parsed.error)}`)
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

const unit = (x: unknown): boolean => typeof x === 'number' && x >= 0 && x <= 1
function looksValid(r: EvaluationResult): boolean {
  return (
    typeof r === 'object' &&
    r !== null &&
    typeof r.pass === 'boolean' &&
    unit(r.score) &&
    unit(r.threshold) &&
    typeof r.reason === 'string' &&
    (r.details === undefined || (typeof r.details === 'object' && r.details !== null && !Array.isArray(r.details)))
  )
}
