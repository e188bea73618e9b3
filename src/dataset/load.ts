import fs from 'node:fs'
import path from 'node:path'
import { storeCaseTexts } from './case-texts-cache.ts'
import { caseTextsOf } from './case-texts-of.ts'
import { DatasetError } from './errors.ts'
import { findDuplicateKeys } from './duplicate-keys.ts'
import { jsonHasDuplicateKeys } from './json-duplicate-keys.ts'
import { parseSource } from './parse-source.ts'
import { decodeText } from './read-text.ts'
import { partialDataset } from './partial-dataset.ts'
import { readPromptFiles, resolvePromptPath, type PromptTexts } from './prompt-files.ts'
import { namedVariants, partialVariants, referenceVariant, resolveCaseVariants } from './variants.ts'
import type { DatasetFile, DatasetTestCase } from './schema.ts'
import { loadSourceCases, resolveSourcePath } from './sources/load-source.ts'
import { issueAt, locatePath, type Position } from './locate.ts'
import type { DatasetIssue } from './errors.ts'
import type { ParsedSource } from './parse-source.ts'
import { validateSchema } from './schema-issues.ts'
import { semanticIssues } from './semantic-checks.ts'
import type { ResolvedDataset } from './types.ts'
import type { LoadDatasetOptions } from './load-options.ts'

export type { ConfiguredProvider, LoadDatasetOptions } from './load-options.ts'

/** `*.dataset.yaml`, `*.dataset.yml` and `*.dataset.json` files are datasets. */
export function isDatasetFile(file: string): boolean {
  return /\.dataset\.(ya?ml|json)$/i.test(file)
}

/**
 * Reads, validates and resolves a dataset file. Throws a DatasetError listing
 * every problem found: encoding, syntax, nesting depth, schema, and the checks
 * after it (duplicate ids, prompt sources, matcher names and options, case
 * providers, prompt files, template variables).
 */
export function loadDataset(file: string, options: LoadDatasetOptions): ResolvedDataset {
  const absolute = path.resolve(file)
  const source = parseSource(absolute, readDatasetText(absolute))
  const { data, issues: schemaIssues } = validateSchema(source)
  const partial = partialDataset(source.data)
  const prompts = readPromptFiles(source, partial)
  const sourced = data?.source === undefined ? null : loadSourceCases(source, data, data.source, prompts.texts)
  const issues = [
    ...casesPresent(source, data),
    ...(sourced === null ? [] : [...sourced.issues, ...sourceIdClashes(source, data?.test_cases ?? [], sourced.cases)]),
    ...(source.format === 'json' && !jsonHasDuplicateKeys(source.text) ? [] : findDuplicateKeys(source)),
    ...schemaIssues,
    ...prompts.issues,
    ...semanticIssues(source, partial, prompts.texts, options),
  ]
  if (data === null || issues.length > 0) throw new DatasetError(absolute, issues)
  // a YAML file's texts kept for the run's end (report.html shows them), which then need not parse it again
  if (options.cacheCaseTexts === true && source.format === 'yaml' && data.source === undefined) storeCaseTexts(source.text, () => caseTextsOf(data, []))
  const caseLocation = caseLocator(source, data.test_cases?.length ?? 0)
  return { ...resolveDataset(absolute, data, prompts.texts, sourced?.cases ?? []), caseLocation }
}

/**
 * Where each case is: a YAML file's positions are read now (its document is
 * there; the document is not kept), a JSON file's only when asked (they need
 * a second parse of the text).
 */
function caseLocator(source: ParsedSource, own: number): (index: number) => Position {
  const pathOf = (index: number): (string | number)[] => (index < own ? ['test_cases', index] : ['source'])
  if (source.format === 'json') {
    const { file, text } = source
    let positions: ParsedSource | undefined
    return (index) => locatePath((positions ??= parseSource(file, text)), pathOf(index))
  }
  const places = Array.from({ length: own }, (_, index) => locatePath(source, pathOf(index)))
  const sourceField = locatePath(source, ['source'])
  return (index) => places[index] ?? sourceField
}

/** A dataset needs `test_cases`, a `source`, or both. */
function casesPresent(source: ParsedSource, data: DatasetFile | null): DatasetIssue[] {
  if (data === null || data.test_cases !== undefined || data.source !== undefined) return []
  const message = 'missing required field "test_cases" (expected list)'
  return [issueAt(source, ['test_cases'], { expected: 'list', found: 'nothing', message })]
}

