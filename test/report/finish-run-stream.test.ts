import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { resolveOptions } from '../../src/config/options.ts'
import type { CaseRecord } from '../../src/record/schema.ts'
import { writeStableJsonFile } from '../../src/record/stable-json-file.ts'
import { writeArtifacts } from '../../src/report/artifacts/write-artifacts.ts'
import { finishRun } from '../../src/report/finish-run.ts'
import { writeBaseline } from '../../src/report/gates/baseline-file.ts'
import { createBaseline } from '../../src/report/gates/create-baseline.ts'
import { formatGateReportMarkdown } from '../../src/report/gates/format-markdown.ts'
import { gatesAtRunEnd } from '../../src/report/gates/run-end.ts'
import { aggregateLoad } from '../../src/report/load/aggregate-load.ts'
import { runProvenance } from '../../src/report/provenance.ts'
import { arraySource, jsonlSource } from '../../src/report/record-source.ts'
import { buildRunResults } from '../../src/report/run-results.ts'
import { makeRecords, RUN_START } from './html/fixture.ts'

/**
 * The end of a run from a record source (records slimmed, then read again in
 * results.json's order for the artifacts) writes the same bytes as the path
 * that holds every record (buildRunResults over the records, writeArtifacts
 * from them, results.json through writeStableJsonFile).
 */

