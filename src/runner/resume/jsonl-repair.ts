import { readFileSync, truncateSync } from 'node:fs'
import { writeFileAtomic } from '../../record/atomic-write.ts'
import { caseSlotString } from './keys.ts'
import { readJsonlLines } from './read-records.ts'

/**
 * Cuts an unfinished last line (a writer killed in the middle of a line) off
 * `results.jsonl`, so that the next appended record starts on a line of its
 * own. Returns whether there was one.
 */
export function dropUnterminatedTail(file: string): boolean {
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return false
    throw error
  }
  if (bytes.length === 0 || bytes[bytes.length - 1] === 0x0a) return false
  truncateSync(file, bytes.lastIndexOf(0x0a) + 1)
  return true
}

/**
 * Rewrites `results.jsonl` after a resumed run so that it holds what an
 * uninterrupted run would have written: the newest record of each case and
 * provider (a re-run replaces a cancelled attempt, or the record of a request
 * that has since changed), in file order, without lines that are no records.
 * Written to a temporary file and renamed over the old one, so a kill leaves
 * either file whole. Returns how many lines were dropped.
 */
export function compactJsonl(file: string): number {
  const lines = readJsonlLines(file)
  const last = new Map<string, number>()
  lines.forEach((line, i) => {
    if (line.record) last.set(caseSlotString(line.record), i)
  })
  const kept = lines.filter((line, i) => line.record !== null && last.get(caseSlotString(line.record)) === i)
  if (kept.length === lines.length) return 0
  writeFileAtomic(file, kept.map((line) => `${line.text}\n`).join(''))
  return lines.length - kept.length
}
