import { dirname } from 'node:path'
import { defaultBaselineFile, type ResolvedOptions } from '../config/options.ts'
import type { WorkerHealth } from '../metrics/client-health/schema.ts'
import { clientHealthLine, summarizeClientHealth } from '../metrics/client-health/summarize.ts'
import { summarizeSystem } from '../metrics/system/summarize.ts'
import type { SystemSamples } from '../metrics/system/types.ts'
import type { CaseRecord, VariantSet } from '../record/schema.ts'
import { writeArtifacts } from './artifacts/write-artifacts.ts'
import { worthAThread, type ResultsJsonLines } from './artifacts/results-json-thread.ts'
import { formatGateReportMarkdown } from './gates/format-markdown.ts'
import { formatGateReportTerminal } from './gates/format-terminal.ts'
import type { GatingContext } from './gates/fail-run.ts'
import { baselineWarning, gatesAtRunEnd } from './gates/run-end.ts'
import type { GateReport } from './gates/types.ts'
import { buildRunResults, compareRecords, type DatasetFailure, type RunResults } from './run-results.ts'
import { releasePercentileScratch } from '../metrics/percentile.ts'
import { arraySource, type RecordLine, type RecordSource } from './record-source.ts'
import { formatResultsTable } from './table.ts'
import { repeatsLines } from './repeats/aggregate.ts'
import { FirstPass } from './first-pass.ts'
import { TextsAhead } from './html/texts-ahead.ts'
import type { PreloadedTexts } from './html/case-context.ts'
import { aggregateLoad } from './load/aggregate-load.ts'
import { runProvenance } from './provenance.ts'
import { indexAtRunEnd } from '../history/index-at-run-end.ts'
import { removeSpool, type CaseCsvSpool } from './artifacts/csv-spool.ts'

export interface FinishRunInput {
  run: { id: string; dir: string; startedAt: Date }
  options: ResolvedOptions
  mode: 'run' | 'watch' | 'bench'
  /** Vitest's root (the baseline is relative to it) and shard: a shard is not gated, the merge is. */
  vitest: GatingContext
  /** The run's records, read in passes (see record-source.ts). */
  records: RecordSource
  failures: readonly DatasetFailure[]
  reason: string
  /** One per sampler (machine) that sampled this run; empty when sampling is off. */
  samples: readonly SystemSamples[]
  /** What the workers' modules carried (event-loop delay, CPU while requests were in flight) and the main process's CPU %, null in a merged report. */
  clientHealth?: { workers: readonly WorkerHealth[]; mainCpuPct: number | null }
  endedAt?: Date
  /** Why some records are not on disk (a failed `results.jsonl`), one line each: the run is then not marked finished. */
  notSaved?: string[]
  /** The datasets' prompt variants and their references (results.json `variants`); none without variants. */
  variants?: readonly VariantSet[]
}

export interface FinishedRun {
  /** The run's numbers; its `cases` are slimmed records (see slim-record.ts), the whole ones are in the artifacts. */
  results: RunResults
  /** The terminal text: the table, the GPU line and warnings, the gate report. */
  text: string
  /** summary.md's text, when written (for `$GITHUB_STEP_SUMMARY`). */
  markdown: string | null
  gates: GateReport | null
  files: string[]
  /** Every record and artifact is on disk and `results.json` marks the run finished; when false, `text` ends with what failed. */
  saved: boolean
}

/**
 * A run's end, from its case records alone (so a merged shard report gives the
 * same artifacts as one unsharded run): aggregate, summarise the system
 * samples, gate against the baseline, write every artifact, and say it in the
 * terminal.
 */
export function finishRun(input: FinishRunInput): FinishedRun {
  const { options } = input
  // a spool left by a followed end whose process died (or a killed run, resumed): this end makes cases.csv whole
  removeSpool(input.run.dir)
  // pass 1: every record slimmed (what the numbers, gates and summary.md read), in arrival order
  const first = new FirstPass(input.run.id)
  // report.html's side-by-side texts: a large run's dataset files are read on another thread meanwhile
  const texts = options.report.html ? new TextsAhead() : null
  try {
    for (const r of input.records()) {
      first.add(r)
      texts?.see(first)
    }
    return finishAfterFirstPass(input, first, texts)
  } finally {
    texts?.preload?.close()
  }
}

/**
 * The rest of the run's end once pass 1 has seen every record of `input.records` (in its order),
 * here or as the records came (jsonl-follower.ts): the numbers, gates and artifacts. The caller
 * closes `texts`' thread.
 */
export function finishAfterFirstPass(input: FinishRunInput, first: FirstPass, texts: TextsAhead | null, csvSpool?: CaseCsvSpool): FinishedRun {
  // every dataset file is known: the thread ends once it has read them
  return finishFromFirstPass(input, first, texts?.texts(), csvSpool)
}

