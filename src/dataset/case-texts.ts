import path from 'node:path'
import { DatasetError } from './errors.ts'
import { readDatasetText } from './load.ts'
import { parseSource } from './parse-source.ts'
import { validateSchema } from './schema-issues.ts'
import { loadSourceCases } from './sources/load-source.ts'

/** A case's texts that its records do not carry: what a report shows beside its outputs. */
export interface CaseTexts {
  id: string
  expected: string | null
  references: string[]
  /** The dataset's variables, then the case's own (as the case was rendered with). */
  variables: Readonly<Record<string, unknown>>
}

/**
 * The texts of a dataset's cases (its own and its `source` file's), read
 * without what only a run needs: no checks past the schema, no prompt files,
 * no templates rendered, no matcher options parsed. For a report made after a
 * run, which loaded and checked the file whole (`loadDataset`); at 100,000
 * cases this is a fraction of a full load. Throws a DatasetError when the file
 * cannot be read or parsed, or no longer matches the schema.
 */
export function readCaseTexts(file: string): CaseTexts[] {
  const absolute = path.resolve(file)
  const source = parseSource(absolute, readDatasetText(absolute))
  const { data, issues } = validateSchema(source)
  if (data === null) throw new DatasetError(absolute, issues)
  // the source's prompt templates are not read: only its rows' texts are wanted
  const sourced = data.source === undefined ? [] : loadSourceCases(source, data, data.source, new Map()).cases
  const shared = data.variables ?? {}
  return [...(data.test_cases ?? []), ...sourced].map((c) => ({
    id: c.id,
    expected: c.expected ?? null,
    references: c.references ?? [],
    variables: c.variables === undefined ? shared : { ...shared, ...c.variables },
  }))
}
