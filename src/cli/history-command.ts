import { resolve } from 'node:path'
import { pairedChange, type RunChange } from '../history/change.ts'
import type { Figures } from '../history/figures.ts'
import { HistoryUnavailableError, openHistory, type HistoryStore } from '../history/store.ts'
import { redactText } from '../providers/redaction/registry.ts'
import type { HistoryArgs } from './history-args.ts'

interface Io {
  out: (text: string) => void
  err: (text: string) => void
}

/** One row of the history table: a run, or a run's group with --dataset/--provider. */
export interface HistoryRow {
  runId: string
  project: string
  startedAt: string
  commit: string | null
  dirty: boolean | null
  /** dataset › provider › model (› variant) with --dataset/--provider; null for a whole run. */
  group: string | null
  figures: Figures
  /** The change from the previous row of the same series; null for the first. */
  change: (RunChange & { from: string }) | null
}

/** `llm-test-bench history [reindex]`: returns the exit code. */
export function historyCommand(args: HistoryArgs, cwd: string, io: Io): number {
  const outputDir = resolve(cwd, args.outputDir)
  let store: HistoryStore
  try {
    store = openHistory(outputDir, { sync: args.action === 'list' })
  } catch (error) {
    if (error instanceof HistoryUnavailableError) {
      io.err(`llm-test-bench history: ${error.message}\n`)
      return 1
    }
    throw error
  }
  try {
    if (store.rebuiltBecause !== null && store.rebuiltBecause !== 'there was none') io.err(`llm-test-bench history: ${store.file} was made again from the run folders: ${store.rebuiltBecause}\n`)
    if (args.action === 'reindex') {
      const report = store.reindex()
      for (const problem of report.problems) io.err(`llm-test-bench history: skipped: ${redactText(problem)}\n`)
      io.out(`indexed ${report.indexed.length} run${report.indexed.length === 1 ? '' : 's'} from ${args.outputDir} into ${store.file}\n`)
      return 0
    }
    const rows = historyRows(store, args)
    if (args.json) {
      io.out(`${JSON.stringify(rows, null, 2)}\n`)
      return 0
    }
    if (rows.length === 0) {
      io.out(`no runs indexed in ${args.outputDir}${filterText(args)}\n`)
      return 0
    }
    io.out(formatHistory(rows))
    return 0
  } finally {
    store.close()
  }
}

function filterText(args: HistoryArgs): string {
  const parts = [args.project && `project ${args.project}`, args.dataset && `dataset ${args.dataset}`, args.provider && `provider ${args.provider}`].filter(Boolean)
  return parts.length > 0 ? ` for ${parts.join(', ')}` : ''
}

/** The rows of the table, oldest first, each with its change from the previous row of its series. */
export function historyRows(store: HistoryStore, args: Pick<HistoryArgs, 'project' | 'dataset' | 'provider' | 'last'>): HistoryRow[] {
  const rows = allRows(store, args)
  // one run more was read so that the first run shown has its change too
  const shown = new Set([...new Set(rows.map((r) => r.runId))].slice(-args.last))
  return rows.filter((r) => shown.has(r.runId))
}

function allRows(store: HistoryStore, args: Pick<HistoryArgs, 'project' | 'dataset' | 'provider' | 'last'>): HistoryRow[] {
  const query = { project: args.project ?? undefined, dataset: args.dataset ?? undefined, provider: args.provider ?? undefined, last: args.last + 1 }
  const previous = new Map<string, string>()
  if (args.dataset === null && args.provider === null) {
    return store.listRuns(query).map((run) => {
      const series = JSON.stringify([run.project, run.mode])
      const from = previous.get(series)
      previous.set(series, run.id)
      const change = from === undefined ? null : { from, ...pairedChange(store, from, run.id) }
      return { runId: run.id, project: run.project, startedAt: run.startedAt, commit: run.git?.commit ?? null, dirty: run.git?.dirty ?? null, group: null, figures: run.figures, change }
    })
  }
  return store.trend(query).map((point) => {
    const series = JSON.stringify([point.project, point.dataset, point.provider, point.model, point.variant])
    const from = previous.get(series)
    previous.set(series, point.runId)
    const group = { dataset: point.dataset, provider: point.provider, model: point.model, variant: point.variant }
    const change = from === undefined ? null : { from, ...pairedChange(store, from, point.runId, group) }
    const label = [point.dataset, point.provider, point.model, ...(point.variant === null ? [] : [point.variant])].join(' › ')
    return { runId: point.runId, project: point.project, startedAt: point.startedAt, commit: point.commit, dirty: null, group: label, figures: point.figures, change }
  })
}

const pct = (v: number | null): string => (v === null ? '-' : `${(v * 100).toFixed(1)}%`)

function passRateText(f: Figures): string {
  if (f.passRate === null) return '-'
  if (f.passRateLower === null || f.passRateUpper === null) return pct(f.passRate)
  return `${pct(f.passRate)} [${(f.passRateLower * 100).toFixed(1)}–${(f.passRateUpper * 100).toFixed(1)}]`
}

function changeText(change: HistoryRow['change']): string {
  if (change === null) return ''
  if (change.overlapping === 0) return 'no cases in common'
  const counts = `${change.newlyFailing} newly failing, ${change.newlyPassing} newly passing, p=${change.pValue < 0.001 ? '<0.001' : change.pValue.toFixed(3)}`
  if (change.verdict === 'regressed') return `▼ regressed (${counts})`
  if (change.verdict === 'improved') return `▲ improved (${counts})`
  return change.newlyFailing + change.newlyPassing === 0 ? 'same outcomes' : `no significant change (${counts})`
}

/** The table: one line a row, columns padded, then what the marks mean. */
export function formatHistory(rows: readonly HistoryRow[]): string {
  const withGroup = rows.some((r) => r.group !== null)
  const header = ['run', 'started (UTC)', 'commit', ...(withGroup ? ['group'] : []), 'cases', 'pass rate [95% CI]', 'E2E p95', 'cost', 'change vs previous']
  const lines = rows.map((r) => [
    r.runId,
    r.startedAt.slice(0, 19).replace('T', ' '),
    r.commit === null ? '-' : `${r.commit.slice(0, 8)}${r.dirty ? '*' : ''}`,
    ...(withGroup ? [r.group ?? ''] : []),
    String(r.figures.cases),
    passRateText(r.figures),
    r.figures.e2eP95 === null ? '-' : `${Math.round(r.figures.e2eP95)} ms`,
    r.figures.costKnown === 0 ? '-' : `$${r.figures.cost.toFixed(4)}${r.figures.costUnknown > 0 ? '+' : ''}`,
    changeText(r.change),
  ])
  const table = [header, ...lines]
  const widths = header.map((_, c) => Math.max(...table.map((row) => [...(row[c] ?? '')].length)))
  const text = table.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ').trimEnd())
  text.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  ').trimEnd())
  const legend = [
    '',
    'change: this run against the previous one of the same project' + (withGroup ? ' and group' : '') + ', paired on the cases both ran',
    '  (mid-p McNemar, p < 0.05): ▼ regressed / ▲ improved; * after a commit: the tree had uncommitted changes; + after a cost: some records had no price.',
  ]
  return `${[...text, ...legend].join('\n')}\n`
}
