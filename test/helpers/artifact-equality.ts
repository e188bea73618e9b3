import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/**
 * Two run folders' artifacts, normalized for comparison: what differs between
 * two runs of the same cases by design is removed, everything else is kept.
 *
 * - `runId` (top level and in each record): each run has its own (its time is in it);
 * - `startedAt` / `endedAt` (top level and in each record): wall-clock times
 *   of the run and of each case.
 *
 * Every artifact of a folder is normalized: `results.json`, `results.jsonl`
 * (as a sorted set of records), `csv/*.csv` without their
 * `run_id`/`started_at`/`ended_at` columns, and any other file (summary.md,
 * report.html, raw responses...) as text with the run id and ISO timestamps
 * masked, so a comparison grows with the artifacts the reporter writes.
 * Used by the shard-merge test and by benchmarks/shard-merge (10,000 cases).
 */
export function normalizedArtifacts(dir: string, runId: string): Map<string, unknown> {
  return new Map(filesUnder(dir).map((file) => [file, normalizeFile(file, readFileSync(path.join(dir, file), 'utf8'), runId)]))
}

/** Every file under dir, relative, sorted. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => statSync(path.join(dir, name)).isFile())
    .map((name) => name.split(path.sep).join('/'))
    .sort()
}

/** The fields that differ between two runs of the same cases. */
const VOLATILE = new Set(['runId', 'startedAt', 'endedAt'])

/** results.json without the run id and the times. */
export function normalizeResults(results: unknown): unknown {
  const data = structuredClone(results) as Record<string, unknown> & { cases: Array<Record<string, unknown>> }
  for (const key of VOLATILE) delete data[key]
  for (const record of data.cases) for (const key of VOLATILE) delete record[key]
  // the repository's state when each run ended: a commit in between changes it, the cases do not
  const provenance = data['provenance'] as { git?: unknown } | undefined
  if (provenance?.git) provenance.git = '<git>'
  return data
}

const CSV_VOLATILE = new Set(['run_id', 'started_at', 'ended_at'])

function normalizeFile(file: string, text: string, runId: string): unknown {
  if (file === 'results.json') return normalizeResults(JSON.parse(text))
  if (file === 'results.jsonl') {
    const lines = text.split('\n').filter((line) => line !== '')
    return lines.map((line) => JSON.stringify(normalizeRecord(JSON.parse(line) as Record<string, unknown>))).sort()
  }
  if (file.endsWith('.csv')) return dropCsvColumns(text)
  // the dashboard's embedded data holds each case's start and end as epoch ms
  if (file === 'report.html') text = text.replace(/"(startedAt|endedAt)":\d+/g, '"$1":<epoch>')
  return text.split(runId).join('<run-id>').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
}

function normalizeRecord(record: Record<string, unknown>): Record<string, unknown> {
  for (const key of VOLATILE) delete record[key]
  return record
}

/** A CSV's cells without the run id and time columns. */
function dropCsvColumns(text: string): string[][] {
  const rows = parseCsv(text)
  const header = rows[0] ?? []
  const keep = header.map((h, i) => (CSV_VOLATILE.has(h) ? -1 : i)).filter((i) => i >= 0)
  return rows.map((row) => keep.map((i) => row[i] ?? ''))
}

/** RFC 4180 as csv-stringify writes it: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += c
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell])
  return rows
}
