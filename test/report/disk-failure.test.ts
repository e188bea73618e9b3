import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { listRuns } from '../../src/cli/runs.ts'
import type { CaseRecord } from '../../src/record/schema.ts'
import { unsavedRecordsFile } from '../../src/report/save-records.ts'
import { planResume } from '../../src/runner/resume/plan.ts'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { Tmpfs, tmpfsProblem } from '../helpers/tmpfs.ts'
import { cleanupAll, createProject, describeRun, SRC_INDEX, yamlDataset, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * A full or read-only disk under the results folder, on real child Vitest
 * runs against the test server: the results folder is a tmpfs this test
 * mounts (it needs root; skipped, saying why, where mounting is not allowed).
 * Nothing that was in memory is lost (records on disk + records in the
 * unsaved file = the cases that ran), no file is ever cut, the table still
 * prints, the failure is said once, the run exits 1 and stays resumable.
 */

const CASES = 300
/** 30 words: a record of ~1.5 KB, so 300 records fill 64 KiB after ~40 cases and fit in 600 KiB with room to spare. */
const ANSWER = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ')

const mountProblem = tmpfsProblem()

let server: TestServer
const disks = new Tmpfs()

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: ANSWER })
})

beforeEach(() => server.reset())

afterAll(async ({}, suite) => {
  disks.unmountAll()
  await server?.close()
  await cleanupAll(suite)
})

function provider(): string {
  return JSON.stringify({ type: 'openai', model: 'm', baseURL: server.baseURL, id: 'srv', apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: 16 })
}

/** A config with one llmBench project per entry: name → outputDir. */
function config(projects: Record<string, string>): string {
  const entries = Object.entries(projects).map(([name, outputDir]) => `llmBench({ name: ${JSON.stringify(name)}, datasets: 'datasets/*.dataset.yaml', providers: [${provider()}], outputDir: ${JSON.stringify(outputDir)} })`)
  return [`import { defineConfig } from 'vitest/config'`, `import { llmBench } from ${JSON.stringify(SRC_INDEX)}`, `export default defineConfig({ test: { projects: [${entries.join(', ')}] } })`, ''].join('\n')
}

async function project(projects: Record<string, string>, cases = CASES): Promise<TestProject> {
  const ids = Array.from({ length: cases }, (_, i) => `c${i}`)
  return createProject({ config: config(projects), files: { 'datasets/d.dataset.yaml': yamlDataset('d', ids) } })
}

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(path.join(dir, f)).isFile())
}

/** Files that are cut or half-written: leftover temporaries, JSON that does not parse, JSONL lines that do not. */
function truncatedFiles(runDir: string): string[] {
  const bad: string[] = []
  for (const file of filesUnder(runDir)) {
    const text = readFileSync(path.join(runDir, file), 'utf8')
    if (file.endsWith('.tmp')) bad.push(file)
    else if (file.endsWith('.json') && !parses(text)) bad.push(file)
    else if (file.endsWith('.jsonl') && ((text !== '' && !text.endsWith('\n')) || text.split('\n').filter(Boolean).some((l) => !parses(l)))) bad.push(file)
    else if ((file.endsWith('.csv') || file.endsWith('.md') || file.endsWith('.html')) && text === '') bad.push(file)
  }
  return bad
}

function parses(text: string): boolean {
  try {
    JSON.parse(text)
    return true
  } catch {
    return false
  }
}

function jsonlRecords(file: string): CaseRecord[] {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as CaseRecord)
}

/** The lines of the end-of-run failure report (header and its indented lines) and the mid-run line. */
function failureReport(run: VitestRun): string[] {
  const lines = run.stdout.split('\n')
  const start = lines.findIndex((l) => /^llm-test-bench: run .* is not saved whole/.test(l))
  if (start < 0) return []
  const block = [lines[start] as string]
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('  ')) break
    block.push(line)
  }
  return [...block, ...run.stderr.split('\n').filter((l) => l.includes('llm-test-bench:'))]
}

/** What a scenario measured, printed for the report. */
function figures(name: string, ran: number, onDisk: number, unsavedFile: number, truncated: string[], reportLines: number): void {
  process.stdout.write(`[disk-failure] ${name}: ${ran} cases ran, ${onDisk} records in results.jsonl, ${unsavedFile} in the unsaved file, lost ${ran - onDisk - unsavedFile}, truncated files ${truncated.length}, failure report ${reportLines} lines\n`)
}

