import { appendFileSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { startOpenAITestServer, type TestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, createProject } from '../helpers/run-vitest.ts'
import { completeLines, describeChild, runChild, startChild, VITEST, waitFor } from './child.ts'
import { caseName, datasetFiles, expectedStatus, onlyRunDir, readJsonl, readResults, RESUME_REQUESTS, serverConfig, statuses, testOutcomes, type Servers } from './project.ts'

/**
 * A real run killed mid-way (SIGKILL to Vitest's process group, as a crash or
 * `kill -9` would end it), then resumed: 2 datasets × 10 cases on an
 * OpenAI-compatible test server that answers 5 tokens 100 ms apart, at most 2
 * requests at once, so the run takes about 5 s. Each dataset has passing
 * cases, one that fails its matcher (c3) and one that times out (c7, on a
 * second server that is too slow to answer in time).
 *
 * The kill can leave a line cut in the middle in results.jsonl (a record is
 * one write, so in practice a kill between writes does not; a crash of the
 * machine can): the test appends one, and resume must cut it off, never count
 * it, and leave results.jsonl with exactly one line per case.
 */

const TOKEN_DELAY_MS = 100
const CASES = 10
let server: TestServer
let slow: TestServer
let servers: Servers

beforeAll(async () => {
  server = await startOpenAITestServer({ answer: 'one two three four five', tokenDelayMs: TOKEN_DELAY_MS })
  slow = await startOpenAITestServer({ answer: 'late', tokenDelayMs: 10_000 })
  servers = { srv: server.baseURL, slow: slow.baseURL }
})

beforeEach(() => {
  server.reset()
  slow.reset()
})

afterAll(async ({}, suite) => {
  await server?.close()
  await slow?.close()
  await cleanupAll(suite)
})

const reportArgs = (file: string): string[] => ['--reporter=json', `--outputFile=${file}`]

describe('a run killed mid-way, then resumed', () => {
  test('runs exactly the unfinished cases; results equal an uninterrupted run; no record twice', async () => {
    const files = datasetFiles(2, CASES)
    const total = 2 * CASES
    const onSrv = (records: readonly CaseRecord[]): number => records.filter((r) => r.provider === 'srv').length

    // the reference: the same datasets, uninterrupted
    const reference = await createProject({ config: serverConfig(servers), files })
    const full = await runChild(reference.dir, [VITEST, 'run', ...reportArgs('vitest.json')])
    expect(full.code, describeChild(full)).toBe(1) // c3 and c7 fail
    expect(server.stats().requests).toBe(total - 2)
    expect(slow.stats().requests).toBe(2)
    const referenceResults = readResults(onlyRunDir(reference.dir))

    // the run that gets killed once some cases are in results.jsonl
    const project = await createProject({ config: serverConfig(servers), files })
    server.reset()
    slow.reset()
    const killed = startChild(project.dir, [VITEST, 'run'])
    let jsonlFile = ''
    await waitFor(
      () => {
        const dir = runDirsOf(project.dir)[0]
        if (!dir) return false
        jsonlFile = path.join(dir, 'results.jsonl')
        return completeLines(jsonlFile).length >= 5
      },
      60_000,
      `5 records in results.jsonl\n${killed.output()}`,
    )
    killed.killGroup()
    const ended = await killed.done
    expect(ended.signal, describeChild(ended)).toBe('SIGKILL')
    const runDir = onlyRunDir(project.dir)
    expect(readFileSync(path.join(runDir, 'results.jsonl'), 'utf8').endsWith('\n')).toBe(true)
    const before = readJsonl(runDir)
    const finishedBefore = before.length
    expect(finishedBefore).toBeGreaterThanOrEqual(5)
    expect(finishedBefore, 'the kill came too late to leave cases to resume').toBeLessThan(total)
    // the kill left no results.json: the run is unfinished
    expect(() => readResults(runDir)).toThrow()
    // a line cut in the middle, as a crash during a write would leave it
    const cut = (completeLines(jsonlFile)[0] as string).slice(0, 80)
    appendFileSync(jsonlFile, cut)

    server.reset()
    slow.reset()
    const resumed = await runChild(project.dir, [VITEST, 'run', ...reportArgs('vitest.json')], { LLM_BENCH_RESUME: 'latest' })
    expect(resumed.code, describeChild(resumed)).toBe(1)
    expect(resumed.stdout, describeChild(resumed)).toContain(`resuming run ${path.basename(runDir)}: ${finishedBefore} finished cases will not run again`)

    // the servers saw exactly the cases that had not finished
    expect(server.stats().requests, RESUME_REQUESTS).toBe(total - 2 - onSrv(before))
    expect(slow.stats().requests, RESUME_REQUESTS).toBe(2 - (finishedBefore - onSrv(before)))

    // the same folder and run id
    expect(onlyRunDir(project.dir)).toBe(runDir)
    const results = readResults(runDir)
    expect(results.runId).toBe(path.basename(runDir))
    expect(results.cases).toHaveLength(total)
    expect(new Set(results.cases.map(caseName)).size).toBe(total)
    expect(results.cases.every((r) => r.runId === results.runId)).toBe(true)
    // the earlier records are reused as they were, and marked
    const resumedCases = results.cases.filter((r) => r.resumed === true)
    expect(resumedCases.map(caseName).sort()).toEqual(before.map(caseName).sort())
    for (const r of resumedCases) expect(withoutMarks(r)).toEqual(withoutMarks(before.find((b) => caseName(b) === caseName(r)) as CaseRecord))

    // the same outcomes as the uninterrupted run: records, summary, and Vitest's own test results
    expect(statuses(results.cases)).toEqual(statuses(referenceResults.cases))
    for (const r of results.cases) expect(r.status, caseName(r)).toBe(expectedStatus(r.caseId))
    expect(pick(results.summary)).toEqual(pick(referenceResults.summary))
    expect(testOutcomes(path.join(project.dir, 'vitest.json'))).toEqual(testOutcomes(path.join(reference.dir, 'vitest.json')))

    // results.jsonl: one line per case, the cut line gone, nothing written twice
    const lines = completeLines(jsonlFile)
    expect(readFileSync(jsonlFile, 'utf8').endsWith('\n')).toBe(true)
    expect(lines).toHaveLength(total)
    expect(lines).not.toContain(cut)
    const jsonl = readJsonl(runDir)
    expect(new Set(jsonl.map(caseName)).size).toBe(total)
    expect(jsonl.slice(0, finishedBefore)).toEqual(before)
    expect(jsonl.some((r) => r.resumed)).toBe(false)
  }, 180_000)
})

function runDirsOf(projectDir: string): string[] {
  try {
    return [onlyRunDir(projectDir)]
  } catch {
    return []
  }
}

function withoutMarks(r: CaseRecord): CaseRecord {
  const { resumed: _resumed, runId: _runId, ...rest } = r
  return { ...rest, runId: null }
}

function pick(summary: { cases: number; samples: number; passed: number; failed: number; errored: number; timedOut: number; skipped: number }): Record<string, number> {
  const { cases, samples, passed, failed, errored, timedOut, skipped } = summary
  return { cases, samples, passed, failed, errored, timedOut, skipped }
}
