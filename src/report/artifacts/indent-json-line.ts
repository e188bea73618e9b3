import { isUtf8 } from 'node:buffer'
import type { ByteOut } from './byte-out.ts'

/**
 * A record's text in `results.json` made from the JSON line it was read from
 * (results.jsonl), byte for byte what `JSON.stringify(sortKeys({ ...record,
 * runId }), null, 2)` gives at that depth, without parsing the line into
 * values and serialising them again: the line's tokens are copied, line
 * breaks and indentation put between them, an object's members reordered
 * when its keys are not in order, and the record's `runId` value replaced.
 *
 * Only a line written the way `JSON.stringify` writes is copied: no
 * whitespace between tokens, valid UTF-8, string escapes only where
 * `JSON.stringify` makes them (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t` and
 * `\u00xx` for the other control characters), numbers in JavaScript's form
 * (no `1.0`, `1E5`, `-0`, `0.0000001`, leading zeros; at most 17 significant
 * digits, taken to be the shortest that round-trips, as JSON.stringify and
 * every shortest-round-trip writer make them), plain keys (ASCII, no
 * escapes, not starting with a digit, not `__proto__`, no key twice), the
 * record's `runId` present. Anything else returns false with `out` as it was,
 * and the caller serialises the parsed record instead. The line must be
 * valid JSON (it is parsed before this is called).
 *
 * `depth`: the indentation level of the record's braces (2 in results.json's
 * `cases`); `runIdJson`: the run id's JSON text.
 */
export function indentRecordLine(line: Uint8Array, depth: number, runIdJson: Uint8Array, out: ByteOut): boolean {
  const start = out.length
  if (!isUtf8(line)) return false
  // a plain view: a Buffer's own views are slower to make and to index
  indenter.src = new Uint8Array(line.buffer, line.byteOffset, line.length)
  indenter.out = out
  indenter.i = 0
  indenter.backslash = line.indexOf(BACKSLASH)
  indenter.runId = runIdJson
  indenter.runIdSeen = false
  try {
    if (line[0] !== OPEN_OBJECT) throw NOT_COPIED
    indenter.object(depth, true)
    if (indenter.i !== line.length || !indenter.runIdSeen) throw NOT_COPIED
    return true
  } catch (error) {
    if (error !== NOT_COPIED) throw error
    out.length = start
    return false
  } finally {
    indenter.src = EMPTY
    indenter.members.length = 0
  }
}

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const COMMA = 0x2c
const COLON = 0x3a
const MINUS = 0x2d
const PLUS = 0x2b
const DOT = 0x2e
const ZERO = 0x30
const NINE = 0x39
const LOWER_E = 0x65
const UPPER_E = 0x45
const LOWER_U = 0x75
const MAX_DEPTH = 48
const EMPTY = new Uint8Array(0)
const ascii = (text: string): Uint8Array => new TextEncoder().encode(text)
const RUN_ID = ascii('runId')
const PROTO = ascii('__proto__')
const LITERALS = [ascii('true'), ascii('false'), ascii('null')]
/** Thrown inside the copy when the line is not as JSON.stringify writes it (never seen outside this file). */
const NOT_COPIED = Symbol('not copied')

/** `\b \t \n \f \r` have short escapes; JSON.stringify writes `\u00xx` only for the other control characters. */
const SHORT_ESCAPE = new Uint8Array(128)
for (const c of '"\\bfnrt') SHORT_ESCAPE[c.charCodeAt(0)] = 1
const HAS_SHORT_FORM = new Set([8, 9, 10, 12, 13])

class Indenter {
  src: Uint8Array = EMPTY
  out!: ByteOut
  i = 0
  /** The next backslash at or after the last string scanned (-1: none in the rest of the line). */
  backslash = -1
  runId: Uint8Array = EMPTY
  runIdSeen = false
  /** Per member of the objects being copied: key start, key end (in the line), text start, text end (in out). */
  readonly members: number[] = []
  /** Reused by `rewrite`: the object's text while it is rewritten. */
  scratch = new Uint8Array(1 << 16)
  /**
   * Key lists seen (a record's, its timings', an evaluation's: the same few
   * in every line a writer wrote), each checked and with the order that
   * sorts it: an object whose keys are one of them is neither checked nor
   * sorted again. Kept for the process, at most MAX_SHAPES, the oldest
   * replaced.
   */
  readonly shapes: Shape[] = []
  nextShape = 0