const root = mkdtempSync(join(tmpdir(), 'llm-bench-finish-stream-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const RUN_ID = 'llm-20260512-093000-abcdef12'
const startedAt = new Date(RUN_START)
const endedAt = new Date(RUN_START + 600_000)

/** Edge records: attempt errors, model calls, a cache hit, a replay, a cost note, undefined fields, a judge, a resumed record. */
function edgeRecords(): CaseRecord[] {
  const base = makeRecords({ casesPerDataset: 1, seed: 11 })[0] as CaseRecord
  return [
    { ...base, caseId: 'edge-retried', attempts: 3, retries: 2, attemptErrors: [{ attempt: 1, class: 'rate_limit', message: 'HTTP 429 slow down', status: 429, backoffMs: 500 }, { attempt: 2, class: 'server_error', message: 'HTTP 500', status: 500 }] },
    {
      ...base,
      caseId: 'edge-calls',
      calls: [
        { provider: 'p', model: 'm', usage: { inputTokens: 3, outputTokens: 4, source: 'provider' }, cost: 0.001, timings: { queueMs: 0, ttftMs: 5, e2eMs: 9 }, cached: false, attempts: 1 },
        { provider: 'p', model: 'm', usage: { inputTokens: null, outputTokens: null, source: 'none' }, cost: null, timings: null, cached: false, attempts: 2, error: { class: 'timeout', message: 'too slow' } },
      ],
    },
    { ...base, caseId: 'edge-cached', cached: true, cost: 0 },
    { ...base, caseId: 'edge-replayed', replayed: true, costNote: 'replayed: no call made', cost: null },
    { ...base, caseId: 'edge-undefined', costNote: undefined, host: 'gpu-box', resumed: true },
    { ...base, caseId: 'edge-model-less', model: '', status: 'skipped', output: null, timings: null, evaluations: [] },
    { ...base, caseId: 'edge-stack', status: 'error', error: { class: 'provider_error', message: 'boom', stack: 'Error: boom\n    at x (y.ts:1:1)' } },
  ]
}

/** Every file under dir, relative with `/`, and its bytes. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = join(dir, name)
    if (statSync(file).isFile()) out.set(name.split(sep).join('/'), readFileSync(file, 'utf8'))
  }
  return out
}

/** The end of a run as it was before record sources: every record in memory. */
function heldPath(dir: string, records: readonly CaseRecord[], mode: 'run' | 'bench', projectRoot: string, options: ReturnType<typeof resolveOptions>): void {
  const withId = records.map((r) => ({ ...r, runId: RUN_ID }))
  const base = buildRunResults({ runId: RUN_ID, project: options.name, mode, startedAt, endedAt, reason: 'failed' }, withId, [], { load: aggregateLoad(withId, options.slo) })
  const gates = gatesAtRunEnd({ config: { root: projectRoot } }, base, { baseline: options.baseline ?? 'llm-baseline.json', gates: options.gates })
  // where the run came from, as finishRun works it out (src/report/provenance.ts)
  const { resume: _resume, ...identity } = options
  const results = { ...base, gates, provenance: runProvenance(projectRoot, identity, new Set(records.map((r) => r.datasetFile))) }
  const gateMarkdown = gates ? formatGateReportMarkdown(gates) : null
  writeArtifacts(dir, results, { html: true, csv: true, markdown: true, rawResponses: true, extraMarkdown: gateMarkdown ? [gateMarkdown] : [] })
  // results.json as the writer that held the whole tree wrote it
  writeStableJsonFile(join(dir, 'results.json.held'), results, 2)
}

/** The held path's results.json has a load report (the records carry load points). */
function heldLoad(dir: string): boolean {
  return readFileSync(join(dir, 'results.json.held'), 'utf8').includes('"concurrency=4"')
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  let s = seed
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1664525 + 1013904223) % 4294967296
    const j = Math.floor((s / 4294967296) * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

describe.each(['run', 'bench'] as const)('finishRun from a record source, %s mode', (mode) => {
  test('every artifact byte-identical to the path that holds every record', () => {
    const records = [...makeRecords({ casesPerDataset: mode === 'bench' ? 8 : 40, samples: mode === 'bench' ? 3 : 0, seed: 5, evil: true }), ...edgeRecords()]
    // a duplicate record (a Vitest retry): equal keys keep their arrival order
    records.push({ ...(records[3] as CaseRecord), status: 'passed' })
    // bench load profiles: two measurements' worth of records
    if (mode === 'bench') {
      records.forEach((r, i) => {
        if (i % 2 === 0) r.load = { measurement: i % 4 === 0 ? 0 : 1, label: i % 4 === 0 ? 'concurrency=1' : 'concurrency=4', kind: 'concurrency', concurrency: i % 4 === 0 ? 1 : 4, ratePerS: null, scheduledMs: null }
      })
    }
    const arrived = shuffled(records, 99)
    const projectRoot = join(root, mode)
    mkdirSync(projectRoot, { recursive: true })
    const options = resolveOptions({ name: 'llm', sampling: { enabled: false }, report: { html: true, csv: true, markdown: true, rawResponses: true }, gates: { noNewFailures: true, minPassRate: 0.5, maxP95LatencyIncrease: 0.2 } })
    // a baseline from a slightly different run, so that the gates compare case by case
    const before = buildRunResults({ runId: 'llm-20260511-000000-00000000', project: 'llm', mode, startedAt, endedAt, reason: 'passed' }, records.map((r, i) => (i % 7 === 0 ? { ...r, status: 'passed' as const } : r)), [])
    writeBaseline(join(projectRoot, 'llm-baseline.json'), createBaseline(before, new Date(RUN_START)))

    const held = join(projectRoot, 'held')
    heldPath(held, arrived, mode, projectRoot, options)

    // the reporter's file: one record a line, a torn last line
    const jsonl = join(projectRoot, 'results.jsonl')
    writeFileSync(jsonl, `${arrived.map((r) => JSON.stringify({ ...r, runId: RUN_ID })).join('\n')}\n{"caseId": "torn`)
    for (const [name, source] of [['jsonl', jsonlSource(jsonl)], ['array', arraySource(arrived)]] as const) {
      const dir = join(projectRoot, name)
      if (mode === 'bench') expect(heldLoad(held)).toBe(true)
      const finished = finishRun({ run: { id: RUN_ID, dir, startedAt }, options, mode, vitest: { config: { root: projectRoot } }, records: source, failures: [], reason: 'failed', samples: [], endedAt })
      expect(finished.saved).toBe(true)
      expect(finished.gates?.baseline?.newlyFailing.length ?? 0).toBeGreaterThan(0)
      const got = tree(dir)
      const want = tree(held)
      expect(got.get('results.json')).toBe(want.get('results.json.held'))
      want.delete('results.json.held')
      expect([...got.keys()]).toEqual([...want.keys()])
      for (const [file, text] of want) expect(got.get(file), `${name}: ${file}`).toBe(text)
    }
    expect(readFileSync(join(held, 'csv', 'cases.csv'), 'utf8').split('\n').length).toBe(records.length + 2)
  })
})
