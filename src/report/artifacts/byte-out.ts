/**
 * A growing run of bytes that text is built into without intermediate
 * strings: bytes copied from a read buffer, single bytes, strings encoded in
 * place. `length` may be cut back (an attempt given up). Handed to a file in
 * pieces with `take` (the bytes stay valid until the next write).
 */
export class ByteOut {
  bytes: Buffer
  length = 0

  constructor(capacity = 1 << 16) {
    this.bytes = Buffer.allocUnsafe(capacity)
  }

  /** Room for `more` bytes after `length`. */
  reserve(more: number): void {
    const needed = this.length + more
    if (needed <= this.bytes.length) return
    const bigger = Buffer.allocUnsafe(Math.max(needed, this.bytes.length * 2))
    this.bytes.copy(bigger, 0, 0, this.length)
    this.bytes = bigger
  }

  byte(b: number): void {
    if (this.length === this.bytes.length) this.reserve(1)
    this.bytes[this.length++] = b
  }

  /** `source[start, end)` appended. */
  copy(source: Uint8Array, start: number, end: number): void {
    const n = end - start
    if (this.length + n > this.bytes.length) this.reserve(n)
    const bytes = this.bytes
    let at = this.length
    // a short run byte by byte: a view for it (a Buffer's subarray above all) costs more than the copy
    if (n <= 64) for (let k = start; k < end; k++) bytes[at++] = source[k] as number
    else bytes.set(new Uint8Array(source.buffer, source.byteOffset + start, n), at)
    this.length += n
  }

  /** `count` times the byte `b`. */
  fill(b: number, count: number): void {
    if (this.length + count > this.bytes.length) this.reserve(count)
    const bytes = this.bytes
    const end = this.length + count
    for (let k = this.length; k < end; k++) bytes[k] = b
    this.length = end
  }

  /** A string appended as UTF-8. */
  text(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit: no scan of a short string to size it
    this.reserve(s.length < 1 << 16 ? s.length * 3 : Buffer.byteLength(s, 'utf8'))
    this.length += this.bytes.write(s, this.length, 'utf8')
  }

  /** The bytes so far (a view: valid until the next write), and the run emptied. */
  take(): Uint8Array {
    const out = this.bytes.subarray(0, this.length)
    this.length = 0
    return out
  }
}