  value(depth: number): void {
    const c = this.src[this.i] as number
    if (c === QUOTE) this.string()
    else if (c === OPEN_OBJECT) this.object(depth, false)
    else if (c === OPEN_ARRAY) this.array(depth)
    else if (c === MINUS || (c >= ZERO && c <= NINE)) this.number()
    else this.literal()
  }

  object(depth: number, record: boolean): void {
    if (depth >= MAX_DEPTH) throw NOT_COPIED
    const { src, out, members } = this
    out.byte(OPEN_OBJECT)
    this.i++
    if (src[this.i] === CLOSE_OBJECT) {
      out.byte(CLOSE_OBJECT)
      this.i++
      return
    }
    const base = members.length
    let sorted = true
    // the shapes (key lists seen before) this object's keys have matched so far, one bit each; their keys are checked already
    let live = (1 << this.shapes.length) - 1
    let k = 0
    for (;; k++) {
      if (src[this.i] !== QUOTE) throw NOT_COPIED
      const keyStart = this.i + 1
      let keyEnd = -1
      if (live !== 0) {
        live = this.matching(live, k, keyStart)
        if (live !== 0) keyEnd = keyStart + ((this.shapes[31 - Math.clz32(live & -live)] as Shape).keys[k] as Uint8Array).length
        // the keys before this one matched a shape: whether they are in order is worked out now
        else sorted = inOrder(src, members, base)
      }
      if (keyEnd === -1) {
        keyEnd = src.indexOf(QUOTE, keyStart)
        this.plainKey(keyStart, keyEnd)
        if (members.length > base && compareKeys(src, members[members.length - 4] as number, members[members.length - 3] as number, keyStart, keyEnd) >= 0) sorted = false
      }
      const textStart = out.length
      this.indent(depth + 1)
      out.copy(src, keyStart - 1, keyEnd + 1)
      out.byte(COLON)
      out.byte(0x20)
      this.i = keyEnd + 1
      if (src[this.i] !== COLON) throw NOT_COPIED
      this.i++
      if (record && keyEnd - keyStart === 5 && sameBytes(src, keyStart, RUN_ID)) {
        // the record's run id is the run's: its value in the line is read past and replaced
        const at = out.length
        this.value(depth + 1)
        out.length = at
        out.copy(this.runId, 0, this.runId.length)
        this.runIdSeen = true
      } else this.value(depth + 1)
      members.push(keyStart, keyEnd, textStart, out.length)
      const next = src[this.i]
      this.i++
      if (next === CLOSE_OBJECT) break
      if (next !== COMMA) throw NOT_COPIED
      out.byte(COMMA)
    }
    const shape = live === 0 ? null : this.shapeOf(live, k + 1)
    if (shape !== null) {
      if (shape.order !== null) this.rewrite(base, shape.order)
    } else {
      if (live !== 0) sorted = inOrder(src, members, base)
      const order = sorted ? null : this.reorder(base)
      this.remember(base, order)
    }
    members.length = base
    this.indent(depth)
    out.byte(CLOSE_OBJECT)
  }

  array(depth: number): void {
    if (depth >= MAX_DEPTH) throw NOT_COPIED
    const { src, out } = this
    out.byte(OPEN_ARRAY)
    this.i++
    if (src[this.i] === CLOSE_ARRAY) {
      out.byte(CLOSE_ARRAY)
      this.i++
      return
    }
    for (;;) {
      const first = src[this.i] as number
      if (first === MINUS || (first >= ZERO && first <= NINE)) {
        // a run of numbers (timings' inter-token gaps: most of a record's tokens) in one tight loop
        if (this.numbers(depth + 1)) break
        continue
      }
      this.indent(depth + 1)
      this.value(depth + 1)
      const next = src[this.i]
      this.i++
      if (next === CLOSE_ARRAY) break
      if (next !== COMMA) throw NOT_COPIED
      out.byte(COMMA)
    }
    this.indent(depth)
    out.byte(CLOSE_ARRAY)
  }

