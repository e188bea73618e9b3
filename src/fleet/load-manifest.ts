import fs from 'node:fs'
import path from 'node:path'
import { findDuplicateKeys } from '../dataset/duplicate-keys.ts'
import { DatasetError, expectedFound, type DatasetIssue } from '../dataset/errors.ts'
import { jsonHasDuplicateKeys } from '../dataset/json-duplicate-keys.ts'
import { issueAt } from '../dataset/locate.ts'
import { parseSource, type ParsedSource } from '../dataset/parse-source.ts'
import { decodeText } from '../dataset/read-text.ts'
import { datasetIssues, withoutExtensions } from '../dataset/schema-issues.ts'
import { FleetManifestSchema, type FleetManifest } from './manifest-schema.ts'

/** A manifest file read and checked against the schema: the manifest when it passes, and every issue found. */
export interface LoadedManifest {
  /** Absolute path of the manifest. */
  file: string
  /** Null when the file could not be read or parsed. */
  source: ParsedSource | null
  /** Null when there are schema issues. */
  manifest: FleetManifest | null
  issues: DatasetIssue[]
}

/**
 * Reads a fleet manifest (YAML, or JSON by a `.json` name) the way datasets are
 * read: encoding, syntax, duplicate keys and the schema, each problem placed at
 * its file:line:column with its field path, what was expected and what was
 * found. Top-level `x-` keys are the author's own (YAML anchors) and ignored.
 */
export function loadManifest(file: string): LoadedManifest {
  const absolute = path.resolve(file)
  let source: ParsedSource
  try {
    source = parseSource(absolute, readText(absolute))
  } catch (error) {
    if (error instanceof DatasetError) return { file: absolute, source: null, manifest: null, issues: [...error.issues] }
    throw error
  }
  const duplicates = source.format === 'json' && !jsonHasDuplicateKeys(source.text) ? [] : findDuplicateKeys(source)
  if (source.format === 'yaml' && source.document.contents === null) {
    const expected = 'a map with fleet_id, version, repositories, providers and scenario_profiles'
    return { file: absolute, source, manifest: null, issues: [issueAt(source, [], { expected, found: 'an empty file', message: expectedFound(expected, 'an empty file') })] }
  }
  const result = FleetManifestSchema.safeParse(withoutExtensions(source.data), { reportInput: true })
  const schemaIssues = result.success ? [] : result.error.issues.flatMap((issue) => datasetIssues(source, issue, [], FleetManifestSchema))
  return { file: absolute, source, manifest: result.success ? result.data : null, issues: [...duplicates, ...schemaIssues] }
}

function readText(absolute: string): string {
  let bytes: Uint8Array
  try {
    bytes = fs.readFileSync(absolute)
  } catch (error) {
    const message = `cannot read fleet manifest: ${error instanceof Error ? error.message : String(error)}`
    throw new DatasetError(absolute, [{ file: absolute, line: 1, column: 1, path: '', expected: 'a readable file', found: null, message }])
  }
  const decoded = decodeText(bytes)
  if (decoded.ok) return decoded.text
  const { line, column, expected, found, message } = decoded
  throw new DatasetError(absolute, [{ file: absolute, line, column, path: '', expected, found, message }])
}
