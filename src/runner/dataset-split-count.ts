import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { sourceFormat } from '../dataset/parse-source.ts'
import { resolveSourcePath } from '../dataset/sources/load-source.ts'

/**
 * About how many cases a dataset file has, read in the main process without
 * loading the file (that is the workers' job): the items of the top-level
 * `test_cases` list (YAML: the lines starting a list item at the first item's
 * indentation; JSON: parsed), plus a `source:`'s `limit`/`sample`, else its
 * non-empty lines. Only `split: 'auto'` reads it, against a threshold in the
 * thousands; null when the file cannot be read (the loader then says why).
 */
export function estimateCases(file: string): number | null {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return null
  }
  try {
    return sourceFormat(file) === 'json' ? jsonCases(file, JSON.parse(text)) : yamlCases(file, text)
  } catch {
    return null
  }
}

function jsonCases(file: string, data: unknown): number {
  if (typeof data !== 'object' || data === null) return 0
  const own = 'test_cases' in data && Array.isArray(data.test_cases) ? data.test_cases.length : 0
  return own + ('source' in data ? sourceCases(file, data.source) : 0)
}

function yamlCases(file: string, text: string): number {
  const lines = text.split(/\r?\n/)
  const start = lines.findIndex((line) => /^test_cases[ \t]*:[ \t]*(#.*)?$/.test(line))
  let own = 0
  if (start >= 0) {
    let indent: string | null = null
    const isItem = (line: string): boolean => indent !== null && line.startsWith(`${indent}-`) && /^(\s|$)/.test(line.slice(indent.length + 1))
    for (const line of lines.slice(start + 1)) {
      if (/^[ \t]*(#.*)?$/.test(line)) continue
      indent ??= /^([ \t]*)-(\s|$)/.exec(line)?.[1] ?? null
      if (indent === null) break
      if (isItem(line)) own++
      // the next top-level key ends the list
      else if (/^\S/.test(line)) break
    }
  }
  const sourceBlock = /^source[ \t]*:.*(?:\r?\n(?:[ \t].*|[ \t]*))*/m.exec(text)?.[0]
  const parsed: unknown = sourceBlock ? parse(sourceBlock) : null
  return own + (typeof parsed === 'object' && parsed !== null ? sourceCases(file, Reflect.get(parsed, 'source')) : 0)
}

/** A `source:`'s cases: its `limit`/`sample` (the smaller), else the benchmark file's non-empty lines. */
function sourceCases(datasetFile: string, source: unknown): number {
  if (typeof source !== 'object' || source === null) return 0
  const bounds = ['limit', 'sample'].map((key) => Reflect.get(source, key)).filter((n): n is number => typeof n === 'number')
  if (bounds.length > 0) return Math.min(...bounds)
  const path = Reflect.get(source, 'path')
  if (typeof path !== 'string') return 0
  try {
    return readFileSync(resolveSourcePath(datasetFile, path), 'utf8').split('\n').filter((line) => line.trim() !== '').length
  } catch {
    return 0
  }
}