  /** A string token copied whole; its escapes must be JSON.stringify's own. */
  string(): void {
    const { src } = this
    const start = this.i
    let p = start + 1
    for (;;) {
      const quote = src.indexOf(QUOTE, p)
      if (quote === -1) throw NOT_COPIED
      if (this.backslash !== -1 && this.backslash < p) this.backslash = src.indexOf(BACKSLASH, p)
      const escape = this.backslash
      if (escape === -1 || escape > quote) {
        p = quote + 1
        break
      }
      const e = src[escape + 1] as number
      if (e === LOWER_U) {
        // \u00xx for a control character without a short form, lowercase hex: anything else JSON.stringify writes as the character
        if (src[escape + 2] !== ZERO || src[escape + 3] !== ZERO) throw NOT_COPIED
        const code = hexDigit(src[escape + 4] as number) * 16 + hexDigit(src[escape + 5] as number)
        if (code >= 0x20 || HAS_SHORT_FORM.has(code)) throw NOT_COPIED
        p = escape + 6
      } else if (e < 128 && SHORT_ESCAPE[e] === 1) p = escape + 2
      else throw NOT_COPIED
      this.backslash = src.indexOf(BACKSLASH, p)
    }
    this.out.copy(src, start, p)
    this.i = p
  }

  number(): void {
    const { src } = this
    const start = this.i
    const p = numberEnd(src, start)
    this.out.copy(src, start, p)
    this.i = p
  }

  /**
   * Numbers of an array, each on its line, from `i` while they last: true at
   * the array's end (`]` read), false before an element that is no number
   * (`,` read).
   */
  numbers(depth: number): boolean {
    const { src, out } = this
    const width = 1 + 2 * depth
    let p = this.i
    for (;;) {
      const start = p
      p = numberEnd(src, start)
      const n = p - start
      if (out.length + width + n + 1 > out.bytes.length) out.reserve(width + n + 1)
      const bytes = out.bytes
      let at = out.length
      bytes[at++] = 0x0a
      for (let k = 1; k < width; k++) bytes[at++] = 0x20
      for (let k = start; k < p; k++) bytes[at++] = src[k] as number
      const next = src[p++]
      if (next === CLOSE_ARRAY) {
        out.length = at
        this.i = p
        return true
      }
      if (next !== COMMA) throw NOT_COPIED
      bytes[at++] = COMMA
      out.length = at
      const c = src[p] as number
      if (!(c === MINUS || (c >= ZERO && c <= NINE))) {
        this.i = p
        return false
      }
    }
  }

  literal(): void {
    for (const word of LITERALS) {
      if (sameBytes(this.src, this.i, word)) {
        this.out.copy(word, 0, word.length)
        this.i += word.length
        return
      }
    }
    throw NOT_COPIED
  }

  indent(depth: number): void {
    this.out.byte(0x0a)
    this.out.fill(0x20, 2 * depth)
  }

  /** Keys that sort and compare the same as the strings they stand for: ASCII, no escape, not array-index-like, not `__proto__`. */
  plainKey(start: number, end: number): void {
    const { src } = this
    if (end === -1) throw NOT_COPIED
    const first = src[start] as number
    if (first >= ZERO && first <= NINE) throw NOT_COPIED
    for (let p = start; p < end; p++) {
      const c = src[p] as number
      if (c >= 0x80 || c === BACKSLASH) throw NOT_COPIED
    }
    if (end - start === PROTO.length && sameBytes(src, start, PROTO)) throw NOT_COPIED
  }

  /** The object's members (from `base` on) rewritten in key order; two equal keys are not copied (JSON.parse keeps the last). Returns the order (member numbers, in key order). */
  reorder(base: number): Int32Array {
    const { src, members } = this
    const count = (members.length - base) / 4
    const order = new Int32Array(count)
    // insertion sort: an object has a few dozen keys at most
    for (let k = 0; k < count; k++) {
      const m = base + 4 * k
      const keyStart = members[m] as number
      const keyEnd = members[m + 1] as number
      let j = k
      for (; j > 0; j--) {
        const other = base + 4 * (order[j - 1] as number)
        const c = compareKeys(src, members[other] as number, members[other + 1] as number, keyStart, keyEnd)
        if (c === 0) throw NOT_COPIED
        if (c < 0) break
        order[j] = order[j - 1] as number
      }
      order[j] = k
    }
    this.rewrite(base, order)
    return order
  }

