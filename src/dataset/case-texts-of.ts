import type { DatasetFile, DatasetTestCase } from './schema.ts'

/** A case's texts that its records do not carry: what a report shows beside its outputs. */
export interface CaseTexts {
  id: string
  expected: string | null
  references: string[]
  /** The dataset's variables, then the case's own (as the case was rendered with). */
  variables: Readonly<Record<string, unknown>>
}

/** The texts of a checked dataset's cases: its own `test_cases`, then the `source` file's rows (`sourced`). */
export function caseTextsOf(data: DatasetFile, sourced: readonly DatasetTestCase[]): CaseTexts[] {
  const shared = data.variables ?? {}
  return [...(data.test_cases ?? []), ...sourced].map((c) => ({
    id: c.id,
    expected: c.expected ?? null,
    references: c.references ?? [],
    variables: c.variables === undefined ? shared : { ...shared, ...c.variables },
  }))
}
