import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { CaseRecordSchema, TimingsSchema, UsageSchema } from '../record/schema.ts'
import { RunResultsSchema, type Provenance, type RunResults } from '../report/results-schema.ts'
import type { IndexCase } from './figures.ts'
import { IndexColumns } from './index-columns.ts'

/** What indexing a run reads: its identity, provenance and each record's outcome and numbers. */
export interface RunIndexInput {
  runId: string
  project: string
  mode: string
  startedAt: string
  endedAt: string
  reason: string
  provenance: Provenance | null
  /** The records: as columns (what a run's end and a folder's results.json give), or as IndexCase objects. */
  cases: IndexColumns | readonly IndexCase[]
}

/** The part of results.json the index reads (the rest is not parsed into objects, nor checked). */
const IndexedResultsSchema = RunResultsSchema.pick({ runId: true, project: true, mode: true, startedAt: true, endedAt: true, reason: true, provenance: true }).extend({
  // the fields the index reads, checked as the record schema has them; the rest of a record (texts, inter-token gaps) is not walked
  cases: z.array(
    CaseRecordSchema.pick({ dataset: true, caseId: true, provider: true, model: true, category: true, status: true, cost: true, variant: true }).extend({
      timings: TimingsSchema.pick({ e2eMs: true, ttftMs: true }).nullable(),
      usage: UsageSchema.pick({ inputTokens: true, outputTokens: true }),
    }),
  ),
})

/** The index input of a finished run in memory (its results and the records it read). */
export function runIndexInput(results: Pick<RunResults, 'runId' | 'project' | 'mode' | 'startedAt' | 'endedAt' | 'reason' | 'provenance'>, cases: IndexColumns | readonly IndexCase[]): RunIndexInput {
  const { runId, project, mode, startedAt, endedAt, reason } = results
  return { runId, project, mode, startedAt, endedAt, reason, provenance: results.provenance ?? null, cases }
}

/** A run folder's results.json read for the index; throws naming the file and the field paths of what is wrong. */
export function readRunFolder(dir: string): RunIndexInput {
  const file = join(dir, 'results.json')
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'))
  const parsed = IndexedResultsSchema.safeParse(data)
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
    throw new Error(`${file}: not a results.json the history can index:\n${issues.join('\n')}`)
  }
  const columns = new IndexColumns()
  for (const r of parsed.data.cases) columns.add(r)
  return runIndexInput(parsed.data, columns)
}

/** What says a run folder's results.json changed since it was indexed: its size and modification time. */
export function sourceStamp(dir: string): string | null {
  try {
    const stat = statSync(join(dir, 'results.json'))
    return `${stat.size}:${Math.round(stat.mtimeMs)}`
  } catch {
    return null
  }
}