/** A source case whose id is also a `test_cases` id. */
function sourceIdClashes(source: ParsedSource, own: readonly DatasetTestCase[], sourced: readonly DatasetTestCase[]): DatasetIssue[] {
  const ids = new Map(own.map((testCase, index) => [testCase.id, index]))
  return sourced.flatMap((testCase) => {
    const index = ids.get(testCase.id)
    if (index === undefined) return []
    const line = locatePath(source, ['test_cases', index, 'id']).line
    const message = `duplicate case id "${testCase.id}": used at line ${line} and by a case of the source file`
    return [issueAt(source, ['test_cases', index, 'id'], { expected: 'a unique case id', found: `"${testCase.id}" again`, message })]
  })
}

/**
 * Absolute paths of the prompt files a dataset refers to (whether or not they
 * exist), for watch mode. Best effort, never an error: a dataset that fails
 * validation still gives every string `prompt_file` it has; one that cannot be
 * read or parsed gives none.
 */
export function datasetPromptFiles(file: string): string[] {
  const absolute = path.resolve(file)
  try {
    const data = parseSource(absolute, readDatasetText(absolute)).data
    const paths = [...rawPromptFiles(data).map((relative) => resolvePromptPath(absolute, relative)), ...rawSourceFile(absolute, data)]
    return [...new Set(paths)]
  } catch {
    return []
  }
}

/**
 * The names among `names` (matcher names) that appear anywhere in the dataset
 * file's text, without parsing it: the runner loads those matchers before the
 * dataset, so that their option schemas are there when it is checked. A name
 * that only appears in a prompt loads a matcher for nothing, which is harmless;
 * parsing a 10,000-case file twice is not. Empty when the file cannot be read.
 */
export function mentionedNames(file: string, names: Iterable<string>): string[] {
  let text: string
  try {
    text = readDatasetText(path.resolve(file))
  } catch {
    return []
  }
  return [...names].filter((name) => text.includes(name))
}

/** Every string `prompt_file` of the dataset and its cases, read without the schema. */
function rawPromptFiles(data: unknown): string[] {
  const fields = asRecord(data)
  const cases = Array.isArray(fields['test_cases']) ? fields['test_cases'] : []
  const variants = partialVariants(fields['variants']).map((variant) => variant.fields.prompt_file)
  const values = [fields['prompt_file'], ...cases.map((testCase: unknown) => asRecord(testCase)['prompt_file']), ...variants]
  return values.filter((value): value is string => typeof value === 'string' && value !== '')
}

/** The `source.path` benchmark file, read without the schema (watch mode reloads the dataset when it changes). */
function rawSourceFile(datasetFile: string, data: unknown): string[] {
  const relative = asRecord(asRecord(data)['source'])['path']
  return typeof relative === 'string' && relative !== '' ? [resolveSourcePath(datasetFile, relative)] : []
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {}
}

/** The file's text (UTF-8, or UTF-16/32 with a byte order mark); unreadable or undecodable bytes throw a DatasetError. */
export function readDatasetText(absolute: string): string {
  let bytes: Uint8Array
  try {
    bytes = fs.readFileSync(absolute)
  } catch (error) {
    const message = `cannot read dataset file: ${error instanceof Error ? error.message : String(error)}`
    throw new DatasetError(absolute, [{ file: absolute, line: 1, column: 1, path: '', expected: null, found: null, message }])
  }
  const decoded = decodeText(bytes)
  if (decoded.ok) return decoded.text
  const { line, column, expected, found, message } = decoded
  throw new DatasetError(absolute, [{ file: absolute, line, column, path: '', expected, found, message }])
}

function resolveDataset(file: string, dataset: DatasetFile, promptTexts: PromptTexts, sourced: readonly DatasetTestCase[]): ResolvedDataset {
  const context = { datasetFile: file, dataset, promptTexts }
  return {
    file,
    name: dataset.name,
    description: dataset.description ?? null,
    version: dataset.version ?? null,
    // with `variants:`, each case is resolved once per variant (ResolvedCase.variants)
    cases: [...(dataset.test_cases ?? []), ...sourced].map((testCase) => resolveCaseVariants(testCase, context)),
    promptFiles: [...promptTexts.keys()],
    ...variantsInfo(dataset),
  }
}

function variantsInfo(dataset: DatasetFile): Pick<ResolvedDataset, 'variants'> {
  const reference = referenceVariant(dataset)
  return reference === null ? {} : { variants: { names: namedVariants(dataset.variants).map((v) => v.name), reference } }
}
