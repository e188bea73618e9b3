import path from 'node:path'
import { codeFrame } from '../dataset/code-frame.ts'
import { displayPath, formatDatasetIssue } from '../dataset/errors.ts'
import { ESTIMATE_NOTE } from '../fleet/estimate.ts'
import { formatManifestIssues, sortIssues } from '../fleet/manifest-error.ts'
import { expandMatrix, type FleetMatrix, type Totals } from '../fleet/matrix.ts'
import { loadManifest } from '../fleet/load-manifest.ts'
import { fleetRunId } from '../fleet/run-id.ts'
import type { FleetValidation } from '../fleet/validate.ts'
import { validateFleetWithMatchers } from '../fleet/validate-matchers.ts'
import { addRunSecrets, redactText } from '../providers/redaction/index.ts'
import type { FleetArgs } from './fleet-args.ts'
import { fleetPlanCommand } from './fleet-plan-command.ts'
import { fleetListCommand, fleetMergeCommand, fleetRunCommand, fleetStatusCommand } from './fleet-run-command.ts'

interface Output {
  out: (text: string) => void
  err: (text: string) => void
}

/**
 * `fleet validate` and `fleet run --dry-run`: 0 valid, 1 the manifest has problems, 2 cannot run.
 * Everything printed goes through the redactor, with the secrets of the manifest's provider specs
 * (header values, URL credentials, the keys their variables hold) registered first: a code frame
 * or a provider id never shows one.
 */
export function fleetCommand(args: FleetArgs, cwd: string, io: Output): number | Promise<number> {
  if (args.action === 'status') return fleetStatusCommand(args, cwd, io)
  if (args.action === 'list') return fleetListCommand(args, cwd, io)
  if (args.action === 'merge') return fleetMergeCommand(args, cwd, io)
  if (args.manifest === null) return 2
  const file = path.resolve(cwd, args.manifest)
  addRunSecrets({ providers: rawProviders(file) })
  const redacted: Output = { out: (text) => io.out(redactText(text)), err: (text) => io.err(redactText(text)) }
  if (args.action === 'plan') return fleetPlanCommand(args, file, cwd, redacted)
  return fleetAction(args, file, redacted)
}

/** The `providers` entries as written (whatever the schema says of them), for their secrets. */
function rawProviders(file: string): unknown[] {
  const data = loadManifest(file).source?.data
  const providers = typeof data === 'object' && data !== null && !Array.isArray(data) ? Reflect.get(data, 'providers') : undefined
  return Array.isArray(providers) ? providers : []
}

async function fleetAction(args: FleetArgs, file: string, io: Output): Promise<number> {
  if (args.action === 'run' && !args.dryRun) return fleetRunCommand(args, file, io)
  const validation = await validateFleetWithMatchers(file, { replay: args.replay || undefined })
  const { manifest } = validation
  if (validation.issues.length > 0 || manifest === null) {
    if (args.json) io.out(`${JSON.stringify({ valid: false, issues: sortIssues(validation.file, validation.issues), warnings: validation.warnings }, null, 2)}\n`)
    else io.err(problemsText(validation))
    return 1
  }
  const manifestDir = path.dirname(validation.file)
  const matrix = expandMatrix(validation.groups, validation.providers, manifestDir)
  const files = [...new Set(validation.groups.flatMap((g) => g.files))]
  const runId = fleetRunId(manifest.fleet_id, new Date(), loadManifest(validation.file).source?.data, manifestDir, files)
  const artifactDir = path.join(path.resolve(manifestDir, manifest.output.base_dir), runId)
  if (args.json) {
    io.out(`${JSON.stringify({ valid: true, fleetId: manifest.fleet_id, version: manifest.version, runId, artifactDir, ...matrixJson(matrix), estimateNote: ESTIMATE_NOTE, warnings: validation.warnings }, null, 2)}\n`)
    return 0
  }
  const warnings = validation.warnings.map((w) => `warning: ${formatDatasetIssue(w)}\n`).join('')
  if (args.action === 'validate') {
    const t = matrix.total
    io.out(`${displayPath(validation.file)}: valid: fleet "${manifest.fleet_id}" version ${manifest.version}, ${count(manifest.repositories.length, 'repository', 'repositories')}, ${count(validation.providers.length, 'provider')}, ${count(Object.keys(manifest.scenario_profiles).length, 'scenario profile')}: ${count(t.cells, 'cell')}, ${count(t.cases, 'case')}\n${warnings}`)
    return 0
  }
  io.out(`${dryRunText(manifest.fleet_id, manifest.version, runId, artifactDir, matrix)}${warnings}`)
  return 0
}

function problemsText(validation: FleetValidation): string {
  const issues = sortIssues(validation.file, validation.issues)
  const first = issues[0]
  const frame = first === undefined ? null : codeFrame(first.file, first.line, first.column)
  const warnings = validation.warnings.map((w) => `warning: ${formatDatasetIssue(w)}\n`).join('')
  return `${formatManifestIssues(validation.file, issues, 'Invalid fleet manifest')}\n${frame === null ? '' : `\n${frame}\n`}${warnings}`
}

function matrixJson(matrix: FleetMatrix): Record<string, unknown> {
  return {
    cells: matrix.cells,
    totals: {
      repositories: Object.fromEntries(matrix.byRepository),
      scenarios: Object.fromEntries(matrix.byScenario),
      providers: Object.fromEntries(matrix.byProvider),
      total: matrix.total,
    },
  }
}

function dryRunText(fleetId: string, version: string, runId: string, artifactDir: string, matrix: FleetMatrix): string {
  const header = ['repository', 'scenario', 'provider', 'cases', 'input tok', 'output tok', 'cost USD']
  const rows = matrix.cells.map((c) => [c.repoId, c.scenario, c.providerId, String(c.cases), String(c.estimate.inputTokens), String(c.estimate.outputTokens), cost(c.estimate.costUsd)])
  const totals = (title: string, map: Map<string, Totals>): string => `\n${title}\n${table([title.split(' ').at(-1) ?? '', 'cells', 'cases', 'input tok', 'output tok', 'cost USD'], [...map].map(([name, t]) => [name, String(t.cells), String(t.cases), String(t.inputTokens), String(t.outputTokens), cost(t.costUsd)]), 1)}`
  const t = matrix.total
  return [
    `Fleet "${fleetId}" version ${version}: dry run, nothing was run`,
    `Run id:    ${runId}`,
    `Artifacts: ${displayPath(artifactDir)}`,
    '',
    table(header, rows),
    totals('Totals by repository', matrix.byRepository),
    totals('Totals by scenario', matrix.byScenario),
    totals('Totals by provider', matrix.byProvider),
    '',
    `Total: ${count(t.cells, 'cell')}, ${count(t.cases, 'case')}, ~${t.inputTokens} input tokens, ~${t.outputTokens} output tokens, cost ${t.costUsd === null ? 'unknown (a provider has no known price)' : `~$${t.costUsd.toFixed(4)}`}`,
    ESTIMATE_NOTE,
    '',
  ].join('\n')
}

/** Columns padded to their widest cell: the first `textColumns` left-aligned, the numbers right-aligned. */
function table(header: readonly string[], rows: readonly (readonly string[])[], textColumns = 3): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]): string => cells.map((cell, i) => (i < textColumns ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}

function cost(usd: number | null): string {
  return usd === null ? 'unknown' : usd.toFixed(4)
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`
}