  /** The object's members (from `base` on) rewritten in this order (member numbers). */
  rewrite(base: number, order: Int32Array): void {
    const { out, members } = this
    const regionStart = members[base + 2] as number
    const regionEnd = out.length
    if (this.scratch.length < regionEnd - regionStart) this.scratch = new Uint8Array(Math.max(regionEnd - regionStart, this.scratch.length * 2))
    const scratch = this.scratch
    scratch.set(new Uint8Array(out.bytes.buffer, out.bytes.byteOffset + regionStart, regionEnd - regionStart))
    out.length = regionStart
    for (let k = 0; k < order.length; k++) {
      const m = base + 4 * (order[k] as number)
      if (k > 0) out.byte(COMMA)
      out.copy(scratch, (members[m + 2] as number) - regionStart, (members[m + 3] as number) - regionStart)
    }
  }

  /** Of the shapes in `live` (bits), those whose key `k` is the one at `keyStart` (its bytes, then a quote). */
  matching(live: number, k: number, keyStart: number): number {
    const { src } = this
    let left = live
    for (let bits = live; bits !== 0; bits &= bits - 1) {
      const at = 31 - Math.clz32(bits & -bits)
      const key = (this.shapes[at] as Shape).keys[k]
      if (key === undefined || src[keyStart + key.length] !== QUOTE || !sameBytes(src, keyStart, key)) left &= ~(1 << at)
    }
    return left
  }

  /** The shape in `live` with exactly `count` keys (all matched), or null. */
  shapeOf(live: number, count: number): Shape | null {
    for (let bits = live; bits !== 0; bits &= bits - 1) {
      const shape = this.shapes[31 - Math.clz32(bits & -bits)] as Shape
      if (shape.keys.length === count) return shape
    }
    return null
  }

  /** The object's keys (from `base` on, checked and without a key twice) kept as a shape, with the order that sorts them. */
  remember(base: number, order: Int32Array | null): void {
    const { src, members } = this
    const keys: Uint8Array[] = []
    for (let m = base; m < members.length; m += 4) keys.push(src.slice(members[m] as number, members[m + 1] as number))
    this.shapes[this.nextShape] = { keys, order }
    this.nextShape = (this.nextShape + 1) % MAX_SHAPES
  }
}

const indenter = new Indenter()

/** An object's keys in the order met (bytes, no quotes) and the member numbers in key order (null: in order already). */
interface Shape {
  keys: Uint8Array[]
  order: Int32Array | null
}

/** Shapes kept (one bit each in a 32-bit mask). */
const MAX_SHAPES = 31

/** Whether the members from `base` on are in strictly ascending key order. */
function inOrder(src: Uint8Array, members: readonly number[], base: number): boolean {
  for (let m = base + 4; m < members.length; m += 4) if (compareKeys(src, members[m - 4] as number, members[m - 3] as number, members[m] as number, members[m + 1] as number) >= 0) return false
  return true
}

function compareKeys(src: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const n = Math.min(aEnd - aStart, bEnd - bStart)
  for (let k = 0; k < n; k++) {
    const d = (src[aStart + k] as number) - (src[bStart + k] as number)
    if (d !== 0) return d
  }
  return aEnd - aStart - (bEnd - bStart)
}

function sameBytes(src: Uint8Array, at: number, word: Uint8Array): boolean {
  if (at + word.length > src.length) return false
  for (let k = 0; k < word.length; k++) if (src[at + k] !== word[k]) return false
  return true
}

function hexDigit(c: number): number {
  if (c >= ZERO && c <= NINE) return c - ZERO
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10
  throw NOT_COPIED
}

/** The end of the number token at `start`, when it is as JavaScript prints it (else NOT_COPIED is thrown). */
function numberEnd(src: Uint8Array, start: number): number {
  const end = plainNumberEnd(src, start)
  if (end !== -1) return end
  let p = start
  for (; p < src.length; p++) {
    const c = src[p] as number
    if (!((c >= ZERO && c <= NINE) || c === MINUS || c === PLUS || c === DOT || c === LOWER_E || c === UPPER_E)) break
  }
  if (!isJsNumberText(src, start, p)) throw NOT_COPIED
  return p
}

