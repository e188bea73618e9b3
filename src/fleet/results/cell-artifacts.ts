import { stringify } from 'csv-stringify/sync'
import { join } from 'node:path'
import { writeFileAtomic } from '../../record/atomic-write.ts'
import type { CaseRecord } from '../../record/schema.ts'
import { stableStringify } from '../../record/stable-json.ts'
import { compareText, computeStats } from '../../report/aggregate.ts'
import { caseColumns } from '../../report/artifacts/case-columns.ts'
import { table } from '../../report/artifacts/columns.ts'
import { safePart } from '../../report/artifacts/raw-responses.ts'
import { redactText } from '../../providers/redaction/index.ts'

/** What one cell's folder is written from. */
export interface CellOutput {
  runId: string
  repoId: string
  provider: string
  scenario: string
  projectName: string
  /** The cell's records, in results order. */
  records: readonly CaseRecord[]
}

/**
 * One cell's folder `{repo}/{provider}/{scenario}/`: `results.json` (the
 * cell's run metrics and its records, keys sorted) when `json`, `results.csv`
 * (one row per record, as a run's cases.csv) when `csv`, and `responses/`
 * with one text file per record: PROMPT, COMPLETION and METRICS sections.
 * Every file is written whole and atomically, its text through the redactor
 * (the cell's names come from the manifest).
 */
export function writeCellArtifacts(folder: string, cell: CellOutput, formats: ReadonlySet<string>): void {
  if (formats.has('json')) {
    const value = { runId: cell.runId, repoId: cell.repoId, provider: cell.provider, scenario: cell.scenario, projectName: cell.projectName, stats: computeStats(cell.records), cases: cell.records }
    writeFileAtomic(join(folder, 'results.json'), redactText(`${stableStringify(value, 2)}\n`), { fsync: false })
  }
  if (formats.has('csv')) {
    const matchers = [...new Set(cell.records.flatMap((r) => r.evaluations.map((e) => e.name)))].sort(compareText)
    writeFileAtomic(join(folder, 'results.csv'), redactText(csvText(table(caseColumns(matchers), cell.records))), { fsync: false })
  }
  const used = new Set<string>()
  for (const r of cell.records) {
    const base = [safePart(r.dataset), safePart(r.caseId), ...(r.sample === null ? [] : [String(r.sample)])].join('.')
    let name = `${base}.txt`
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base}~${n}.txt`
    used.add(name.toLowerCase())
    writeFileAtomic(join(folder, 'responses', name), redactText(responseText(r)), { fsync: false })
  }
}

/** RFC 4180 with `\n` line ends, a lone CR quoted (as the run's CSVs). */
export function csvText(cells: string[][]): string {
  return stringify(cells, { record_delimiter: 'unix', quoted_match: /\r/ })
}

/** A case's response file: its prompt, its completion and its numbers, in three sections. */
export function responseText(r: CaseRecord): string {
  const t = r.timings
  const metrics: [string, string | number | boolean | null][] = [
    ['dataset', r.dataset],
    ['case_id', r.caseId],
    ['category', r.category],
    ['provider', r.provider],
    ['model', r.model],
    ['sample', r.sample],
    ['status', r.status],
    ['error', r.error ? `${r.error.class}: ${r.error.message}` : null],
    ['finish_reason', r.finishReason],
    ['input_tokens', r.usage.inputTokens],
    ['output_tokens', r.usage.outputTokens],
    ['cost_usd', r.cost],
    ['cost_note', r.costNote ?? null],
    ['e2e_ms', t?.e2eMs ?? null],
    ['ttft_ms', t?.ttftMs ?? null],
    ['tpot_ms', t?.tpotMs ?? null],
    ['queue_ms', t?.queueMs ?? null],
    ['attempts', r.attempts],
    ['replayed', r.cached],
    ['host', r.host ?? null],
    ['started_at', r.startedAt],
    ['ended_at', r.endedAt],
    ...r.evaluations.map((e): [string, string] => [`score_${e.name}`, `${e.score} (${e.pass ? 'pass' : 'fail'}) ${e.reason}`]),
  ]
  const lines = metrics.map(([k, v]) => `${k}: ${v === null ? '' : String(v)}`)
  return `=== PROMPT ===\n${r.prompt}\n\n=== COMPLETION ===\n${r.output ?? ''}\n\n=== METRICS ===\n${lines.join('\n')}\n`
}
