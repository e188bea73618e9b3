/**
 * One measurement in a fresh process: plans the resume of the run folder given
 * (reads its results.jsonl as the main process does at the start of a resumed
 * run) and prints one JSON line: planning time (wall and CPU), peak RSS, finished cases, and
 * the bytes of what `provide` hands every worker (JSON).
 *
 *   node benchmarks/resume/child.ts <outputDir> <runId> [<src folder>]
 */
const [outputDir = '', runId = '', srcRoot = '../../src'] = process.argv.slice(2)
// the source tree to measure: this checkout's, or an earlier revision's (run.ts --before)
const { planResume } = (await import(`${srcRoot}/runner/resume/plan.ts`)) as typeof import('../../src/runner/resume/plan.ts')
const rssBefore = process.memoryUsage().rss
const started = performance.now()
const cpuBefore = process.cpuUsage()
const { plan } = planResume({ outputDir, projectName: 'bench', mode: 'run' }, { kind: 'run', runId })
const ms = performance.now() - started
const cpu = process.cpuUsage(cpuBefore)
const cpuMs = (cpu.user + cpu.system) / 1000
if (!plan) throw new Error(`no plan for ${runId} in ${outputDir}`)
// before 267b854 the plan held the records themselves (`index`), and workers were provided them
const provided = Buffer.byteLength(JSON.stringify('provided' in plan ? plan.provided : (plan as { index?: unknown }).index))
const peakRssMB = process.resourceUsage().maxRSS / 1024
console.log(JSON.stringify({ ms, cpuMs, peakRssMB, rssBeforeMB: rssBefore / 2 ** 20, finished: plan.finished, providedBytes: provided }))
