import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { writeFully } from '../../src/record/atomic-write.ts'

const dir = mkdtempSync(join(tmpdir(), 'llm-bench-write-fully-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('strings of every size, one after another, each written as its own UTF-8 bytes (the encoding buffer is reused, never mixed)', () => {
  const file = join(dir, 'out.txt')
  const fd = openSync(file, 'w')
  // growing, shrinking, multi-byte (é, emoji, U+2028), and one over the reused buffer's 4 MiB
  const pieces = ['a', 'é'.repeat(70_000), 'short', '😀\u2028'.repeat(300_000), 'x'.repeat(5 << 20), 'tail é']
  for (const piece of pieces) writeFully(fd, piece)
  writeFully(fd, new TextEncoder().encode('bytes'))
  closeSync(fd)
  expect(readFileSync(file, 'utf8')).toBe(`${pieces.join('')}bytes`)
})
