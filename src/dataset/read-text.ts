/**
 * A text file's bytes as a string: UTF-8 (with or without a byte order mark),
 * or UTF-16/UTF-32 announced by their byte order mark (Windows editors save
 * "Unicode" as UTF-16 LE with a BOM). Anything else that is not valid UTF-8 is
 * refused with the place of the first bad byte, instead of being read as
 * replacement characters or NUL-riddled text.
 */

export type DecodedText =
  | { ok: true; text: string; encoding: TextEncodingName }
  | { ok: false; line: number; column: number; expected: string; found: string; message: string }

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be'

const EXPECTED = 'UTF-8 text (or UTF-16/UTF-32 with a byte order mark)'

/** Decodes by the byte order mark; without one the bytes must be UTF-8. */
export function decodeText(bytes: Uint8Array): DecodedText {
  const bom = byteOrderMark(bytes)
  if (bom === null) return decodeUtf8(bytes)
  const body = bytes.subarray(bom.length)
  if (bom.encoding === 'utf-8') return decodeUtf8(body)
  if (bom.encoding === 'utf-16le' || bom.encoding === 'utf-16be') return decodeUtf16(body, bom.encoding)
  return decodeUtf32(body, bom.encoding)
}

function byteOrderMark(bytes: Uint8Array): { encoding: TextEncodingName; length: number } | null {
  const [a, b, c, d] = bytes
  // UTF-32 LE's mark starts with UTF-16 LE's: look at it first
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return { encoding: 'utf-32le', length: 4 }
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return { encoding: 'utf-32be', length: 4 }
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 }
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 }
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 }
  return null
}

function decodeUtf8(bytes: Uint8Array): DecodedText {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return notUtf8(bytes)
  }
  // NUL is valid UTF-8 but never in a text file: ASCII saved as UTF-16 without a mark is every other byte NUL
  const nul = text.indexOf('\0')
  if (nul >= 0) {
    const { line, column } = position(text, nul)
    const found = 'NUL bytes (UTF-16 or UTF-32 without a byte order mark?)'
    return { ok: false, line, column, expected: EXPECTED, found, message: `expected ${EXPECTED}, found ${found}; save the file as UTF-8` }
  }
  return { ok: true, text, encoding: 'utf-8' }
}

/** Where the first byte that is not UTF-8 is, and a guess at the encoding (UTF-16 without a mark has NUL bytes). */
function notUtf8(bytes: Uint8Array): DecodedText {
  const lenient = new TextDecoder('utf-8').decode(bytes)
  const bad = lenient.indexOf('\uFFFD')
  const { line, column } = position(lenient, bad < 0 ? 0 : bad)
  const guess = bytes.includes(0) ? 'NUL bytes (UTF-16 or UTF-32 without a byte order mark?)' : 'a byte sequence that is not UTF-8 (Latin-1 or another legacy encoding?)'
  const message = `expected ${EXPECTED}, found ${guess}; save the file as UTF-8`
  return { ok: false, line, column, expected: EXPECTED, found: guess, message }
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  if (bytes.length % 2 !== 0) return truncated(encoding, bytes.length, 2)
  if (encoding === 'utf-16le') return { ok: true, text: new TextDecoder('utf-16le').decode(bytes), encoding }
  const swapped = new Uint8Array(bytes.length)
  for (let i = 0; i < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1] ?? 0
    swapped[i + 1] = bytes[i] ?? 0
  }
  return { ok: true, text: new TextDecoder('utf-16le').decode(swapped), encoding }
}

function decodeUtf32(bytes: Uint8Array, encoding: 'utf-32le' | 'utf-32be'): DecodedText {
  if (bytes.length % 4 !== 0) return truncated(encoding, bytes.length, 4)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const parts: string[] = []
  for (let offset = 0; offset < bytes.length; offset += 4) {
    const code = view.getUint32(offset, encoding === 'utf-32le')
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      const { line, column } = position(parts.join(''), parts.join('').length)
      const found = `code point 0x${code.toString(16)}, which is not a character`
      return { ok: false, line, column, expected: `${encoding.toUpperCase()} text`, found, message: `expected ${encoding.toUpperCase()} text, found ${found}` }
    }
    parts.push(String.fromCodePoint(code))
  }
  return { ok: true, text: parts.join(''), encoding }
}

function truncated(encoding: TextEncodingName, length: number, unit: number): DecodedText {
  const expected = `${encoding.toUpperCase()} text (a whole number of ${unit}-byte units after the byte order mark)`
  const found = `${length} bytes`
  return { ok: false, line: 1, column: 1, expected, found, message: `expected ${expected}, found ${found}` }
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n')
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 }
}
