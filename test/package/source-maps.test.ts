import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The published package ships dist/ but not src/: each source map must carry its sources
 * (`inlineSources`), or Vite prints "Sourcemap for ... points to missing source files" for every
 * module of the package in a user's run.
 */
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url))

function maps(dir: string): string[] {
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
  return entries.flatMap((entry) => (entry.isDirectory() ? maps(join(dir, entry.name)) : entry.name.endsWith('.js.map') ? [join(dir, entry.name)] : []))
}

const found = maps(DIST)

describe.skipIf(found.length === 0)('dist/ source maps', () => {
  it('carry the text of every source they name', () => {
    const missing = found.filter((file) => {
      const map = JSON.parse(readFileSync(file, 'utf8')) as { sources: string[]; sourcesContent?: Array<string | null> }
      return map.sources.some((_, i) => typeof map.sourcesContent?.[i] !== 'string')
    })
    expect(missing.map((file) => file.slice(DIST.length))).toEqual([])
    expect(found.length).toBeGreaterThan(100)
  })
})
