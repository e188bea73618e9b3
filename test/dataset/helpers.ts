import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'
import { DatasetError, type DatasetIssue } from '../../src/dataset/errors.ts'
import { loadDataset, type LoadDatasetOptions } from '../../src/dataset/load.ts'

export const KNOWN_MATCHERS: ReadonlySet<string> = new Set(['toEqualExpected', 'toContainReferences', 'toMatchRegex', 'toContain'])

/** A fresh folder under the system temp folder. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'llm-test-bench-dataset-'))
}

/** Writes `files` (relative path → text) into a fresh temp folder; returns the folder. */
export function writeFiles(files: Record<string, string>): string {
  const dir = tempDir()
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), text)
  }
  return dir
}

/** Loads a dataset that must fail, and returns the error with the dataset's absolute path. */
export function loadFailure(file: string, options: LoadDatasetOptions = { knownMatchers: KNOWN_MATCHERS }): DatasetError {
  try {
    loadDataset(file, options)
  } catch (error) {
    if (error instanceof DatasetError) return error
    throw error
  }
  throw new Error(`expected ${file} to fail to load`)
}

/** Writes one dataset (plus other files) to a temp folder and loads it, expecting a failure. */
export function failingDataset(
  name: string,
  text: string,
  others: Record<string, string> = {},
  options?: LoadDatasetOptions,
): { error: DatasetError; file: string } {
  const dir = writeFiles({ [name]: text, ...others })
  const file = path.join(dir, name)
  return { error: loadFailure(file, options), file }
}

export interface ExpectedIssue {
  line: number
  column: number
  path: string
  /** The issue's message: what follows `<path>: ` on its line. */
  message: string
  expected?: string | null
  found?: string | null
}

/** The error's message has this exact line, and its issues this exact issue. */
export function expectIssue(error: DatasetError, file: string, issue: ExpectedIssue): void {
  const shown = issue.path === '' ? '(top level)' : issue.path
  expect(error.message.split('\n'), error.message).toContain(`${file}:${issue.line}:${issue.column} ${shown}: ${issue.message}`)
  const fields: Partial<DatasetIssue> = { file, line: issue.line, column: issue.column, path: issue.path, message: issue.message }
  if (issue.expected !== undefined) fields.expected = issue.expected
  if (issue.found !== undefined) fields.found = issue.found
  expect(error.issues).toContainEqual(expect.objectContaining(fields))
}
