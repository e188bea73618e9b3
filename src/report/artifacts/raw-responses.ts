import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../../record/atomic-write.ts'
import type { CaseRecord } from '../../record/schema.ts'

/** Longest file name part taken from a dataset, case id or provider. */
const MAX_PART = 80

/**
 * Writes each record's raw output to
 * `<dir>/responses/<dataset>/<caseId>.<provider>[.<sample>].txt` (records
 * without output are left out); returns the files written. Names are made
 * safe: only letters, digits, `_`, `-` and inner dots survive, so a case id
 * or provider such as `openai:gpt@http://x/v1` or `..` cannot leave the
 * folder or name a device; two records that would share a name (also when
 * differing only in letter case) get `~2`, `~3`... in the order given.
 * A file that cannot be written throws a FileWriteError (the rest are not tried).
 */
export function writeRawResponses(dir: string, records: Iterable<CaseRecord>): string[] {
  const writer = new RawResponseWriter(dir)
  for (const r of records) writer.add(r)
  return writer.files
}

/** {@link writeRawResponses} a record at a time (one pass over a run's records fills every artifact). */
export class RawResponseWriter {
  readonly #root: string
  readonly #used = new Set<string>()
  readonly #folders = new Set<string>()
  /** The files written so far, in order. */
  readonly files: string[] = []

  constructor(dir: string) {
    this.#root = join(dir, 'responses')
  }

  add(r: CaseRecord): void {
    if (r.output === null) return
    const folder = safePart(r.dataset)
    const base = [safePart(r.caseId), safePart(r.provider), ...(r.sample === null ? [] : [String(r.sample)])].join('.')
    let name = `${base}.txt`
    for (let n = 2; this.#used.has(`${folder}/${name}`.toLowerCase()); n++) name = `${base}~${n}.txt`
    this.#used.add(`${folder}/${name}`.toLowerCase())
    if (!this.#folders.has(folder)) {
      mkdirSync(join(this.#root, folder), { recursive: true })
      this.#folders.add(folder)
    }
    const file = join(this.#root, folder, name)
    // whole and atomic; no fsync per file: thousands of small files a view of results.json can re-create
    writeFileAtomic(file, r.output, { fsync: false })
    this.files.push(file)
  }
}

/**
 * One file name part: characters other than letters, digits, `.`, `_`, `-`
 * become `_`; leading and trailing dots become `_` (no `.`, `..` or hidden
 * files); Windows device names get a `_` prefix; at most 80 characters.
 */
export function safePart(text: string): string {
  let part = text.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+|\.+$/g, (dots) => '_'.repeat(dots.length))
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(part)) part = `_${part}`
  if (part.length > MAX_PART) part = part.slice(0, MAX_PART)
  return part === '' ? '_' : part
}
