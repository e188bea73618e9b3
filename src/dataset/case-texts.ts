import path from 'node:path'
import { cachedCaseTexts, hasCachedCaseTexts, storeCaseTexts } from './case-texts-cache.ts'
import { caseTextsOf, type CaseTexts } from './case-texts-of.ts'
import { DatasetError } from './errors.ts'
import { readDatasetText } from './load.ts'
import { parseSource, sourceFormat } from './parse-source.ts'
import { validateSchema } from './schema-issues.ts'
import { loadSourceCases } from './sources/load-source.ts'

export type { CaseTexts } from './case-texts-of.ts'

/**
 * The texts of a dataset's cases (its own and its `source` file's), read
 * without what only a run needs: no checks past the schema, no prompt files,
 * no templates rendered, no matcher options parsed. For a report made after a
 * run, which loaded and checked the file whole (`loadDataset`); at 100,000
 * cases this is a fraction of a full load. A YAML file whose texts are in the
 * cache (case-texts-cache.ts: the run's workers stored them) is not parsed
 * again; one that is parsed here is stored there. Throws a DatasetError when
 * the file cannot be read or parsed, or no longer matches the schema.
 */
export function readCaseTexts(file: string): CaseTexts[] {
  const absolute = path.resolve(file)
  const text = readDatasetText(absolute)
  const cacheable = sourceFormat(absolute) === 'yaml'
  const cached = cacheable ? cachedCaseTexts(text) : null
  if (cached !== null) return cached
  const source = parseSource(absolute, text)
  const { data, issues } = validateSchema(source)
  if (data === null) throw new DatasetError(absolute, issues)
  // the source's prompt templates are not read: only its rows' texts are wanted
  const sourced = data.source === undefined ? [] : loadSourceCases(source, data, data.source, new Map()).cases
  const texts = caseTextsOf(data, sourced)
  if (cacheable && data.source === undefined) storeCaseTexts(text, () => texts)
  return texts
}

/**
 * Whether `readCaseTexts` would find this file's texts in the cache (a quick
 * read: no parse); false for a file that cannot be read.
 */
export function caseTextsCached(file: string): boolean {
  if (sourceFormat(file) !== 'yaml') return false
  try {
    return hasCachedCaseTexts(readDatasetText(path.resolve(file)))
  } catch {
    return false
  }
}
