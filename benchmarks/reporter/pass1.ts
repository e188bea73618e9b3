/**
 * The reporter's pass 1 alone (read + slim every record, aggregate, gates), no
 * artifacts: CPU ms, heap after a GC and peak RSS, from a results.jsonl made by
 * `child.ts generate`. Run with --expose-gc.
 *
 *   node --expose-gc benchmarks/reporter/pass1.ts <dir> [results-without-cases.json]
 */
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { buildRunResults } from '../../src/report/run-results.ts'
import { jsonlSource } from '../../src/report/record-source.ts'
import { RecordSlimmer } from '../../src/report/slim-record.ts'
import type { CaseRecord } from '../../src/record/schema.ts'

const [dir = '.cache/bench-reporter', out] = process.argv.slice(2)
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {})
gc()
const heap0 = process.memoryUsage().heapUsed
const cpu0 = process.cpuUsage()
const slimmer = new RecordSlimmer()
const records: CaseRecord[] = []
for (const r of jsonlSource(join(dir, 'results.jsonl'))()) records.push(slimmer.slim(r))
const cpu1 = process.cpuUsage(cpu0)
gc()
const heap1 = process.memoryUsage().heapUsed
const results = buildRunResults({ runId: 'x', project: 'bench', mode: 'run', startedAt: new Date(0), endedAt: new Date(0), reason: 'passed' }, records, [])
const cpu2 = process.cpuUsage(cpu0)
if (out !== undefined) writeFileSync(out, JSON.stringify({ ...results, cases: null }, null, 1))
const ms = (c: NodeJS.CpuUsage): number => (c.user + c.system) / 1000
console.log(JSON.stringify({ records: records.length, readSlimCpuMs: Math.round(ms(cpu1)), aggregateCpuMs: Math.round(ms(cpu2) - ms(cpu1)), slimHeapMB: Math.round((heap1 - heap0) / 2 ** 20), peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), load: loadavg()[0], groups: results.byDatasetProvider.length }))
