import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../../record/atomic-write.ts'
import type { CaseRecord } from '../../record/schema.ts'
import { stableStringify } from '../../record/stable-json.ts'
import { addSpecSecrets, redactText, redactValue } from '../../providers/redaction/index.ts'
import { compareText, computeStats } from '../../report/aggregate.ts'
import { safePart } from '../../report/artifacts/raw-responses.ts'
import { jsonlSource } from '../../report/record-source.ts'
import { compareRecords } from '../../report/run-results.ts'
import type { FleetManifest } from '../manifest-schema.ts'
import { categoryResult, fleetSummary, providerResult, Totals, totalsFor } from './accumulate.ts'
import { writeCellArtifacts } from './cell-artifacts.ts'
import { HostSamples, readSystemSection } from './host-samples.ts'
import { fleetCasesCsv, writeFleetCsvs, type FleetCaseRow } from './csv.ts'
import { fleetGates } from './gates.ts'
import { writeExecutiveReport } from './html.ts'
import { FAILING_CASES_LIMIT, FLEET_RESULTS_VERSION, type FleetCell, type FleetFailingCase, type FleetRepositoryResult, type FleetResults } from './schema.ts'

/** One repository × scenario × provider cell of a fleet run, as the fleet run hands it over. */
export interface FleetCellInput {
  repoId: string
  scenario: string
  /** The provider's id, as records name it (`record.provider`). */
  provider: string
  projectName: string
  /** The llmBench run folder holding the cell's `results.jsonl`; null when the cell did not run. */
  runDir: string | null
  /** Why the cell did not run (or broke); null when it ran. */
  failure: string | null
}

export interface FleetArtifactsInput {
  runId: string
  manifest: FleetManifest
  cells: readonly FleetCellInput[]
  /**
   * Write each cell's folder (`results.json`, `results.csv`, a response file per case); default
   * true. Off, only the fleet files are written: a 100,000-case fleet's folders are 100,000 small
   * files, most of the time of writing its artifacts (see docs/performance.md).
   */
  cellFolders?: boolean
}

/** What was written. */
export interface FleetArtifacts {
  results: FleetResults
  /** Files written, relative to the run folder (cell response files counted, not listed). */
  files: string[]
  responseFiles: number
}

/**
 * Writes a fleet run's artifacts into `runDir`: `fleet-results.json`
 * (`json`), `csv/` (`csv`), `executive-report.html` (`html`) as the manifest's
 * `output.formats` ask, and per cell `{repo}/{provider}/{scenario}/` with
 * `results.json`, `results.csv` and `responses/`. Cells are read one
 * repository at a time from their `results.jsonl` (records of the cell's
 * provider only), so memory holds one repository's records, plus a few
 * numbers per record for the fleet percentiles. A cell that did not run is
 * reported, never hides the others. Names and texts that come from the
 * manifest go through the redactor with the manifest's provider secrets.
 */
export function writeFleetArtifacts(runDir: string, input: FleetArtifactsInput): FleetArtifacts {
  for (const spec of input.manifest.providers) addSpecSecrets(spec)
  const formats = new Set<string>(input.manifest.output.formats)
  const files: string[] = []
  const agg = new Aggregation(runDir, input, formats)
  if (formats.has('csv')) {
    const casesCsv = fleetCasesCsv()
    writeFileAtomic(join(runDir, 'csv', 'cases.csv'), (write) => {
      write(casesCsv.header)
      agg.run((rows) => write(redactText(casesCsv.rows(rows))))
    })
    files.push('csv/cases.csv')
  } else agg.run(() => {})
  const results = redactValue(agg.results())
  if (formats.has('json')) {
    writeFileAtomic(join(runDir, 'fleet-results.json'), `${stableStringify(results, 2)}\n`)
    files.push('fleet-results.json')
  }
  if (formats.has('csv')) {
    writeFleetCsvs(runDir, results, agg.matcherNames())
    files.push('csv/fleet-summary.csv', 'csv/repositories.csv', 'csv/providers.csv', 'csv/categories.csv')
  }
  if (formats.has('html')) {
    writeExecutiveReport(join(runDir, 'executive-report.html'), results)
    files.push('executive-report.html')
  }
  return { results, files: files.sort(compareText), responseFiles: agg.responseFiles }
}

/** The cells in a stable order: repository, provider, scenario. */
function compareCells(a: FleetCellInput, b: FleetCellInput): number {
  return compareText(a.repoId, b.repoId) || compareText(a.provider, b.provider) || compareText(a.scenario, b.scenario)
}

