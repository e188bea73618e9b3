import type { z } from 'zod'
import { assertionName, parseAssertion } from './assertions.ts'
import type { DatasetIssue } from './errors.ts'
import type { CaseArguments } from './load-options.ts'
import { issueAt, type FieldPath } from './locate.ts'
import type { IndexedAssertion, PartialCase, PartialDataset } from './partial-dataset.ts'
import type { ParsedSource } from './parse-source.ts'
import type { ResolvedCase } from './types.ts'

interface Placed {
  entry: IndexedAssertion['entry']
  options: Record<string, unknown>
  /** Where an issue goes: the case's own `assert` entry, or the case itself for a dataset-wide assertion. */
  path: FieldPath
}

/**
 * Builds each case's matcher arguments as the run would, so that what a matcher
 * needs from the case (an `expected` value, `references`, a rubric) is missing
 * at load time, not after the provider was called. Only cases whose fields
 * passed the schema, and only assertions whose options passed theirs (those
 * problems are reported already).
 */
export function checkCaseArguments(
  source: ParsedSource,
  dataset: PartialDataset,
  builders: ReadonlyMap<string, CaseArguments>,
  schemas: ReadonlyMap<string, z.ZodType>,
): DatasetIssue[] {
  // one options object per entry: a builder parses it once, however many cases share the entry
  const shared = dataset.assert.map(({ entry }) => ({ entry, options: parseAssertion(entry).options }))
  return dataset.cases.filter((testCase) => testCase.invalid.size === 0 && testCase.valid.id !== undefined).flatMap((testCase) => {
    const path: FieldPath = ['test_cases', testCase.index]
    const placed: Placed[] = [
      ...shared.map(({ entry, options }) => ({ entry, options, path })),
      ...testCase.assert.map(({ index, entry }) => ({ entry, options: parseAssertion(entry).options, path: [...path, 'assert', index] })),
    ]
    const resolved = checkedCase(testCase)
    return placed.flatMap(({ entry, options, path: at }) => {
      const name = assertionName(entry)
      const build = builders.get(name)
      if (build === undefined) return []
      try {
        build(resolved, options)
        return []
      } catch (error) {
        // options that fail their schema are reported by the options check already
        if (schemas.get(name)?.safeParse(options).success === false) return []
        const message = error instanceof Error ? error.message : String(error)
        return [issueAt(source, at, { expected: `what ${name} needs from the case`, found: null, message })]
      }
    })
  })
}

/** The case as far as a matcher's arguments go: its own fields, templates not rendered, no defaults merged. */
function checkedCase({ valid }: PartialCase): ResolvedCase {
  return {
    id: valid.id ?? '',
    category: valid.category ?? null,
    description: valid.description ?? null,
    prompt: valid.prompt ?? null,
    messages: valid.messages ?? null,
    system: null,
    params: {},
    timeoutMs: null,
    providers: null,
    expected: valid.expected ?? null,
    references: valid.references ?? [],
    assertions: [],
    metadata: valid.metadata ?? {},
  }
}
