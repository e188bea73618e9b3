import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { generateRecords, syntheticDatasets } from '../../benchmarks/reporter/records.ts'
import { resolveOptions } from '../../src/config/options.ts'
import { addSecrets, clearSecrets } from '../../src/providers/redaction/registry.ts'
import type { CaseRecord } from '../../src/record/schema.ts'
import { finishRun, type FinishRunInput } from '../../src/report/finish-run.ts'
import { END_PROCESS_FROM_BYTES, EndProcess, followFromBytes, wantsEndProcess } from '../../src/report/finish-run-process.ts'
import { JsonlFollower } from '../../src/report/jsonl-follower.ts'
import { jsonlSource } from '../../src/report/record-source.ts'
import { recordSourceOf, type RecordsPlan } from '../../src/report/records-plan.ts'
import { caseSlotString } from '../../src/runner/resume/keys.ts'
import { filesUnder } from '../helpers/artifact-equality.ts'

/**
 * A run's end made in a process of its own (finish-run-process.ts) writes the
 * same bytes as the end made here, answers what it returns (the terminal text,
 * summary.md, the gate report, the files), redacts with this process's secrets,
 * and says why when it could not be had, so the reporter makes the end here.
 */

const root = mkdtempSync(join(tmpdir(), 'llm-bench-end-process-'))
const datasets = join(root, 'datasets')
const RUN_ID = 'llm-20261207-100000-abcdef12'
/** A token the datasets' expected answers hold (and no record), taken as a secret: report.html's side-by-side texts must not show it. */
const SECRET = 'tok-7f3a9c5e1d2b8a46'

let records: CaseRecord[]

beforeAll(() => {
  mkdirSync(datasets)
  for (const { name, text } of syntheticDatasets(600)) writeFileSync(join(datasets, name), text.replaceAll('unique values.', `unique values. ${SECRET}`))
  records = [...generateRecords(600, datasets)]
  addSecrets([SECRET])
})
afterAll(() => {
  clearSecrets()
  rmSync(root, { recursive: true, force: true })
})

/** A run folder with the records' results.jsonl, and its plan: a record kept in memory (a failed write) and a resumed slot. */
function runFolder(name: string): { dir: string; plan: RecordsPlan } {
  const dir = join(root, name)
  mkdirSync(dir)
  const file = join(dir, 'results.jsonl')
  writeFileSync(file, records.slice(1).map((r) => `${JSON.stringify({ ...r, runId: RUN_ID })}\n`).join(''))
  const kept = { ...(records[0] as CaseRecord), runId: RUN_ID }
  return { dir, plan: { file, extra: [kept], resumed: [caseSlotString(records[7] as CaseRecord)] } }
}

function input(dir: string): Omit<FinishRunInput, 'records'> {
  const options = resolveOptions({ name: 'llm', sampling: { enabled: false }, report: { html: true, csv: true, markdown: true, rawResponses: true }, gates: { minPassRate: 0.99 } })
  return {
    run: { id: RUN_ID, dir, startedAt: new Date('2026-12-07T10:00:00Z') },
    endedAt: new Date('2026-12-07T10:20:00Z'),
    options,
    mode: 'run',
    vitest: { config: { root, shard: undefined } },
    failures: [{ file: join(datasets, 'gone.dataset.yaml'), message: 'not found' }],
    reason: 'failed',
    samples: [],
    notSaved: [],
  }
}

/** Every file under dir, relative with `/`, and its text. */
function tree(dir: string): Map<string, string> {
  return new Map(filesUnder(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]))
}

