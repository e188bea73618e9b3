import { writeFileAtomic } from './atomic-write.ts'
import { sortKeys } from './stable-json.ts'

/**
 * Writes `stableStringify(value, indent)` to a file, byte for byte, without
 * building the whole text or a sorted copy of the whole tree: big arrays and
 * the outer levels are written piece by piece, each element stringified alone.
 * A 10,000-case results.json otherwise needs a second copy of every record and
 * a string of tens of MB at once. Atomic and whole (see atomic-write.ts): a
 * reader sees the old file or the new one, never a cut one; a failed write
 * throws a FileWriteError naming the file and the errno.
 */
export function writeStableJsonFile(file: string, value: unknown, indent = 2): void {
  writeFileAtomic(file, (write) => {
    const out = new ChunkWriter(write)
    writeValue(out, value, indent, 0)
    out.write('\n')
    out.flush()
  })
}

/** Containers with at least this many entries (or at the top levels) are written entry by entry. */
const STREAM_ENTRIES = 64
const STREAM_DEPTH = 2

class ChunkWriter {
  readonly #sink: (chunk: string) => void
  #parts: string[] = []
  #size = 0

  constructor(sink: (chunk: string) => void) {
    this.#sink = sink
  }

  write(text: string): void {
    this.#parts.push(text)
    this.#size += text.length
    if (this.#size >= 1 << 20) this.flush()
  }

  flush(): void {
    if (this.#parts.length === 0) return
    this.#sink(this.#parts.join(''))
    this.#parts = []
    this.#size = 0
  }
}

function writeValue(out: ChunkWriter, value: unknown, indent: number, depth: number): void {
  const pad = ' '.repeat(indent * (depth + 1))
  const close = ' '.repeat(indent * depth)
  if (Array.isArray(value) && value.length > 0 && (depth < STREAM_DEPTH || value.length >= STREAM_ENTRIES)) {
    out.write('[')
    value.forEach((item, i) => {
      out.write(`${i === 0 ? '' : ','}\n${pad}`)
      // JSON.stringify writes undefined, functions and symbols in arrays as null
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') out.write('null')
      else writeValue(out, item, indent, depth + 1)
    })
    out.write(`\n${close}]`)
    return
  }
  if (isPlainObject(value) && depth < STREAM_DEPTH) {
    const keys = Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined && typeof value[k] !== 'function' && typeof value[k] !== 'symbol')
    if (keys.length === 0) {
      out.write('{}')
      return
    }
    out.write('{')
    keys.forEach((key, i) => {
      out.write(`${i === 0 ? '' : ','}\n${pad}${JSON.stringify(key)}: `)
      writeValue(out, value[key], indent, depth + 1)
    })
    out.write(`\n${close}}`)
    return
  }
  const text = JSON.stringify(sortKeys(value), null, indent)
  // strings in JSON hold no raw line breaks: every one is the layout's, to be indented to this depth
  out.write(depth === 0 ? text : text.replaceAll('\n', `\n${close}`))
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function'
}