describe.skipIf(mountProblem !== null)(`a full or read-only results disk${mountProblem ? ` (skipped: ${mountProblem})` : ''}`, () => {
  // the run's end made in Vitest's process and in a process of its own (finish-run-process.ts): the same outcome
  for (const [where, setting] of [["in Vitest's process", '0'], ['in its own process', '1']] as const) {
    const env = { LLM_BENCH_END_PROCESS: setting }
    test(`full mid-run (64 KiB), the end ${where}: every record is on disk or in the unsaved file, the table prints, one failure report, exit 1, resumable`, async () => {
      const p = await project({ llm: 'out/results' })
      const out = path.join(p.dir, 'out')
      disks.mount(out, 'size=64k')
      const run = await p.run(['run'], { env, timeoutMs: 180_000 })
      const runDir = run.runDir('out/results')
      const runId = path.basename(runDir)
      const onDisk = jsonlRecords(path.join(runDir, 'results.jsonl'))
      const unsaved = jsonlRecords(unsavedRecordsFile(runId))
      rmSync(unsavedRecordsFile(runId), { force: true })
      const truncated = truncatedFiles(runDir)
      const report = failureReport(run)
      figures(`full mid-run, 64 KiB, the end ${where}`, CASES, onDisk.length, unsaved.length, truncated, report.length)

      expect(run.code, describeRun(run)).toBe(1)
      expect(`${run.stdout}${run.stderr}`).not.toContain('Unhandled')
      // the table, from the records in memory
      expect(run.stdout).toMatch(new RegExp(`^all\\s+${CASES}\\s+${CASES}\\s`, 'm'))
      // nothing lost: each case once, on disk or in the unsaved file
      expect(onDisk.length).toBeGreaterThan(0)
      expect(unsaved.length).toBeGreaterThan(0)
      expect(new Set([...onDisk, ...unsaved].map((r) => r.caseId)).size).toBe(CASES)
      expect(onDisk.length + unsaved.length).toBe(CASES)
      expect(truncated).toEqual([])
      expect(existsSync(path.join(runDir, 'results.json'))).toBe(false)
      // said once mid-run, once at the end; short
      expect(run.stderr.match(/cannot write .*results\.jsonl: ENOSPC/g)).toHaveLength(1)
      expect(report.join('\n')).toContain(`results.jsonl: ENOSPC (no space left on device); ${unsaved.length} of ${CASES} records are not on disk`)
      expect(report.length).toBeLessThanOrEqual(8)
      // `runs` and resume agree: unfinished, the run to continue, with the records that are on disk
      const outputDir = path.join(p.dir, 'out/results')
      expect(listRuns(outputDir, ['llm']).map((r) => [r.id, r.finished, r.cases])).toEqual([[runId, false, onDisk.length]])
      const plan = planResume({ outputDir, projectName: 'llm', mode: 'run' }, { kind: 'latest' }).plan
      expect([plan?.id, plan?.finished]).toEqual([runId, onDisk.length])
    }, 200_000)

    test(`full at the end (600 KiB), the end ${where}: results.jsonl holds every record, no file is cut, no results.json; after space is freed --resume finishes it without a request`, async () => {
      const p = await project({ llm: 'out/results' })
      const out = path.join(p.dir, 'out')
      disks.mount(out, 'size=600k')
      const run = await p.run(['run'], { env, timeoutMs: 180_000 })
      const runDir = run.runDir('out/results')
      const runId = path.basename(runDir)
      const onDisk = jsonlRecords(path.join(runDir, 'results.jsonl'))
      const truncated = truncatedFiles(runDir)
      const report = failureReport(run)
      figures(`full at the end, 600 KiB, the end ${where}`, CASES, onDisk.length, 0, truncated, report.length)

      expect(run.code, describeRun(run)).toBe(1)
      expect(`${run.stdout}${run.stderr}`).not.toContain('Unhandled')
      expect(run.stdout).toMatch(new RegExp(`^all\\s+${CASES}\\s+${CASES}\\s`, 'm'))
      expect(onDisk).toHaveLength(CASES)
      expect(truncated).toEqual([])
      expect(existsSync(path.join(runDir, 'results.json'))).toBe(false)
      expect(report.join('\n')).toContain('ENOSPC (no space left on device)')
      expect(report.join('\n')).toContain('results.json not written')
      expect(report.length).toBeLessThanOrEqual(8)
      expect(listRuns(path.join(p.dir, 'out/results'), ['llm']).map((r) => [r.finished, r.cases])).toEqual([[false, CASES]])

      // room again: the resumed run re-runs nothing and writes every artifact
      disks.remount(out, 'size=8m')
      server.reset()
      const resumed = await p.run(['run'], { env: { ...env, LLM_BENCH_RESUME: 'latest' }, timeoutMs: 180_000 })
      expect(resumed.code, describeRun(resumed)).toBe(0)
      expect(server.stats().requests).toBe(0)
      expect(resumed.results('out/results').cases).toHaveLength(CASES)
      expect(truncatedFiles(runDir)).toEqual([])
      expect(listRuns(path.join(p.dir, 'out/results'), ['llm']).map((r) => [r.id, r.finished])).toEqual([[runId, true]])
    }, 300_000)
  }

  test('read-only from the start, or a file in the way: that project fails in one line naming `outputDir`; the other project runs and saves', async () => {
    const p = await project({ llm: 'ro/results', blocked: 'a-file', other: 'bench-results' }, 20)
    writeFileSync(path.join(p.dir, 'a-file'), 'not a folder\n')
    disks.mount(path.join(p.dir, 'ro'), 'size=64k,ro')
    const run = await p.run(['run'], { timeoutMs: 180_000 })
    const output = `${run.stdout}\n${run.stderr}`
    const lines = output.split('\n').filter((l) => l.includes('`outputDir`'))

    expect(run.code, describeRun(run)).toBe(1)
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`project llm not run: its \`outputDir\` option \\("ro/results"\\) cannot be used: ${escape(path.join(p.dir, 'ro/results'))}: EROFS \\(read-only file system\\)`)),
      expect.stringMatching(new RegExp(`project blocked not run: its \`outputDir\` option \\("a-file"\\) cannot be used: ${escape(path.join(p.dir, 'a-file'))}: (EEXIST|ENOTDIR)`)),
    ])
    expect(output).not.toContain('Unhandled')
    expect(output).not.toMatch(/^\s+at /m)
    // the other project ran every case and saved its run whole
    const results = run.results('bench-results')
    expect(results.cases).toHaveLength(20)
    expect(run.jsonl('bench-results')).toHaveLength(20)
    expect(filesUnder(path.join(p.dir, 'ro'))).toEqual([])
  }, 200_000)
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
