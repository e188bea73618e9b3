import { repeatsOf } from '../config/repeats.ts'
import type { ResolvedCase, ResolvedDataset } from '../dataset/types.ts'
import { caseVariants } from '../dataset/variants.ts'
import type { Env } from '../providers/local/cache-dir.ts'
import type { ProviderSpec } from '../providers/spec.ts'
import type { RunMode } from './provided.ts'

/** One test of a dataset: a case (a variant of it), a provider, a repeat. */
export interface CaseTest {
  /** The case's position in the dataset. */
  index: number
  /** The case as the dataset has it. */
  testCase: ResolvedCase
  /** The case as this test runs it: one of its variants, or the case itself. */
  variantCase: ResolvedCase
  spec: ProviderSpec
  /** 0…N-1 with `repeats: N` (run and watch mode), else undefined. */
  repeat: number | undefined
  /** The test's name: `<case> › <provider>`, `<case> › <variant> › <provider>`, `… › #k` for a repeat. */
  name: string
}

export interface CaseTestsOptions {
  mode: RunMode
  specs: ProviderSpec[]
  /** The `repeats` option (a case's own `repeats` and `LLM_BENCH_REPEATS` come first). */
  repeats: number
  env: Env
  /** The `cases` option (`<dataset>/<case id>`): only these, when given. */
  cases?: readonly string[] | undefined
  /** The case positions of this part of a split file (dataset-part.ts); every case when absent. */
  inSlice?: (index: number) => boolean
}

/**
 * A dataset's tests in the order they are registered, with their names:
 * what the workers register (register-dataset.ts) and what a static listing
 * shows (static-list.ts), from one place.
 */
export function* caseTests(dataset: ResolvedDataset, options: CaseTestsOptions): Generator<CaseTest> {
  const only = options.cases === undefined ? null : new Set(options.cases)
  for (const [index, testCase] of dataset.cases.entries()) {
    if ((options.inSlice && !options.inSlice(index)) || (only !== null && !only.has(`${dataset.name}/${testCase.id}`))) continue
    // `repeats: N` (run and watch mode): N independent tests `<case> › <provider> › #1`…`#N`, records `repeat` 0…N-1
    const repeats = options.mode === 'bench' ? 1 : repeatsOf(testCase.repeats ?? null, options.env, options.repeats)
    // dataset `variants:`: the case once per variant, `<case> › <variant> › <provider>`; the record carries `variant`
    for (const variantCase of caseVariants(testCase)) {
      const named = variantCase.variant === undefined ? testCase.id : `${testCase.id} › ${variantCase.variant}`
      for (const spec of providersOf(testCase, options.specs)) {
        for (let r = 0; r < repeats; r++) {
          const repeat = repeats > 1 ? r : undefined
          yield { index, testCase, variantCase, spec, repeat, name: repeat === undefined ? `${named} › ${spec.id}` : `${named} › ${spec.id} › #${r + 1}` }
        }
      }
    }
  }
}

/** The providers a case runs on: all of them, or those its `config.providers` names (by id or type). */
export function providersOf(testCase: ResolvedCase, specs: ProviderSpec[]): ProviderSpec[] {
  if (!testCase.providers) return specs
  const wanted = new Set(testCase.providers)
  return specs.filter((spec) => wanted.has(spec.id) || wanted.has(spec.type))
}
