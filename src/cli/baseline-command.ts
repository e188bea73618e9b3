import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { BaselineFileError, readBaseline, writeBaseline } from '../report/gates/baseline-file.ts'
import type { Baseline } from '../report/gates/baseline-schema.ts'
import { compareWithBaseline } from '../report/gates/compare.ts'
import { createBaseline } from '../report/gates/create-baseline.ts'
import { evaluateGates } from '../report/gates/evaluate.ts'
import { count, percent } from '../report/gates/format-values.ts'
import { formatGateReportMarkdown } from '../report/gates/format-markdown.ts'
import { formatGateReportTerminal } from '../report/gates/format-terminal.ts'
import { noBaselineNote } from '../report/gates/gate-result.ts'
import { readRunResults, type RunResults } from '../report/results-schema.ts'
import { stableStringify } from '../record/stable-json.ts'
import type { BaselineArgs } from './baseline-args.ts'
import { findRunResults } from './find-run.ts'

/** Where the command writes: stdout and stderr. */
export interface Output {
  out: (text: string) => void
  err: (text: string) => void
}

/** A reason the command cannot do its work (no run, no or bad baseline): exit code 2. */
class CannotRun extends Error {}

/**
 * `llm-test-bench baseline update|compare`. Exit codes: 0 done (compare: every
 * gate passed), 1 compare: a gate failed, 2 the command could not run (no
 * finished run, no or bad baseline, a bad results.json).
 */
export function baselineCommand(args: BaselineArgs, cwd: string, io: Output): number {
  try {
    if (args.action === 'update') return update(args, cwd, io)
    if (args.action === 'compare') return compare(args, cwd, io)
    return 2
  } catch (error) {
    if (!(error instanceof CannotRun || error instanceof BaselineFileError)) throw error
    io.err(`llm-test-bench baseline ${args.action ?? ''}: ${error.message}\n`)
    return 2
  }
}

/** Writes the baseline from a finished run. */
function update(args: BaselineArgs, cwd: string, io: Output): number {
  const { results, label } = loadRun(args, cwd)
  if (results.reason === 'interrupted') {
    throw new CannotRun(`run ${label} was interrupted: its results are partial; finish it (llm-test-bench run --resume ${results.runId}) or name another run`)
  }
  const file = resolve(cwd, args.baseline)
  const previous = previousBaseline(file)
  const baseline = createBaseline(results)
  writeBaseline(file, baseline)
  const ran = baseline.cases.filter((c) => c.status !== 'skipped').length
  const lines = [`wrote ${args.baseline} from run ${results.runId}: ${count(ran, 'case')}, pass rate ${percent(baseline.passRate)}`]
  if (previous && previous.project !== baseline.project) lines.push(`note: it replaced the baseline of project "${previous.project}"; give each llmBench project its own baseline file`)
  else if (previous) lines.push(`against the previous baseline (run ${previous.runId}): ${changesLine(results, previous, args.baseline)}`)
  lines.push('Commit it: `vitest run` compares later runs with it and holds them against the gates.')
  io.out(`${lines.join('\n')}\n`)
  return 0
}

/** Compares a finished run with the baseline and holds it against the gates given as flags. */
function compare(args: BaselineArgs, cwd: string, io: Output): number {
  const { results } = loadRun(args, cwd)
  const file = resolve(cwd, args.baseline)
  if (!existsSync(file)) throw new CannotRun(noBaselineNote(args.baseline))
  const baseline = readBaseline(file)
  if (baseline.project !== results.project) {
    throw new CannotRun(`${args.baseline} is the baseline of project "${baseline.project}", and run ${results.runId} is of "${results.project}": name the project's own baseline with --baseline`)
  }
  const report = evaluateGates(results, compareWithBaseline(results, baseline, args.baseline), args.gates, null)
  if (args.format === 'json') io.out(`${stableStringify(report, 2)}\n`)
  else if (args.format === 'markdown') io.out(formatGateReportMarkdown(report))
  else io.out(`Run ${results.runId}\n${formatGateReportTerminal(report)}\n`)
  return report.passed ? 0 : 1
}

function loadRun(args: BaselineArgs, cwd: string): { results: RunResults; label: string } {
  const found = findRunResults(args.run, args.outputDir, args.project, cwd, (message) => new CannotRun(message))
  try {
    return { results: readRunResults(found.file), label: found.label }
  } catch (error) {
    throw new CannotRun(error instanceof Error ? error.message : String(error))
  }
}

/** The baseline being replaced, if there is a readable one. */
function previousBaseline(file: string): Baseline | null {
  try {
    return existsSync(file) ? readBaseline(file) : null
  } catch {
    return null
  }
}

function changesLine(results: RunResults, previous: Baseline, file: string): string {
  const c = compareWithBaseline(results, previous, file)
  const parts = [
    `${c.newlyFailing.length} newly failing`,
    `${c.newlyPassing.length} newly passing`,
    count(c.scoreChanges.length, 'score change'),
    `${c.newCases.length} new`,
    `${c.missingCases.length} no longer run`,
  ]
  return `pass rate ${percent(c.passRate.before)} → ${percent(c.passRate.after)}; ${parts.join(', ')}`
}