describe('the run\'s end in a process of its own', () => {
  test('writes byte for byte what the end here writes, and answers what finishRun returns', async () => {
    const here = runFolder('here')
    const there = runFolder('there')
    const expected = finishRun({ ...input(here.dir), records: recordSourceOf(here.plan) })
    const reply = await new EndProcess().finish(input(there.dir), there.plan)
    if (!reply.ok) throw new Error(reply.error)
    expect(reply.text).toBe(expected.text)
    expect(reply.text).toContain('minPassRate')
    expect(reply.markdown).toBe(expected.markdown)
    expect(reply.gates).toEqual(expected.gates)
    expect(reply.gates?.passed).toBe(false)
    expect(reply.saved).toBe(true)
    expect(reply.files.map((f) => relative(there.dir, f))).toEqual(expected.files.map((f) => relative(here.dir, f)))
    const a = tree(here.dir)
    const b = tree(there.dir)
    expect([...b.keys()]).toEqual([...a.keys()])
    expect([...a.keys()]).toEqual(expect.arrayContaining(['results.json', 'report.html', 'summary.md', 'csv/cases.csv']))
    for (const [name, text] of a) expect(b.get(name), name).toBe(text)
    // the resumed slot and the record kept in memory are there as the plan says
    const results = JSON.parse(b.get('results.json') as string) as { cases: CaseRecord[] }
    expect(results.cases).toHaveLength(600)
    expect(results.cases.filter((c) => c.resumed === true).map(caseSlotString)).toEqual([caseSlotString(records[7] as CaseRecord)])
    // the datasets' texts were redacted there with this process's secrets
    const html = b.get('report.html') as string
    expect(html).toContain('[redacted]')
    expect(html).not.toContain(SECRET)
  }, 60_000)

  test('a run it cannot be sent (a value that does not clone) is answered with why, and nothing is written', async () => {
    const { dir, plan } = runFolder('unclonable')
    const options = { ...input(dir).options, unclonable: () => 1 }
    const reply = await new EndProcess().finish({ ...input(dir), options }, plan)
    expect(reply).toMatchObject({ ok: false, error: expect.stringContaining('could not be sent the run') })
    expect(readdirSync(dir)).toEqual(['results.jsonl'])
  })

  test('a process that dies is answered with how it ended', async () => {
    const { dir, plan } = runFolder('killed')
    const pending = new EndProcess().finish(input(dir), plan)
    const pid = await childRunning('finish-run-child')
    process.kill(pid, 'SIGKILL')
    expect(await pending).toMatchObject({ ok: false, error: expect.stringContaining('SIGKILL') })
  })

  test('where finishRun throws there, the answer carries its error', async () => {
    const { dir, plan } = runFolder('throws')
    // a run folder that is a file: the artifacts cannot be written, nor results.jsonl's folder read as one
    const reply = await new EndProcess().finish(input(dir), { ...plan, file: join(dir, 'results.jsonl', 'nested') })
    expect(reply.ok).toBe(false)
    expect(reply.ok ? '' : reply.error).toMatch(/ENOTDIR|not a directory/)
  })
})

