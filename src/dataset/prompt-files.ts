import fs from 'node:fs'
import path from 'node:path'
import type { DatasetIssue } from './errors.ts'
import { decodeText } from './read-text.ts'
import { issueAt, type FieldPath } from './locate.ts'
import type { PartialDataset } from './partial-dataset.ts'
import type { ParsedSource } from './parse-source.ts'

/** The prompt files a dataset read: absolute path → UTF-8 text, in the order first read. */
export type PromptTexts = ReadonlyMap<string, string>

/** A `prompt_file` value is relative to the folder of the dataset file. */
export function resolvePromptPath(datasetFile: string, promptFile: string): string {
  return path.resolve(path.dirname(datasetFile), promptFile)
}

/** Reads the dataset's and every case's prompt file; a file that cannot be read is an issue at its field. */
export function readPromptFiles(source: ParsedSource, dataset: PartialDataset): { texts: PromptTexts; issues: DatasetIssue[] } {
  const texts = new Map<string, string>()
  const issues: DatasetIssue[] = []
  for (const { field, relative } of promptFileFields(dataset)) {
    const absolute = resolvePromptPath(source.file, relative)
    if (texts.has(absolute)) continue
    const text = readText(absolute)
    if (typeof text === 'string') texts.set(absolute, text)
    else issues.push(issueAt(source, field, { expected: text.expected ?? 'an existing file', found: text.found, message: text.message }))
  }
  return { texts, issues }
}

function promptFileFields(dataset: PartialDataset): Array<{ field: FieldPath; relative: string }> {
  const own = typeof dataset.promptFile === 'string' ? [{ field: ['prompt_file'], relative: dataset.promptFile }] : []
  const cases = dataset.cases.flatMap(({ index, valid }) =>
    valid.prompt_file === undefined ? [] : [{ field: ['test_cases', index, 'prompt_file'], relative: valid.prompt_file }],
  )
  const variants = dataset.variants.flatMap(({ path, fields }) => (fields.prompt_file === undefined ? [] : [{ field: [...path, 'prompt_file'], relative: fields.prompt_file }]))
  return [...own, ...cases, ...variants]
}

/** A prompt file's text, without the one newline editors put at the end of a file. */
function readText(absolute: string): string | { expected?: string; found: string; message: string } {
  let bytes: Uint8Array
  try {
    bytes = fs.readFileSync(absolute)
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable'
    if (code === 'ENOENT') return { found: 'no such file', message: `prompt file not found: ${absolute}` }
    return { found: code, message: `cannot read prompt file ${absolute} (${code})` }
  }
  const decoded = decodeText(bytes)
  if (!decoded.ok) return { expected: decoded.expected, found: decoded.found, message: `prompt file ${absolute}:${decoded.line}:${decoded.column}: ${decoded.message}` }
  const text = decoded.text.replace(/\r?\n$/, '')
  // an empty prompt file is refused as an empty inline `prompt:` is
  if (text.trim() === '') return { expected: 'non-empty text', found: 'an empty file', message: `prompt file ${absolute} is empty (expected non-empty text)` }
  return text
}
