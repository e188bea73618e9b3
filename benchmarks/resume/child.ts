/**
 * One measurement in a fresh process: plans the resume of the run folder given
 * (reads its results.jsonl as the main process does at the start of a resumed
 * run) and prints one JSON line: planning time, peak RSS, finished cases, and
 * the bytes of what `provide` hands every worker (JSON).
 *
 *   node benchmarks/resume/child.ts <outputDir> <runId>
 */
import { planResume } from '../../src/runner/resume/plan.ts'

const [outputDir = '', runId = ''] = process.argv.slice(2)
const rssBefore = process.memoryUsage().rss
const started = performance.now()
const { plan } = planResume({ outputDir, projectName: 'bench', mode: 'run' }, { kind: 'run', runId })
const ms = performance.now() - started
if (!plan) throw new Error(`no plan for ${runId} in ${outputDir}`)
const provided = Buffer.byteLength(JSON.stringify(plan.provided))
const peakRssMB = process.resourceUsage().maxRSS / 1024
console.log(JSON.stringify({ ms, peakRssMB, rssBeforeMB: rssBefore / 2 ** 20, finished: plan.finished, providedBytes: provided }))
