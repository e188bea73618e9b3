import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { cacheDir, type Env } from '../providers/local/cache-dir.ts'
import type { CaseTexts } from './case-texts-of.ts'

/**
 * The case texts of YAML dataset files, kept by the file's text: a run's
 * workers parse each dataset file to register its cases, and store its texts
 * here as JSON (`storeCaseTexts`); the run's end, which shows them in
 * report.html, reads them back (`cachedCaseTexts`) instead of parsing the
 * YAML again (the `yaml` package reads ~2 MB/s: 100,000 cases in ten 0.9 MB
 * files took ~7 s of a thread, 3 s of it collecting the parse's garbage).
 *
 * An entry is named by the SHA-256 of the file's text (and this format's
 * name), so an edited file is a new entry and an entry never answers for
 * other text. It lives in `<cache folder>/case-texts/` (`$LLM_BENCH_CACHE_DIR`,
 * else `$XDG_CACHE_HOME/llm-test-bench`, else `~/.cache/llm-test-bench`). It
 * holds what the dataset file says (ids, expected answers, references,
 * template variables as written, never rendered), nothing from the
 * environment. The cache is an aid, never a cause of failure: an entry that
 * is missing, unreadable or does not match its schema is read as none, and
 * an entry that cannot be written (a full disk, a read-only home) is not.
 * A dataset's variables are strings, finite numbers and booleans (its
 * schema), so the JSON an entry is holds them exactly.
 */

/** Part of every entry's name and content: a change of what is stored changes it. */
const FORMAT = 'llm-test-bench case texts 1'

/**
 * Texts shorter than this are never stored or looked for: such a file parses in
 * tens of milliseconds, and a run of small datasets leaves nothing in the cache.
 */
export const CACHE_FROM_CHARS = 64 * 1024

/** Entries kept: writing one more removes the oldest written beyond this many. */
export const MAX_ENTRIES = 200

const CaseTextsSchema: z.ZodType<CaseTexts> = z.object({
  id: z.string(),
  expected: z.string().nullable(),
  references: z.array(z.string()),
  variables: z.record(z.string(), z.unknown()),
})

const EntrySchema = z.object({ format: z.literal(FORMAT), texts: z.array(CaseTextsSchema) })

/** The folder of the entries. */
export function caseTextsCacheDir(env: Env = process.env): string {
  return join(cacheDir(env), 'case-texts')
}

/** The texts stored for a dataset file of this text, or null when there are none to be read. */
export function cachedCaseTexts(text: string, dir: string = caseTextsCacheDir()): CaseTexts[] | null {
  if (text.length < CACHE_FROM_CHARS) return null
  const file = entryFile(dir, text)
  let raw: string
  try {
    raw = readFileSync(file, 'utf8')
  } catch {
    return null
  }
  const texts = entryTexts(raw)
  // a damaged entry (cut short, edited, another version's) goes: the next store writes it again
  if (texts === null) removeQuietly(file)
  return texts
}

function entryTexts(raw: string): CaseTexts[] | null {
  try {
    const parsed = EntrySchema.safeParse(JSON.parse(raw))
    return parsed.success ? parsed.data.texts : null
  } catch {
    return null
  }
}

/** Whether texts are stored for a dataset file of this text. */
export function hasCachedCaseTexts(text: string, dir: string = caseTextsCacheDir()): boolean {
  return text.length >= CACHE_FROM_CHARS && existsSync(entryFile(dir, text))
}

/**
 * Stores the texts of a dataset file of this text, unless they are stored
 * already or the text is short (CACHE_FROM_CHARS; `texts` is then not called). Written whole under a temporary name
 * and renamed, so a reader (another worker, the run's end) sees all of it or
 * none. Never throws.
 */
export function storeCaseTexts(text: string, texts: () => CaseTexts[], dir: string = caseTextsCacheDir()): void {
  if (text.length < CACHE_FROM_CHARS) return
  const file = entryFile(dir, text)
  if (existsSync(file)) return
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(temporary, JSON.stringify({ format: FORMAT, texts: texts() }))
    renameSync(temporary, file)
  } catch {
    removeQuietly(temporary)
    return
  }
  prune(dir)
}

function entryFile(dir: string, text: string): string {
  const key = createHash('sha256').update(FORMAT).update('\0').update(text).digest('hex')
  return join(dir, `${key}.json`)
}

/** Removes the oldest entries (by the time written) beyond MAX_ENTRIES, and temporary files of writers that died an hour ago or more. */
function prune(dir: string): void {
  try {
    const names = readdirSync(dir)
    const now = Date.now()
    const entries: { file: string; at: number }[] = []
    for (const name of names) {
      const file = join(dir, name)
      const at = mtimeOf(file)
      if (at === null) continue
      if (name.endsWith('.tmp')) {
        if (now - at > STALE_TEMPORARY_MS) removeQuietly(file)
      } else if (name.endsWith('.json')) entries.push({ file, at })
    }
    if (entries.length <= MAX_ENTRIES) return
    entries.sort((a, b) => a.at - b.at)
    for (const { file } of entries.slice(0, entries.length - MAX_ENTRIES)) removeQuietly(file)
  } catch {
    // a cache that cannot be tidied is still a cache
  }
}

const STALE_TEMPORARY_MS = 60 * 60 * 1000

function mtimeOf(file: string): number | null {
  try {
    return statSync(file).mtimeMs
  } catch {
    return null
  }
}

/** Removes a file; one that is gone, or cannot be removed (its folder is not one, it is read-only), is left. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true })
  } catch {
    // nothing to do: the cache reads such a file as no entry
  }
}
