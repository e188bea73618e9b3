import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { compactJsonl, dropUnterminatedTail } from '../../src/runner/resume/jsonl-repair.ts'
import { isFinished, resumeKeyString, type ResumeIndex } from '../../src/runner/resume/keys.ts'
import { finishedCases, planResume } from '../../src/runner/resume/plan.ts'
import { readJsonlLines, readRecords } from '../../src/runner/resume/read-records.ts'
import { resumedRecord } from '../../src/runner/resume/resumed-record.ts'
import { listRunFolders, parseRunId } from '../../src/runner/resume/run-folders.ts'
import { resumeSetting } from '../../src/runner/resume/setting.ts'

/** The pieces of resume on their own: settings, run folders, reading and repairing results.jsonl, the plan, the worker's lookup. */

function record(caseId: string, over: Partial<CaseRecord> = {}): CaseRecord {
  return {
    runId: 'llm-20250102-030405-abcdef01',
    dataset: 'd0',
    datasetFile: '/x/d0.dataset.yaml',
    caseId,
    category: null,
    provider: 'srv',
    providerType: 'openai',
    model: 'm',
    requestHash: `hash-${caseId}`,
    prompt: `prompt ${caseId}`,
    output: 'one two',
    finishReason: 'stop',
    status: 'passed',
    error: null,
    usage: { inputTokens: 3, outputTokens: 2, source: 'provider' },
    cost: null,
    timings: { queueMs: 0, ttftMs: 1, e2eMs: 2, tpotMs: 1, itlMs: [1], streamed: true },
    serverTimings: null,
    attempts: 1,
    retries: 0,
    cached: false,
    evaluations: [{ name: 'toMatchRegex', pass: true, score: 1, threshold: 1, reason: 'matched' }],
    sample: null,
    startedAt: '2025-01-02T03:04:05.000Z',
    endedAt: '2025-01-02T03:04:06.000Z',
    ...over,
  }
}

const line = (r: CaseRecord): string => `${JSON.stringify(r)}\n`
const dirs: string[] = []

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-bench-resume-'))
  dirs.push(dir)
  return dir
}

