import fs from 'node:fs'
import path from 'node:path'
import { DatasetError } from './errors.ts'
import { findDuplicateKeys } from './duplicate-keys.ts'
import { jsonHasDuplicateKeys } from './json-duplicate-keys.ts'
import { parseSource } from './parse-source.ts'
import { partialDataset } from './partial-dataset.ts'
import { readPromptFiles, resolvePromptPath, type PromptTexts } from './prompt-files.ts'
import { resolveCase } from './resolve-case.ts'
import type { DatasetFile } from './schema.ts'
import { validateSchema } from './schema-issues.ts'
import { semanticIssues } from './semantic-checks.ts'
import type { ResolvedDataset } from './types.ts'

export interface LoadDatasetOptions {
  /** Names of the matchers `assert` entries may use. */
  knownMatchers: ReadonlySet<string>
}

/** `*.dataset.yaml`, `*.dataset.yml` and `*.dataset.json` files are datasets. */
export function isDatasetFile(file: string): boolean {
  return /\.dataset\.(ya?ml|json)$/i.test(file)
}

/**
 * Reads, validates and resolves a dataset file. Throws a DatasetError listing
 * every problem found: syntax, schema, and the checks after it (duplicate ids,
 * prompt sources, matcher names, prompt files, template variables).
 */
export function loadDataset(file: string, options: LoadDatasetOptions): ResolvedDataset {
  const absolute = path.resolve(file)
  const source = parseSource(absolute, readDatasetText(absolute))
  const { data, issues: schemaIssues } = validateSchema(source)
  const partial = partialDataset(source.data)
  const prompts = readPromptFiles(source, partial)
  const issues = [
    ...(source.format === 'json' && !jsonHasDuplicateKeys(source.text) ? [] : findDuplicateKeys(source)),
    ...schemaIssues,
    ...prompts.issues,
    ...semanticIssues(source, partial, prompts.texts, options.knownMatchers),
  ]
  if (data === null || issues.length > 0) throw new DatasetError(absolute, issues)
  return resolveDataset(absolute, data, prompts.texts)
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
    const data = parseSource(absolute, fs.readFileSync(absolute, 'utf8')).data
    const paths = rawPromptFiles(data).map((relative) => resolvePromptPath(absolute, relative))
    return [...new Set(paths)]
  } catch {
    return []
  }
}

/** Every string `prompt_file` of the dataset and its cases, read without the schema. */
function rawPromptFiles(data: unknown): string[] {
  const fields = asRecord(data)
  const cases = Array.isArray(fields['test_cases']) ? fields['test_cases'] : []
  const values = [fields['prompt_file'], ...cases.map((testCase: unknown) => asRecord(testCase)['prompt_file'])]
  return values.filter((value): value is string => typeof value === 'string' && value !== '')
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {}
}

function readDatasetText(absolute: string): string {
  try {
    return fs.readFileSync(absolute, 'utf8')
  } catch (error) {
    const message = `cannot read dataset file: ${error instanceof Error ? error.message : String(error)}`
    throw new DatasetError(absolute, [{ file: absolute, line: 1, column: 1, path: '', expected: null, found: null, message }])
  }
}

function resolveDataset(file: string, dataset: DatasetFile, promptTexts: PromptTexts): ResolvedDataset {
  return {
    file,
    name: dataset.name,
    description: dataset.description ?? null,
    version: dataset.version ?? null,
    cases: dataset.test_cases.map((testCase) => resolveCase(testCase, { datasetFile: file, dataset, promptTexts })),
    promptFiles: [...promptTexts.keys()],
  }
}
