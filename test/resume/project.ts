import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { CaseRecord } from '../../src/record/schema.ts'
import type { RunResults } from '../../src/report/run-results.ts'
import { configSource } from '../helpers/run-vitest.ts'
import { completeLines } from './child.ts'

/**
 * Throwaway projects for resume tests: datasets whose cases pass, fail a
 * matcher, or time out. Cases run on provider `srv`, an OpenAI-compatible test
 * server; the timing-out ones on `slow`, a second server that takes seconds to
 * answer (one attempt, so a timeout is not retried), so that `srv` counts
 * exactly the other cases.
 */

/** For a request count after a resume: when every case ran again, the worker side is not wired in. */
export const RESUME_REQUESTS = 'requests after resume (all cases again: does runCase call resumedRecord from src/runner/resume/resumed-record.ts?)'

/** Case ids whose matcher fails (the answer has no "dragon"). */
export const FAILING = new Set(['c3'])
/** Case ids that run on `slow` with a 300 ms timeout: they are recorded as timeouts. */
export const TIMING_OUT = new Set(['c7'])

/** A dataset of `count` cases c0..c<count-1>; `prompts` overrides a case's prompt. */
export function mixedDataset(name: string, count: number, prompts: Record<string, string> = {}): string {
  const cases = Array.from({ length: count }, (_, i) => `c${i}`).map((id) => {
    const lines = [`  - id: ${id}`, `    prompt: ${JSON.stringify(prompts[id] ?? `Story ${name} ${id}: once upon a time`)}`]
    if (FAILING.has(id)) lines.push(`    assert:`, `      - toMatchRegex: { pattern: 'dragon' }`)
    lines.push(TIMING_OUT.has(id) ? `    config: { timeout_ms: 300, providers: [slow] }` : `    config: { providers: [srv] }`)
    return lines.join('\n')
  })
  return `name: ${name}\nassert:\n  - toMatchRegex: { pattern: 'five' }\ntest_cases:\n${cases.join('\n')}\n`
}

/** The two servers of a resume test. */
export interface Servers {
  srv: string
  slow: string
}

/** `vitest.config.ts` with project `llm` on `srv` (at most `concurrency` requests at once, run-wide) and `slow`. */
export function serverConfig(servers: Servers, concurrency = 2, extra = ''): string {
  const provider = (id: string, baseURL: string, limit: number, extra: object = {}): string =>
    JSON.stringify({ type: 'openai', model: 'm', baseURL, id, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: limit, ...extra })
  const providers = `[${provider('srv', servers.srv, concurrency)}, ${provider('slow', servers.slow, 16, { retry: { attempts: 1 } })}]`
  return configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${providers}${extra} }`)
}

/** Datasets d0..d<files-1> of `cases` cases each, by path. */
export function datasetFiles(files: number, cases: number): Record<string, string> {
  const out: Record<string, string> = {}
  for (let f = 0; f < files; f++) out[`datasets/d${f}.dataset.yaml`] = mixedDataset(`d${f}`, cases)
  return out
}

/** The run folders of a project, sorted. */
export function runDirs(projectDir: string, outputDir = 'bench-results'): string[] {
  const base = path.join(projectDir, outputDir)
  if (!existsSync(base)) return []
  return readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => path.join(base, e.name))
    .sort()
}

export function onlyRunDir(projectDir: string): string {
  const dirs = runDirs(projectDir)
  if (dirs.length !== 1) throw new Error(`expected one run folder, found ${dirs.length}: ${dirs.join(', ')}`)
  return dirs[0] as string
}

export function readResults(runDir: string): RunResults {
  return JSON.parse(readFileSync(path.join(runDir, 'results.json'), 'utf8')) as RunResults
}

/** The complete lines of `results.jsonl`, parsed (throws on a line that is no JSON). */
export function readJsonl(runDir: string): CaseRecord[] {
  return completeLines(path.join(runDir, 'results.jsonl')).map((line) => JSON.parse(line) as CaseRecord)
}

/** `dataset/case › provider` of a record. */
export function caseName(r: Pick<CaseRecord, 'dataset' | 'caseId' | 'provider'>): string {
  return `${r.dataset}/${r.caseId} › ${r.provider}`
}

/** Status by case name. */
export function statuses(records: readonly CaseRecord[]): Record<string, string> {
  return Object.fromEntries(records.map((r) => [caseName(r), r.status]).sort(([a], [b]) => (a as string).localeCompare(b as string)))
}

/** The expected status of a case by its id. */
export function expectedStatus(caseId: string): string {
  if (FAILING.has(caseId)) return 'failed'
  return TIMING_OUT.has(caseId) ? 'timeout' : 'passed'
}

interface JsonReport {
  testResults: { assertionResults: { fullName: string; status: string }[] }[]
}

/** Test outcomes from Vitest's JSON reporter (`--reporter=json --outputFile=<file>`), by full test name. */
export function testOutcomes(file: string): Record<string, string> {
  const report = JSON.parse(readFileSync(file, 'utf8')) as JsonReport
  const pairs = report.testResults.flatMap((t) => t.assertionResults.map((a) => [a.fullName, a.status] as const))
  return Object.fromEntries([...pairs].sort(([a], [b]) => a.localeCompare(b)))
}