describe('a run followed while it goes', () => {
  test('the follower takes only whole lines, in pieces, and ends with what one pass of the finished file reads', () => {
    const dir = join(root, 'follower')
    mkdirSync(dir)
    const file = join(dir, 'results.jsonl')
    const lines = records.slice(0, 40).map((r) => JSON.stringify({ ...r, runId: RUN_ID }))
    // a bad line, an empty one, a line in Unicode; the last line without its newline (a pass reads it as a line)
    const text = `${lines.slice(0, 20).join('\n')}\n{not json\n\n${JSON.stringify({ ...records[40], caseId: 'ünï-💥' })}\n${lines.slice(20).join('\n')}`
    const bytes = Buffer.from(text)
    const follower = new JsonlFollower(file)
    const seen: string[] = []
    const take = (r: CaseRecord): void => void seen.push(r.caseId)
    follower.read(take)
    expect(seen).toEqual([])
    // appended at arbitrary byte cuts (inside a line, inside a multi-byte character)
    let at = 0
    for (const cut of [1, 700, 701, 5000, 5003, 20_000, bytes.length]) {
      appendFileSync(file, bytes.subarray(at, cut))
      at = cut
      follower.read(take)
      const whole = bytes.subarray(0, at).lastIndexOf(10) + 1
      expect(seen.length).toBe(recordLines(bytes.subarray(0, whole)))
    }
    follower.read(take, true)
    const pass = jsonlSource(file)
    expect(seen).toEqual([...pass()].map((r) => r.caseId))
    const extra = [{ ...(records[50] as CaseRecord), caseId: 'in-memory' }]
    const followed = follower.source(extra)
    expect(followed.stats).toEqual(pass.stats)
    expect(followed.lineMap()).toEqual({ ...pass.lineMap(), extra })
    const order = [41, 0, 20, 3, 40]
    expect([...followed.linesInOrder(order)].map((l) => [l.record.caseId, l.line?.toString()])).toEqual([...jsonlSource(file, { extra }).linesInOrder(order)].map((l) => [l.record.caseId, l.line?.toString()]))
  })

  test('an end process that followed the file as it grew makes byte for byte the end made here', async () => {
    const here = runFolder('followed-here')
    const there = runFolder('followed-there')
    const full = readFileSync(there.plan.file)
    writeFileSync(there.plan.file, '')
    const end = new EndProcess()
    end.follow(there.plan.file, RUN_ID, { html: true, csv: true })
    // the file grows in three steps while the process reads it (every 250 ms), a line cut at each step
    for (const part of [0.3, 0.7, 1]) {
      const from = statSync(there.plan.file).size
      appendFileSync(there.plan.file, full.subarray(from, Math.floor(full.length * part)))
      await new Promise((r) => setTimeout(r, 400))
    }
    // a resumed run is never followed: this plan has no resumed slot (and the record kept in memory)
    const expected = finishRun({ ...input(here.dir), records: recordSourceOf({ ...here.plan, resumed: [] }) })
    const reply = await end.finish(input(there.dir), { ...there.plan, resumed: [] })
    if (!reply.ok) throw new Error(reply.error)
    expect(reply.text).toBe(expected.text)
    expect(reply.gates).toEqual(expected.gates)
    const a = tree(here.dir)
    const b = tree(there.dir)
    expect([...b.keys()]).toEqual([...a.keys()])
    for (const [name, text] of a) expect(b.get(name), name).toBe(text)
  }, 60_000)

  test('a followed end process that dies during the run is answered with how it ended', async () => {
    const { plan, dir } = runFolder('followed-killed')
    const end = new EndProcess()
    end.follow(plan.file, RUN_ID, { html: false, csv: false })
    process.kill(await childRunning('finish-run-child'), 'SIGKILL')
    await new Promise((r) => setTimeout(r, 200))
    expect(await end.finish(input(dir), plan)).toMatchObject({ ok: false, error: expect.stringContaining('SIGKILL') })
    // closing one that ended, or one never asked, is quiet
    end.close()
    const unused = new EndProcess()
    unused.follow(plan.file, RUN_ID, { html: false, csv: false })
    unused.close()
  })
})

/** Lines of this text that are records (whole lines, not blank, JSON objects). */
function recordLines(text: Buffer): number {
  return text.toString('utf8').split('\n').filter((line) => {
    try {
      return typeof JSON.parse(line) === 'object'
    } catch {
      return false
    }
  }).length
}

describe('when the end gets a process of its own', () => {
  test('by results.jsonl\'s size, unless the environment says always or never; never with many records in memory', () => {
    const small = runFolder('size')
    expect(wantsEndProcess(small.plan, {})).toBe(false)
    expect(wantsEndProcess(small.plan, { LLM_BENCH_END_PROCESS: 'yes' })).toBe(true)
    const large = join(root, 'large.jsonl')
    writeFileSync(large, Buffer.alloc(END_PROCESS_FROM_BYTES, 0x20))
    const plan = { file: large, extra: [], resumed: [] }
    expect(wantsEndProcess(plan, {})).toBe(true)
    expect(wantsEndProcess(plan, { LLM_BENCH_END_PROCESS: 'off' })).toBe(false)
    const many = { ...plan, extra: Array.from({ length: 10_001 }, () => records[0] as CaseRecord) }
    expect(wantsEndProcess(many, { LLM_BENCH_END_PROCESS: '1' })).toBe(false)
    expect(wantsEndProcess({ file: join(root, 'absent.jsonl'), extra: [], resumed: [] }, {})).toBe(false)
    // a run is followed from 16 MB of results.jsonl, from its first record when asked, never when told not to
    expect(followFromBytes({})).toBe(16 * 1024 * 1024)
    expect(followFromBytes({ LLM_BENCH_END_PROCESS: 'on' })).toBe(0)
    expect(followFromBytes({ LLM_BENCH_END_PROCESS: 'no' })).toBe(Number.POSITIVE_INFINITY)
  })
})

/** The pid of this process's child whose command line names `script`, once it runs. */
async function childRunning(script: string): Promise<number> {
  for (let tries = 0; tries < 500; tries++) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(script)) return Number(entry)
      } catch {
        // gone meanwhile
      }
    }
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`no child process running ${script}`)
}
