import { closeSync, openSync, readSync } from 'node:fs'

/** One newline-terminated line of a file: its 1-based number, where it starts (byte offset) and its bytes (without the newline). */
export interface RawLine {
  line: number
  offset: number
  /** Valid only during the call: a view into the read buffer. */
  bytes: Buffer
}

/** The text after the last newline (a line its writer never finished), or none. */
export interface UnterminatedTail {
  line: number
  offset: number
  length: number
}

/** How many bytes one read takes. */
export const CHUNK_BYTES = 1 << 20

/**
 * Calls `each` for every newline-terminated line of `file`, in order, reading
 * it a chunk at a time: memory stays that of one chunk and the longest line,
 * whatever the size of the file. Returns the unterminated tail, if any; a
 * missing file has no lines (null).
 */
export function forEachLine(file: string, each: (line: RawLine) => void, chunkBytes = CHUNK_BYTES): { tail: UnterminatedTail | null } | null {
  let fd: number
  try {
    fd = openSync(file, 'r')
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null
    throw error
  }
  try {
    const chunk = Buffer.allocUnsafe(chunkBytes)
    // the start of a line that spans chunks
    let carry: Buffer[] = []
    let carried = 0
    let position = 0
    let lineStart = 0
    let line = 1
    for (;;) {
      const n = readSync(fd, chunk, 0, chunkBytes, position)
      if (n === 0) break
      const view = chunk.subarray(0, n)
      let from = 0
      for (let nl = view.indexOf(0x0a, from); nl !== -1; nl = view.indexOf(0x0a, from)) {
        const piece = view.subarray(from, nl)
        each({ line, offset: lineStart, bytes: carried === 0 ? piece : Buffer.concat([...carry, piece]) })
        carry = []
        carried = 0
        line++
        lineStart = position + nl + 1
        from = nl + 1
      }
      if (from < n) {
        // copied: the chunk is read into again
        carry.push(Buffer.from(view.subarray(from)))
        carried += n - from
      }
      position += n
    }
    return { tail: carried > 0 ? { line, offset: lineStart, length: carried } : null }
  } finally {
    closeSync(fd)
  }
}

/** A line's text; null when it is too long for one string (the engine's limit, about 512 MB). */
export function lineText(bytes: Buffer): string | null {
  try {
    return bytes.toString('utf8')
  } catch {
    return null
  }
}