/** The rest of the run's end, once pass 1 is done. */
function finishFromFirstPass(input: FinishRunInput, first: FirstPass, caseTexts: PreloadedTexts | undefined, csvSpool: CaseCsvSpool | undefined): FinishedRun {
  const { run, options } = input
  const info = { runId: run.id, project: options.name, mode: input.mode, startedAt: run.startedAt, endedAt: input.endedAt ?? new Date(), reason: input.reason }
  const { slimmer, records, repeats, datasetFiles, indexCases } = first
  const order = sortedPositions(records)
  const system = options.sampling.enabled ? summarizeSystem(input.samples, records, { minLocalGpuUtilizationPct: options.sampling.minLocalGpuUtilizationPct }) : null
  const health = input.clientHealth
  const clientHealth = options.clientHealth.enabled && health && health.workers.length > 0 ? summarizeClientHealth(health.workers, options.clientHealth.maxLagMs, health.mainCpuPct) : null
  // the slim records carry all it reads (status, model, usage, timings, load): no second parse of the file
  const load = aggregateLoad(records, options.slo)
  const base = buildRunResults(info, Array.from(order, (i) => records[i] as CaseRecord), input.failures, { system, clientHealth, load })
  records.length = 0
  const baseline = options.baseline ?? defaultBaselineFile(options.name)
  const gates = gatesAtRunEnd(input.vitest, base, { baseline, gates: options.gates, runsDir: dirname(run.dir) })
  const repeatGroups = repeats.result()
  // resuming or not is no part of the config's identity (as for the run id)
  const { resume: _resume, ...identity } = options
  const provenance = runProvenance(input.vitest.config.root, identity, datasetFiles)
  const variants = input.variants && input.variants.length > 0 ? { variants: [...input.variants] } : {}
  const results: RunResults = { ...base, ...variants, ...(repeatGroups.length > 0 ? { repeats: repeatGroups } : {}), gates, provenance }
  const gateMarkdown = gates ? formatGateReportMarkdown(gates) : null
  // the numbers and gates are made: the pooled gaps and the selection buffer go before the artifacts' pass
  slimmer.releaseGaps(base.cases)
  releasePercentileScratch()
  const written = writeArtifacts(run.dir, results, {
    html: options.report.html,
    csv: options.report.csv,
    markdown: options.report.markdown,
    rawResponses: options.report.rawResponses,
    extraMarkdown: gateMarkdown ? [gateMarkdown] : [],
    notSaved: input.notSaved ?? [],
    // later passes: the whole records, in results.json's order, read again from the source
    recordLines: inOrder(input.records, order, run.id),
    // results.json copied from the records' lines on a thread meanwhile, where the source has many
    ...resultsJsonLines(input.records, order, run.id),
    ...(caseTexts ? { caseTexts } : {}),
    // cases.csv's lines made as the records came (pass 1's positions are the spool's)
    ...(csvSpool ? { caseCsvLines: csvSpool.inOrder(order) } : {}),
  })
  // the table and the gates come first, whatever the disk did: they are made from the records in memory
  const problems = written.finished ? written.problems : [`llm-test-bench: run ${run.id} is not saved whole (${run.dir}):`, ...written.problems.map((line) => `  ${line}`)]
  const warning = baselineWarning(input.vitest, gates, baseline)
  // the run history (src/history/): indexed once results.json is on disk; a failure is one warning line, the run's outcome unchanged
  const historyWarning = written.finished ? indexAtRunEnd(run.dir, results, indexCases) : null
  return { results, text: [terminalText(results, gates), ...(warning ? [warning] : []), ...(historyWarning ? [historyWarning] : []), ...problems].join('\n'), markdown: written.markdown, gates, files: written.files, saved: written.finished }
}

/** Positions of the records in results.json's order (a stable sort: equal records keep their arrival order). */
function sortedPositions(records: readonly CaseRecord[]): Uint32Array {
  const order = new Uint32Array(records.length)
  for (let i = 0; i < order.length; i++) order[i] = i
  return order.sort((a, b) => compareRecords(records[a] as CaseRecord, records[b] as CaseRecord))
}

/** The source's records at these positions, in this order, each with the run's id (and its JSON line when it has one); a pass per call. */
function inOrder(source: RecordSource, order: Uint32Array, runId: string): () => Iterable<RecordLine> {
  const lines = source.linesInOrder
  if (lines) {
    return function* () {
      for (const { record, line } of lines(order)) yield { record: { ...record, runId }, line }
    }
  }
  let read = source.inOrder
  return function* () {
    // a source that cannot read by position is read whole once (its records are in memory anyway)
    read ??= arraySource([...source()]).inOrder
    for (const r of read?.(order) ?? []) yield { record: { ...r, runId }, line: null }
  }
}

/** Where results.json's lines are, for a thread to copy them, when the source has them and they are many (see results-json-thread.ts). */
function resultsJsonLines(source: RecordSource, order: Uint32Array, runId: string): { resultsJsonLines?: ResultsJsonLines } {
  const map = source.lineMap?.() ?? null
  return map && worthAThread(map) ? { resultsJsonLines: { map, order, runId } } : {}
}

function terminalText(results: RunResults, gates: GateReport | null): string {
  const lines = [formatResultsTable(results)]
  const system = results.system
  if (system) {
    if (system.gpuUnavailable) lines.push(system.gpuUnavailable)
    else lines.push(gpuLine(system))
    for (const warning of system.warnings) lines.push(`warning: ${warning}`)
  }
  if (results.clientHealth) lines.push(`${results.clientHealth.clientBound ? 'warning: ' : ''}${clientHealthLine(results.clientHealth)}`)
  if (results.repeats) lines.push(...repeatsLines(results.repeats))
  if (gates && (gates.gates.length > 0 || gates.baseline)) lines.push('', formatGateReportTerminal(gates))
  return lines.join('\n')
}

function gpuLine(system: NonNullable<RunResults['system']>): string {
  const fmt = (v: number | null, unit: string): string => (v === null ? '-' : `${v.toFixed(0)}${unit}`)
  const { utilizationPct, memoryUsedMiB } = system.gpu
  const names = [...new Set(system.gpus.map((g) => g.name))].join(', ')
  return `GPU (${system.gpus.length} × ${names}): utilization avg ${fmt(utilizationPct.avg, '%')}, peak ${fmt(utilizationPct.peak, '%')}; memory avg ${fmt(memoryUsedMiB.avg, ' MiB')}, peak ${fmt(memoryUsedMiB.peak, ' MiB')}`
}