class Aggregation {
  readonly #runDir: string
  readonly #input: FleetArtifactsInput
  readonly #formats: ReadonlySet<string>
  readonly #cells: FleetCellInput[]
  readonly all = new Totals({ durations: true, firstTokens: true })
  readonly byProvider = new Map<string, Totals>()
  readonly byCategory = new Map<string, Totals>()
  readonly byPair = new Map<string, Totals>()
  readonly providerRepos = new Map<string, Set<string>>()
  readonly hosts = new Map<string, number>()
  readonly hostSamples = new HostSamples()
  readonly #sampledRuns = new Set<string>()
  readonly errors = new Map<string, number>()
  readonly matchers = new Set<string>()
  readonly repositories: FleetRepositoryResult[] = []
  readonly cellResults: FleetCell[] = []
  readonly failing: FleetFailingCase[] = []
  failingTotal = 0
  responseFiles = 0
  startedMs: number | null = null
  endedMs: number | null = null

  constructor(runDir: string, input: FleetArtifactsInput, formats: ReadonlySet<string>) {
    this.#runDir = runDir
    this.#input = input
    this.#formats = formats
    this.#cells = [...input.cells].sort(compareCells)
  }

  /** Reads every cell, a repository at a time; `emit` gets each cell's rows for cases.csv. */
  run(emit: (rows: readonly FleetCaseRow[]) => void): void {
    const folders = new FolderNames()
    let i = 0
    while (i < this.#cells.length) {
      const repoId = (this.#cells[i] as FleetCellInput).repoId
      const repoCells: FleetCellInput[] = []
      for (; i < this.#cells.length && (this.#cells[i] as FleetCellInput).repoId === repoId; i++) repoCells.push(this.#cells[i] as FleetCellInput)
      const runs = new Map<string, Map<string, CaseRecord[]>>()
      const repoRecords: CaseRecord[] = []
      for (const cell of repoCells) {
        const read = cell.failure === null && cell.runDir !== null ? readCell(runs, cell.runDir, cell.provider) : null
        const failure = cell.failure ?? (cell.runDir === null ? 'the cell did not run' : read === null ? `no results.jsonl in its run folder` : null)
        const pair = totalsFor(this.byPair, `${cell.repoId}\0${cell.provider}`)
        if (failure !== null || read === null) {
          this.cellResults.push({ repoId: cell.repoId, provider: cell.provider, scenario: cell.scenario, projectName: cell.projectName, status: 'not-run', failure, folder: null, totalTests: 0, totalSucceeded: 0, successRate: null, p50DurationMs: null, totalCost: null })
          continue
        }
        const records = read.sort(compareRecords)
        if (!this.#sampledRuns.has(cell.runDir ?? '')) {
          this.#sampledRuns.add(cell.runDir ?? '')
          this.hostSamples.add(readSystemSection(join(cell.runDir ?? '', 'results.json')))
        }
        const cellTotals = new Totals({ durations: true })
        for (const r of records) {
          cellTotals.add(r)
          pair.add(r)
          this.#add(cell, r)
          repoRecords.push(r)
        }
        if (records.length > 0) {
          let repos = this.providerRepos.get(cell.provider)
          if (!repos) this.providerRepos.set(cell.provider, (repos = new Set()))
          repos.add(cell.repoId)
        }
        const folder = folders.of(cell)
        if (this.#input.cellFolders !== false) {
          writeCellArtifacts(join(this.#runDir, folder), { runId: this.#input.runId, repoId: cell.repoId, provider: cell.provider, scenario: cell.scenario, projectName: cell.projectName, records }, this.#formats)
          this.responseFiles += records.length
        }
        this.cellResults.push({ repoId: cell.repoId, provider: cell.provider, scenario: cell.scenario, projectName: cell.projectName, status: 'ran', failure: null, folder, totalTests: cellTotals.tests, totalSucceeded: cellTotals.succeeded, successRate: cellTotals.successRate, p50DurationMs: cellTotals.durations().p50, totalCost: cellTotals.totalCost })
        emit(records.map((record) => ({ repoId: cell.repoId, scenario: cell.scenario, record })))
      }
      this.repositories.push({ repoId, stats: computeStats(repoRecords) })
    }
  }

  #add(cell: FleetCellInput, r: CaseRecord): void {
    this.all.add(r)
    totalsFor(this.byProvider, cell.provider, { durations: true, firstTokens: true }).add(r)
    totalsFor(this.byCategory, r.category ?? '(none)').add(r)
    for (const e of r.evaluations) this.matchers.add(e.name)
    if (r.host !== undefined) this.hosts.set(r.host, (this.hosts.get(r.host) ?? 0) + 1)
    const started = Date.parse(r.startedAt)
    const ended = Date.parse(r.endedAt)
    if (Number.isFinite(started) && (this.startedMs === null || started < this.startedMs)) this.startedMs = started
    if (Number.isFinite(ended) && (this.endedMs === null || ended > this.endedMs)) this.endedMs = ended
    if (r.status === 'passed' || r.status === 'skipped') return
    if (r.error) this.errors.set(r.error.class, (this.errors.get(r.error.class) ?? 0) + 1)
    this.failingTotal++
    if (this.failing.length < FAILING_CASES_LIMIT) {
      this.failing.push({ repoId: cell.repoId, provider: cell.provider, scenario: cell.scenario, dataset: r.dataset, caseId: r.caseId, status: r.status, errorClass: r.error?.class ?? null, message: r.error?.message ?? (r.evaluations.filter((e) => !e.pass).map((e) => `${e.name}: ${e.reason}`).join('; ') || null) })
    }
  }

  matcherNames(): string[] {
    return [...this.matchers].sort(compareText)
  }

  results(): FleetResults {
    const { manifest, runId } = this.#input
    const repoIds = new Set([...manifest.repositories.map((r) => r.repo_id), ...this.#cells.map((c) => c.repoId)])
    const sortedEntries = <V>(map: Map<string, V>): [string, V][] => [...map].sort(([a], [b]) => compareText(a, b))
    const grid = [...new Set(this.#cells.map((c) => `${c.repoId}\0${c.provider}`))].sort(compareText).map((key) => {
      const [repoId = '', provider = ''] = key.split('\0')
      const t = this.byPair.get(key) ?? new Totals()
      const notRun = this.cellResults.filter((c) => c.repoId === repoId && c.provider === provider && c.status === 'not-run').length
      return { repoId, provider, totalTests: t.tests, totalSucceeded: t.succeeded, successRate: t.successRate, cellsNotRun: notRun }
    })
    const providers = [...new Set([...this.#cells.map((c) => c.provider), ...this.byProvider.keys()])].sort(compareText)
    return {
      version: FLEET_RESULTS_VERSION,
      runId,
      fleetId: manifest.fleet_id,
      manifestVersion: manifest.version,
      startedAt: this.startedMs === null ? null : new Date(this.startedMs).toISOString(),
      endedAt: this.endedMs === null ? null : new Date(this.endedMs).toISOString(),
      summary: fleetSummary(this.all, { repositories: repoIds.size, startedMs: this.startedMs, endedMs: this.endedMs, errorsByClass: this.errors, cellsNotRun: this.cellResults.filter((c) => c.status === 'not-run').length }),
      gates: fleetGates(manifest.gates, this.all, new Map(sortedEntries(this.byProvider))),
      byProvider: providers.map((p) => providerResult(p, this.byProvider.get(p) ?? new Totals(), this.providerRepos.get(p)?.size ?? 0)),
      byRepository: this.repositories,
      byCategory: sortedEntries(this.byCategory).map(([c, t]) => categoryResult(c, t)),
      grid,
      cells: this.cellResults,
      hosts: [...new Set([...this.hosts.keys(), ...this.hostSamples.hosts()])].sort(compareText).map((host) => ({ host, tests: this.hosts.get(host) ?? 0, system: this.hostSamples.of(host) })),
      failingCases: this.failing,
      failingCasesTotal: this.failingTotal,
    }
  }
}

/**
 * The records of `provider` in a run folder's results.jsonl; a folder shared by
 * several cells (one run, several providers) is read once per repository.
 * Null when the folder has no results.jsonl.
 */
function readCell(runs: Map<string, Map<string, CaseRecord[]>>, runDir: string, provider: string): CaseRecord[] | null {
  let byProvider = runs.get(runDir)
  if (!byProvider) {
    const file = join(runDir, 'results.jsonl')
    if (!existsSync(file)) return null
    byProvider = new Map()
    for (const r of jsonlSource(file)()) {
      const list = byProvider.get(r.provider)
      if (list) list.push(r)
      else byProvider.set(r.provider, [r])
    }
    runs.set(runDir, byProvider)
  }
  return [...(byProvider.get(provider) ?? [])]
}

/**
 * Cell folders `{repo}/{provider}/{scenario}`, each part made safe for every
 * OS (see safePart; a provider id's secrets redacted first); two cells whose
 * folders would match, also by letter case only, get `~2`, `~3`...
 */
class FolderNames {
  readonly #used = new Set<string>()

  of(cell: FleetCellInput): string {
    const base = [safePart(cell.repoId), safePart(redactText(cell.provider)), safePart(cell.scenario)].join('/')
    let folder = base
    for (let n = 2; this.#used.has(folder.toLowerCase()); n++) folder = `${base}~${n}`
    this.#used.add(folder.toLowerCase())
    return folder
  }
}