/** A run folder `<outputDir>/<id>` with these results.jsonl lines, and a results.json with `reason` when given. */
function runFolder(outputDir: string, id: string, jsonl: string, reason?: string): string {
  const dir = path.join(outputDir, id)
  mkdirSync(dir, { recursive: true })
  writeFileSync(path.join(dir, 'results.jsonl'), jsonl)
  if (reason !== undefined) writeFileSync(path.join(dir, 'results.json'), JSON.stringify({ reason }))
  return dir
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('resumeSetting', () => {
  test('the variable wins over the option; true/latest/1 mean the latest run; false/0 none; anything else a run id', () => {
    expect(resumeSetting(undefined, undefined)).toEqual({ kind: 'off' })
    expect(resumeSetting(true, undefined)).toEqual({ kind: 'latest' })
    expect(resumeSetting('latest', undefined)).toEqual({ kind: 'latest' })
    expect(resumeSetting(false, 'latest')).toEqual({ kind: 'latest' })
    expect(resumeSetting(true, 'false')).toEqual({ kind: 'off' })
    expect(resumeSetting(true, '0')).toEqual({ kind: 'off' })
    expect(resumeSetting(undefined, '1')).toEqual({ kind: 'latest' })
    expect(resumeSetting(true, '')).toEqual({ kind: 'latest' })
    expect(resumeSetting(undefined, ' llm-20250102-030405-abcdef01 ')).toEqual({ kind: 'run', runId: 'llm-20250102-030405-abcdef01' })
    expect(resumeSetting('llm-20250102-030405-abcdef01-2', undefined)).toEqual({ kind: 'run', runId: 'llm-20250102-030405-abcdef01-2' })
  })
})

describe('run ids and folders', () => {
  test('parseRunId reads name, start (UTC), hash and the same-second number', () => {
    expect(parseRunId('llm-builtin-20250102-030405-abcdef01-3')).toEqual({
      name: 'llm-builtin',
      startedAt: new Date('2025-01-02T03:04:05Z'),
      hash: 'abcdef01',
      n: 3,
    })
    expect(parseRunId('llm-20250102-030405-abcdef01')?.n).toBe(1)
    expect(parseRunId('llm-2025-abcdef01')).toBeNull()
    expect(parseRunId('latest')).toBeNull()
  })

  test('listRunFolders: one project, oldest first (same second: by number); finished unless results.json is missing or interrupted', () => {
    const out = tempDir()
    runFolder(out, 'llm-20250102-030405-abcdef01-2', '', 'failed')
    runFolder(out, 'llm-20250102-030405-abcdef01', '', 'passed')
    runFolder(out, 'llm-20250103-000000-abcdef01', '')
    runFolder(out, 'llm-20250101-000000-abcdef01', '', 'interrupted')
    runFolder(out, 'llm-bench-20250104-000000-abcdef01', '')
    runFolder(out, 'llm-builtin-20250104-000000-abcdef01', '')
    mkdirSync(path.join(out, 'not-a-run'))
    const runs = listRunFolders(out, 'llm')
    expect(runs.map((r) => [r.id, r.finished, r.reason])).toEqual([
      ['llm-20250101-000000-abcdef01', false, 'interrupted'],
      ['llm-20250102-030405-abcdef01', true, 'passed'],
      ['llm-20250102-030405-abcdef01-2', true, 'failed'],
      ['llm-20250103-000000-abcdef01', false, null],
    ])
    expect(listRunFolders(out).map((r) => r.name)).toContain('llm-bench')
    expect(listRunFolders(path.join(out, 'missing'))).toEqual([])
  })
})

describe('reading results.jsonl', () => {
  test('a cut last line, a broken line and a line of another shape are no records; a missing file has none', () => {
    const dir = tempDir()
    const file = path.join(dir, 'results.jsonl')
    const whole = line(record('c0')) + '{"not":"a record"}\n' + 'garbage\n' + line(record('c1'))
    writeFileSync(file, whole + line(record('c2')).slice(0, 50))
    expect(readJsonlLines(file).map((l) => l.record?.caseId ?? null)).toEqual(['c0', null, null, 'c1'])
    expect(readRecords(file).map((r) => r.caseId)).toEqual(['c0', 'c1'])
    expect(readRecords(path.join(dir, 'missing.jsonl'))).toEqual([])
  })

  test('dropUnterminatedTail cuts the unfinished line only', () => {
    const file = path.join(tempDir(), 'results.jsonl')
    const whole = line(record('c0')) + line(record('c1'))
    writeFileSync(file, whole + '{"runId":"llm-2')
    expect(dropUnterminatedTail(file)).toBe(true)
    expect(readFileSync(file, 'utf8')).toBe(whole)
    expect(dropUnterminatedTail(file)).toBe(false)
    writeFileSync(file, '{"cut')
    expect(dropUnterminatedTail(file)).toBe(true)
    expect(readFileSync(file, 'utf8')).toBe('')
    expect(dropUnterminatedTail(path.join(path.dirname(file), 'missing'))).toBe(false)
  })

  test('compactJsonl keeps the newest record of each case and provider, in file order', () => {
    const file = path.join(tempDir(), 'results.jsonl')
    const aborted = record('c1', { status: 'error', error: { class: 'aborted', message: 'aborted' } })
    const stale = record('c2', { requestHash: 'old' })
    const other = record('c1', { provider: 'other' })
    const lines = [record('c0'), aborted, stale, other, record('c1'), record('c2')]
    writeFileSync(file, lines.map(line).join('') + 'garbage\n')
    expect(compactJsonl(file)).toBe(3)
    expect(readRecords(file)).toEqual([record('c0'), other, record('c1'), record('c2')])
    expect(compactJsonl(file)).toBe(0)
  })
})

describe('finished cases', () => {
  test('any status but cancelled (aborted) or skipped; bench samples never', () => {
    expect(isFinished(record('a'))).toBe(true)
    expect(isFinished(record('a', { status: 'failed' }))).toBe(true)
    expect(isFinished(record('a', { status: 'timeout', error: { class: 'timeout', message: 't' } }))).toBe(true)
    expect(isFinished(record('a', { status: 'error', error: { class: 'server_error', message: '500' } }))).toBe(true)
    expect(isFinished(record('a', { status: 'error', error: { class: 'aborted', message: 'a' } }))).toBe(false)
    expect(isFinished(record('a', { status: 'skipped' }))).toBe(false)
    expect(isFinished(record('a', { sample: 0 }))).toBe(false)
  })

  test('finishedCases: by dataset, case and provider; the newest line of a case decides (a later finished record wins, a later cancelled one runs again)', () => {
    const file = path.join(tempDir(), 'results.jsonl')
    const newer = record('c0', { output: 'newer', requestHash: 'hash-new' })
    const cancelled = record('c2', { status: 'error', error: { class: 'aborted', message: 'aborted' } })
    const lines = [record('c0'), record('c1', { status: 'skipped' }), record('c2'), newer, cancelled].map(line)
    writeFileSync(file, lines.join(''))
    const { cases } = finishedCases(file)
    const offset = Buffer.byteLength(lines.slice(0, 3).join(''))
    expect(cases).toEqual({ [resumeKeyString(record('c0'))]: ['hash-new', offset, Buffer.byteLength(lines[3] as string) - 1, 4] })
  })
})

describe('planResume', () => {
  const target = (outputDir: string, mode: 'run' | 'watch' | 'bench' = 'run') => ({ outputDir, projectName: 'llm', mode })

  test('off: nothing, silently', () => {
    expect(planResume(target(tempDir()), { kind: 'off' })).toEqual({ plan: null, message: null })
  })

  test('latest: the newest unfinished run of the project, with its finished records', () => {
    const out = tempDir()
    runFolder(out, 'llm-20250101-000000-abcdef01', line(record('c9')))
    const dir = runFolder(out, 'llm-20250102-000000-abcdef01', line(record('c0')) + line(record('c1', { status: 'error', error: { class: 'aborted', message: '' } })))
    runFolder(out, 'llm-20250103-000000-abcdef01', '', 'passed')
    runFolder(out, 'llm-builtin-20250104-000000-abcdef01', '')
    const { plan, message } = planResume(target(out), { kind: 'latest' })
    expect(plan).toMatchObject({ id: 'llm-20250102-000000-abcdef01', dir, startedAt: new Date('2025-01-02T00:00:00Z'), finished: 1 })
    expect(plan?.provided.file).toBe(path.join(dir, 'results.jsonl'))
    expect(Object.keys(plan?.provided.cases ?? {})).toEqual([resumeKeyString(record('c0'))])
    expect(message).toBe('resuming run llm-20250102-000000-abcdef01: 1 finished case will not run again')
  })

  test('the corrupt lines of results.jsonl are said, with their line numbers and why', () => {
    const out = tempDir()
    const jsonl = line(record('c0')) + '{"not":"a record"}\n' + '\n' + 'garbage\n' + line(record('c1')) + line(record('c2')).slice(0, 40)
    runFolder(out, 'llm-20250102-000000-abcdef01', jsonl)
    const { plan, message } = planResume(target(out), { kind: 'latest' })
    expect(plan?.finished).toBe(2)
    expect(plan?.corrupt.map((c) => c.line)).toEqual([2, 4, 6])
    const lines = message?.split('\n') ?? []
    expect(lines[0]).toBe('resuming run llm-20250102-000000-abcdef01: 2 finished cases will not run again')
    expect(lines[1]).toBe('results.jsonl: 3 corrupt lines dropped (not case records, so not reused):')
    expect(lines[2]).toMatch(/^  line 2: not a case record \(\w+: /)
    expect(lines[3]).toMatch(/^  line 4: not JSON \(Unexpected token/)
    expect(lines[4]).toBe('  line 6: unfinished (no newline: the writer was stopped in the middle of it)')
  })

  test('latest with every run finished, or none: a new run', () => {
    const out = tempDir()
    expect(planResume(target(out), { kind: 'latest' }).plan).toBeNull()
    runFolder(out, 'llm-20250103-000000-abcdef01', '', 'failed')
    const decision = planResume(target(out), { kind: 'latest' })
    expect(decision.plan).toBeNull()
    expect(decision.message).toContain('no unfinished run of project llm')
  })

  test('a run id: that run, finished or not; a missing one is an error naming the runs there; another project’s id is not ours', () => {
    const out = tempDir()
    runFolder(out, 'llm-20250103-000000-abcdef01', line(record('c0')), 'passed')
    expect(planResume(target(out), { kind: 'run', runId: 'llm-20250103-000000-abcdef01' }).plan?.finished).toBe(1)
    expect(() => planResume(target(out), { kind: 'run', runId: 'llm-20250103-000000-00000000' })).toThrow(
      /cannot resume run llm-20250103-000000-00000000: no folder .*\(runs there: llm-20250103-000000-abcdef01\)/,
    )
    expect(() => planResume(target(out), { kind: 'run', runId: 'yesterday' })).toThrow(/not a run id/)
    const other = planResume(target(out), { kind: 'run', runId: 'llm-builtin-20250103-000000-abcdef01' })
    expect(other.plan).toBeNull()
    expect(other.message).toContain('is not a run of project llm')
  })

  test('bench mode: never resumed', () => {
    const out = tempDir()
    runFolder(out, 'llm-20250102-000000-abcdef01', line(record('c0')))
    const decision = planResume(target(out, 'bench'), { kind: 'latest' })
    expect(decision.plan).toBeNull()
    expect(decision.message).toContain('bench')
  })
})

describe('resumedRecord (in a test, as runCase calls it)', () => {
  const key = { dataset: 'd0', caseId: 'c0', provider: 'srv', requestHash: 'hash-c0' }

  /** The index a worker is provided for a results.jsonl of these records. */
  function indexOf(...records: CaseRecord[]): ResumeIndex {
    const file = path.join(tempDir(), 'results.jsonl')
    writeFileSync(file, records.map(line).join(''))
    return { file, cases: finishedCases(file).cases }
  }

  test('a finished case: its record, read from the file, marked resumed; its evaluations are on the test again', async (ctx) => {
    expect(await resumedRecord(ctx, key, indexOf(record('c1'), record('c0')))).toEqual({ ...record('c0'), resumed: true })
    expect(ctx.task.meta.llmBenchEvaluations).toEqual(record('c0').evaluations)
  })

  test('another request hash, another provider, a bench sample, no index: null', async (ctx) => {
    const index = indexOf(record('c0'))
    expect(await resumedRecord(ctx, { ...key, requestHash: 'changed' }, index)).toBeNull()
    expect(await resumedRecord(ctx, { ...key, provider: 'other' }, index)).toBeNull()
    expect(await resumedRecord(ctx, { ...key, sample: 0 }, index)).toBeNull()
    expect(await resumedRecord(ctx, key, undefined)).toBeNull()
    expect(await resumedRecord(ctx, key, {})).toBeNull()
  })

  test('a case that failed its matchers fails its test again, with the earlier reason', async (ctx) => {
    const failed = record('c0', { status: 'failed', evaluations: [{ name: 'toMatchRegex', pass: false, score: 0, threshold: 1, reason: 'no match' }] })
    const resumed = await resumedRecord(ctx, key, indexOf(failed))
    const result = ctx.task.result
    const failure = { state: result?.state, messages: result?.errors?.map((e) => e.message) }
    // the soft failure is what the resumed case's test shows: taken back, so that this test passes when it is there
    if (result) {
      result.errors = []
      result.state = 'run'
    }
    expect(resumed?.status).toBe('failed')
    expect(failure).toEqual({ state: 'fail', messages: [expect.stringContaining('toMatchRegex (resumed from run llm-20250102-030405-abcdef01): no match')] })
  })
})
