import { closeSync, fstatSync, openSync, readSync, truncateSync } from 'node:fs'
import { writeFileAtomic } from '../../record/atomic-write.ts'
import { forEachLine, lineText } from './jsonl-lines.ts'
import { caseSlotString } from './keys.ts'
import { forEachRecordLine } from './read-records.ts'

/** How far back from the end one read looks for the last newline. */
const TAIL_STEP = 64 * 1024

/**
 * Cuts an unfinished last line (a writer killed in the middle of a line) off
 * `results.jsonl`, so that the next appended record starts on a line of its
 * own. Returns whether there was one. Reads the file from its end, back to its
 * last newline only.
 */
export function dropUnterminatedTail(file: string): boolean {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return false
    throw error
  }
  let keep: number
  try {
    const size = fstatSync(fd).size
    if (size === 0) return false
    keep = lastNewlineEnd(fd, size)
  } finally {
    closeSync(fd)
  }
  if (keep === -1) return false
  truncateSync(file, keep)
  return true
}

/** Where the complete lines end (just after the last newline; 0 for none); -1 when the file ends with a newline. */
function lastNewlineEnd(fd: number, size: number): number {
  const buffer = Buffer.allocUnsafe(TAIL_STEP)
  for (let end = size; end > 0; end -= TAIL_STEP) {
    const start = Math.max(0, end - TAIL_STEP)
    const n = readSync(fd, buffer, 0, end - start, start)
    const at = buffer.subarray(0, n).lastIndexOf(0x0a)
    if (end === size && at === n - 1) return -1
    if (at !== -1) return start + at + 1
  }
  return 0
}

/**
 * Rewrites `results.jsonl` after a resumed run so that it holds what an
 * uninterrupted run would have written: the newest record of each case and
 * provider (a re-run replaces a cancelled attempt, or the record of a request
 * that has since changed), in file order, without lines that are no records.
 * Written to a temporary file and renamed over the old one, so a kill leaves
 * either file whole. Two passes over the file, in bounded memory (a number
 * per case). Returns how many lines were dropped.
 */
export function compactJsonl(file: string): number {
  const last = new Map<string, number>()
  let lines = 0
  forEachRecordLine(file, (line) => {
    lines++
    if (line.record) last.set(caseSlotString(line.record), line.line)
  })
  if (last.size === lines) return 0
  const kept = new Set(last.values())
  writeFileAtomic(file, (write) => {
    let pending = ''
    forEachLine(file, ({ line, bytes }) => {
      if (!kept.has(line)) return
      pending += `${lineText(bytes) ?? ''}\n`
      if (pending.length >= 1 << 20) {
        write(pending)
        pending = ''
      }
    })
    if (pending !== '') write(pending)
  })
  return lines - kept.size
}