/**
 * The common case of {@link numberEnd} in one pass: a number without an
 * exponent, as JavaScript prints it (the same acceptance as
 * `isJsNumberText`), its end; -1 for anything else (an exponent, many
 * digits, a wrong spelling: the full check decides).
 */
function plainNumberEnd(src: Uint8Array, at: number): number {
  let p = at
  let c = src[p] as number
  const negative = c === MINUS
  if (negative) c = src[++p] as number
  const intStart = p
  if (c === ZERO) c = src[++p] as number
  else {
    if (!(c > ZERO && c <= NINE)) return -1
    do c = src[++p] as number
    while (c >= ZERO && c <= NINE)
  }
  const intDigits = p - intStart
  const intIsZero = src[intStart] === ZERO
  if (c === DOT) {
    const fracStart = ++p
    c = src[p] as number
    while (c >= ZERO && c <= NINE) c = src[++p] as number
    if (p === fracStart || src[p - 1] === ZERO) return -1
    if (intIsZero) {
      let zeros = fracStart
      while (src[zeros] === ZERO) zeros++
      if (zeros - fracStart > 5 || p - zeros > 17) return -1
    } else if (intDigits + (p - fracStart) > 17) return -1
  } else if (intIsZero ? negative : intDigits > 17) return -1
  // what follows must end the token (else the full check sees it whole)
  if ((c >= ZERO && c <= NINE) || c === DOT || c === LOWER_E || c === UPPER_E || c === PLUS || c === MINUS) return -1
  return p
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= ZERO && c <= NINE

/**
 * Whether `src[start, end)` is a number as JavaScript prints it
 * (Number.prototype.toString): `-`, then digits with no leading zero and no
 * trailing zero after a point, plain from 1e-6 up to below 1e21 and
 * `d[.ddd]e±x` outside it; 17 significant digits at most; never `-0`. A
 * finite number's shortest round-trip digits are taken to be what is there.
 */
export function isJsNumberText(src: Uint8Array, start: number, end: number): boolean {
  let p = start
  const negative = src[p] === MINUS
  if (negative) p++
  const intStart = p
  if (src[p] === ZERO) p++
  else {
    if (!isDigit(src[p])) return false
    while (p < end && isDigit(src[p])) p++
  }
  const intEnd = p
  let fracStart = p
  let fracEnd = p
  if (p < end && src[p] === DOT) {
    p++
    fracStart = p
    while (p < end && isDigit(src[p])) p++
    fracEnd = p
    if (fracEnd === fracStart || src[fracEnd - 1] === ZERO) return false
  }
  const intDigits = intEnd - intStart
  const fracDigits = fracEnd - fracStart
  const intIsZero = src[intStart] === ZERO
  if (p < end) {
    // d[.ddd]e+x or d[.ddd]e-x: a nonzero single digit before the point, an exponent of 21 and up or -7 and down
    if (src[p] !== LOWER_E || intDigits !== 1 || intIsZero || 1 + fracDigits > 17) return false
    p++
    const sign = src[p]
    if (sign !== PLUS && sign !== MINUS) return false
    p++
    if (src[p] === ZERO) return false
    let exponent = 0
    const expStart = p
    while (p < end && isDigit(src[p])) exponent = exponent * 10 + ((src[p++] as number) - ZERO)
    if (p !== end || p === expStart || exponent > 300) return false
    return sign === PLUS ? exponent >= 21 : exponent >= 7
  }
  if (intIsZero) {
    if (fracDigits === 0) return !negative
    // 0.00000d at the smallest: a smaller number is printed with an exponent
    let zeros = fracStart
    while (zeros < fracEnd && src[zeros] === ZERO) zeros++
    return zeros - fracStart <= 5 && fracEnd - zeros <= 17
  }
  if (intDigits > 21) return false
  if (fracDigits > 0) return intDigits + fracDigits <= 17
  let trailing = 0
  while (src[intEnd - 1 - trailing] === ZERO) trailing++
  return intDigits - trailing <= 17
}
