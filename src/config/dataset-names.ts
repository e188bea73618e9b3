import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { parse } from 'yaml'
import { sourceFormat } from '../dataset/parse-source.ts'

/**
 * Two dataset files with one `name` would merge into one dataset in the
 * results (their cases counted together) and collide in the baseline and the
 * recordings, which are keyed by it. Checked in the main process over every
 * dataset file of the project before any case runs; one message per name,
 * naming every file that has it (relative to `root`). A file whose name cannot
 * be read is left to the loader, which says what is wrong with it.
 */
export function duplicateDatasetNames(files: readonly string[], root: string): string[] {
  const byName = new Map<string, string[]>()
  for (const file of [...files].sort()) {
    const name = datasetName(file)
    if (name === null) continue
    byName.set(name, [...(byName.get(name) ?? []), file])
  }
  return [...byName]
    .filter(([, same]) => same.length > 1)
    .map(
      ([name, same]) =>
        `${same.length} dataset files have the name "${name}": ${same.map((file) => relative(root, file)).join(' and ')}. ` +
        `A dataset's name keys its results, baseline entries and recordings: give each file its own name.`,
    )
}

/**
 * The top-level `name` of a dataset file, or null. YAML: the first `name:` at
 * the start of a line (a top-level key of a block mapping) is read alone, so a
 * big file is not parsed here; else the whole file.
 */
export function datasetName(file: string): string | null {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return null
  }
  try {
    if (sourceFormat(file) === 'json') return nameOf(JSON.parse(text))
    const line = /^name[ \t]*:.*$/m.exec(text)?.[0]
    return nameOf(parse(line ?? text))
  } catch {
    return null
  }
}

function nameOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || !('name' in data)) return null
  return typeof data.name === 'string' || typeof data.name === 'number' ? String(data.name) : null
}
