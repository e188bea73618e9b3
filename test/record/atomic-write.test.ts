import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, test } from 'vitest'
import { FileWriteError, writeFileAtomic, writeFileAtomicAsync, writeFully } from '../../src/record/atomic-write.ts'
import { writeArtifacts } from '../../src/report/artifacts/write-artifacts.ts'
import { JsonlWriter } from '../../src/report/jsonl-writer.ts'
import { Tmpfs, tmpfsProblem } from '../helpers/tmpfs.ts'
import { buildRunResults } from '../../src/report/run-results.ts'

/**
 * The atomic writer and results.jsonl's writer on a real full disk: a 64 KiB
 * tmpfs this test mounts (root only; skipped, saying why, elsewhere).
 */

const base = mkdtempSync(join(tmpdir(), 'llm-bench-atomic-'))
const mountProblem = tmpfsProblem()
const disks = new Tmpfs()

/** A fresh small tmpfs (unmounted after the test). */
function smallDisk(size = '64k'): string {
  return disks.mount(mkdtempSync(join(base, 'disk-')), `size=${size}`)
}

afterEach(() => disks.unmountAll())

afterAll(() => rmSync(base, { recursive: true, force: true }))

const BIG = 'x'.repeat(100 * 1024)

test('writeFileAtomic replaces a file whole, from a string or from pieces, and leaves no temporary file', () => {
  const dir = mkdtempSync(join(base, 'plain-'))
  const file = join(dir, 'sub', 'a.txt')
  writeFileAtomic(file, 'old\n')
  writeFileAtomic(file, (write) => ['n', 'e', 'w\n'].forEach(write))
  expect(readFileSync(file, 'utf8')).toBe('new\n')
  expect(readdirSync(join(dir, 'sub'))).toEqual(['a.txt'])
})

test('a folder that cannot be made is a FileWriteError naming the file', () => {
  const dir = mkdtempSync(join(base, 'blocked-'))
  writeFileSync(join(dir, 'file'), 'in the way')
  const error = catchError(() => writeFileAtomic(join(dir, 'file', 'a.txt'), 'x'))
  expect(error).toBeInstanceOf(FileWriteError)
  expect((error as FileWriteError).message).toMatch(new RegExp(`^cannot write ${join(dir, 'file', 'a.txt')}: (ENOTDIR|EEXIST) `))
})

test('JsonlWriter whose folder cannot be made: no throw, one failure, every line kept in memory', () => {
  const dir = mkdtempSync(join(base, 'nofolder-'))
  writeFileSync(join(dir, 'file'), 'in the way')
  const failures: string[] = []
  const writer = new JsonlWriter(join(dir, 'file', 'run', 'results.jsonl'), { onFailure: (f) => failures.push(f.code) })
  writer.write({ a: 1 })
  writer.write({ a: 2 })
  expect(failures).toHaveLength(1)
  expect(failures[0]).toMatch(/^(ENOTDIR|EEXIST)$/)
  expect([writer.written, writer.unwritten]).toEqual([0, 2])
  expect(writer.flushPending()).toBe(false)
  expect(writer.pendingText()).toBe('{"a":1}\n{"a":2}\n')
  writer.close()
})

describe.skipIf(mountProblem !== null)(`on a full disk${mountProblem ? ` (skipped: ${mountProblem})` : ''}`, () => {
  test('fs.writeSync writes part of the buffer without an error; writeFully goes on and fails with ENOSPC', () => {
    const disk = smallDisk()
    const fd = openSync(join(disk, 'raw'), 'w')
    const n = writeSync(fd, Buffer.from(BIG))
    closeSync(fd)
    // the premise: one write(2) is short and says nothing
    expect(n).toBeLessThan(BIG.length)
    rmSync(join(disk, 'raw'))
    const fd2 = openSync(join(disk, 'full'), 'w')
    const error = catchError(() => writeFully(fd2, BIG))
    closeSync(fd2)
    expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC')
  })

  test('writeFileAtomic: ENOSPC is a FileWriteError; the old file is untouched and no temporary file is left', () => {
    const disk = smallDisk()
    const file = join(disk, 'results.json')
    writeFileAtomic(file, '{"old":true}\n')
    const error = catchError(() => writeFileAtomic(file, BIG))
    expect(error).toBeInstanceOf(FileWriteError)
    expect((error as FileWriteError).code).toBe('ENOSPC')
    expect((error as FileWriteError).message).toBe(`cannot write ${file}: ENOSPC (no space left on device)`)
    expect(readFileSync(file, 'utf8')).toBe('{"old":true}\n')
    expect(readdirSync(disk)).toEqual(['results.json'])
  })

  test('writeFileAtomicAsync: the same on a full disk', async () => {
    const disk = smallDisk()
    const file = join(disk, 'rec.json')
    const error = await writeFileAtomicAsync(file, BIG).then(() => null, (e: unknown) => e)
    expect((error as FileWriteError).code).toBe('ENOSPC')
    expect(readdirSync(disk)).toEqual([])
  })

  test('JsonlWriter: a full disk never throws; the file keeps whole lines, the rest waits in memory and goes out once there is room', () => {
    const disk = smallDisk()
    const file = join(disk, 'run', 'results.jsonl')
    const failures: string[] = []
    const writer = new JsonlWriter(file, { onFailure: (f) => failures.push(f.code) })
    const records = Array.from({ length: 200 }, (_, i) => ({ i, text: 'y'.repeat(1000) }))
    for (const r of records) writer.write(r)
    expect(failures).toEqual(['ENOSPC'])
    expect(writer.written).toBeGreaterThan(0)
    expect(writer.written + writer.unwritten).toBe(200)
    const onDisk = readFileSync(file, 'utf8')
    expect(onDisk.endsWith('\n')).toBe(true)
    const lines = onDisk.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { i: number })
    expect(lines.map((l) => l.i)).toEqual(records.slice(0, writer.written).map((r) => r.i))
    expect(writer.flushPending()).toBe(false)
    disks.remount(disk, 'size=1m')
    expect(writer.flushPending()).toBe(true)
    writer.close()
    expect(readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { i: number }).i)).toEqual(records.map((r) => r.i))
  })

  test('writeArtifacts on a full disk: one line per file not written, no results.json, nothing cut', () => {
    const disk = smallDisk()
    const info = { runId: 'r', project: 'llm', mode: 'run' as const, startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }
    const results = buildRunResults(info, [], [])
    writeFileSync(join(disk, 'filler'), Buffer.alloc(60 * 1024))
    const written = writeArtifacts(join(disk, 'run'), results, { csv: true, markdown: true, rawResponses: false })
    expect(written.finished).toBe(false)
    expect(written.problems.at(-1)).toMatch(/^results\.json not written/)
    expect(written.problems.some((p) => /ENOSPC \(no space left on device\)$/.test(p))).toBe(true)
    expect(existsSync(join(disk, 'run', 'results.json'))).toBe(false)
    const left = readdirSync(join(disk, 'run'), { recursive: true, encoding: 'utf8' })
    expect(left.filter((f) => f.endsWith('.tmp'))).toEqual([])
  })
})

test('writeArtifacts with records not on disk: every other file, but no results.json (the run stays resumable)', () => {
  const dir = mkdtempSync(join(base, 'notsaved-'))
  const info = { runId: 'r', project: 'llm', mode: 'run' as const, startedAt: new Date(0), endedAt: new Date(1000), reason: 'passed' }
  const written = writeArtifacts(dir, buildRunResults(info, [], []), { csv: false, markdown: true, rawResponses: false, notSaved: ['results.jsonl: ENOSPC'] })
  expect(written.finished).toBe(false)
  expect(written.problems[0]).toBe('results.jsonl: ENOSPC')
  expect(readdirSync(dir)).toEqual(['summary.md'])
})

function catchError(fn: () => void): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected an error')
}
