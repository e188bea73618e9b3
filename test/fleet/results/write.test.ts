import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FleetResultsSchema } from '../../../src/fleet/results/schema.ts'
import { writeFleetArtifacts } from '../../../src/fleet/results/write.ts'
import { clearSecrets } from '../../../src/providers/redaction/index.ts'
import { fleetFixture, manifest, P2, SECRET, type FleetFixture } from './fixture.ts'

let fx: FleetFixture
beforeEach(() => {
  clearSecrets()
  fx = fleetFixture()
})
afterEach(() => {
  fx.remove()
  clearSecrets()
})

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort()
}

describe('writeFleetArtifacts', () => {
  it('computes the 19 fleet metrics and ours as counted by hand', () => {
    const { results } = writeFleetArtifacts(fx.runDir, { runId: 'fx-run', manifest: manifest(), cells: fx.cells })
    const onDisk = FleetResultsSchema.parse(JSON.parse(readFileSync(join(fx.runDir, 'fleet-results.json'), 'utf8')))
    expect(onDisk).toEqual(results)
    const s = results.summary
    expect(s.totalRepositories).toBe(2)
    expect(s.totalTests).toBe(6)
    expect(s.totalSucceeded).toBe(3)
    expect(s.totalFailed).toBe(1)
    expect(s.totalTimeout).toBe(1)
    expect(s.totalSkipped).toBe(1)
    expect(s.successRate).toBe(0.5)
    expect(s.avgDurationMs).toBe(250)
    expect(s.p50DurationMs).toBe(250)
    expect(s.p95DurationMs).toBeCloseTo(385, 9)
    expect(s.p99DurationMs).toBeCloseTo(397, 9)
    expect(s.minDurationMs).toBe(100)
    expect(s.maxDurationMs).toBe(400)
    expect(s.totalTokens).toBe(115)
    expect(s.avgTokensPerRequest).toBeCloseTo(115 / 6, 12)
    expect(s.totalCost).toBeCloseTo(0.06, 12)
    expect(s.avgCostPerRepository).toBeCloseTo(0.03, 12)
    expect(s.avgTestsPerRepository).toBe(3)
    expect(s.totalDurationMs).toBe(10_000)
    expect([s.ttftP50Ms, s.ttftP95Ms]).toEqual([25, expect.closeTo(38.5, 9)])
    expect([s.tpotP50Ms, s.tpotP95Ms]).toEqual([6.5, expect.closeTo(7.85, 9)])
    expect(s.outputTokensPerSecond).toBe(4.5)
    expect([s.costKnown, s.costUnknown]).toEqual([3, 1])
    expect(s.errorsByClass).toEqual({ timeout: 1 })
    expect(s.cellsNotRun).toBe(1)

    expect(results.gates.pass).toBe(false)
    // the fleet, then each provider in id order (ollama < openai); skipped cases left out of the gate's rate
    expect(results.gates.applied.map((g) => [g.gate.startsWith('minPassRate'), g.actual, g.pass])).toEqual([
      [true, 0.6, false],
      [true, 0.5, false],
      [true, 2 / 3, false],
    ])
    expect(results.gates.applied[1]?.gate).toBe(`minPassRate[${P2}]`)
    expect(results.gates.notApplied.map((g) => g.gate)).toEqual(['noNewFailures'])

    const p2 = results.byProvider.find((p) => p.provider === P2)
    expect(p2).toMatchObject({ repositoryCount: 1, totalTests: 2, totalSucceeded: 1, successRate: 0.5, totalTokens: 20, totalCost: null, costUnknown: 1 })
    const p1 = results.byProvider.find((p) => p.provider !== P2)
    expect(p1).toMatchObject({ repositoryCount: 2, totalTests: 4, totalSucceeded: 2, successRate: 0.5, totalTokens: 95, costUnknown: 0 })
    expect(p1?.totalCost).toBeCloseTo(0.06, 12)
    expect(results.byCategory).toEqual([
      { category: 'math', totalTests: 3, totalSucceeded: 2, successRate: 2 / 3, avgDurationMs: 200 },
      { category: 'text', totalTests: 3, totalSucceeded: 1, successRate: 1 / 3, avgDurationMs: 400 },
    ])
    expect(results.byRepository.map((r) => [r.repoId, r.stats.samples, r.stats.passed])).toEqual([['a', 4, 2], ['b', 2, 1]])
    expect(results.grid.map((g) => [g.repoId, g.provider === P2, g.totalTests, g.successRate, g.cellsNotRun])).toEqual([
      ['a', true, 2, 0.5, 0],
      ['a', false, 2, 0.5, 0],
      ['b', true, 0, null, 1],
      ['b', false, 2, 0.5, 0],
    ])
    expect(results.grid).toHaveLength(4)
    expect(results.grid.find((g) => g.repoId === 'b' && g.provider === P2)).toMatchObject({ totalTests: 0, successRate: null, cellsNotRun: 1 })
    expect(results.hosts).toEqual([{ host: 'h1', tests: 4, system: null }, { host: 'h2', tests: 2, system: null }]) // these run folders have no results.json with samples
    expect(results.failingCasesTotal).toBe(2)
  })

  it('reports a cell that did not run, with why, and still writes the others', () => {
    const { results } = writeFleetArtifacts(fx.runDir, { runId: 'fx-run', manifest: manifest(), cells: fx.cells })
    const notRun = results.cells.filter((c) => c.status === 'not-run')
    expect(notRun).toEqual([expect.objectContaining({ repoId: 'b', provider: P2, scenario: 'smoke', failure: `no API key for ${P2}`, folder: null })])
    expect(results.cells.filter((c) => c.status === 'ran').map((c) => c.folder)).toHaveLength(3)
    const html = readFileSync(join(fx.runDir, 'executive-report.html'), 'utf8')
    expect(html).toContain('no API key for ollama:llama3')
  })

  it('writes csv/, cell folders with results.json, results.csv and responses/ (names safe), twice byte-identical', () => {
    writeFleetArtifacts(fx.runDir, { runId: 'fx-run', manifest: manifest(), cells: fx.cells })
    const first = filesUnder(fx.runDir)
    const bytes = first.map((f) => readFileSync(join(fx.runDir, f), 'utf8'))
    expect(first).toEqual(expect.arrayContaining(['fleet-results.json', 'executive-report.html', 'csv/fleet-summary.csv', 'csv/repositories.csv', 'csv/providers.csv', 'csv/categories.csv', 'csv/cases.csv']))
    const cellFiles = first.filter((f) => f.startsWith('a/'))
    for (const f of cellFiles) expect(f).toMatch(/^[A-Za-z0-9._~\/-]+$/)
    expect(cellFiles.filter((f) => f.endsWith('results.json'))).toHaveLength(2)
    expect(cellFiles.filter((f) => f.endsWith('results.csv'))).toHaveLength(2)
    expect(cellFiles.filter((f) => f.includes('/responses/'))).toHaveLength(4)
    expect(first).toContain('a/ollama_llama3/smoke/responses/d.c1.txt')
    const response = readFileSync(join(fx.runDir, 'a/ollama_llama3/smoke/responses/d.c1.txt'), 'utf8')
    expect(response).toMatch(/^=== PROMPT ===\nq\n\n=== COMPLETION ===\na\n\n=== METRICS ===\n/)
    expect(response).toContain('e2e_ms: 300')
    expect(readFileSync(join(fx.runDir, 'csv/cases.csv'), 'utf8').trim().split('\n')).toHaveLength(7)
    const summary = readFileSync(join(fx.runDir, 'csv/fleet-summary.csv'), 'utf8').split('\n')
    expect(summary[0]).toContain('total_repositories,total_tests,total_succeeded,total_failed,total_timeout,total_skipped,success_rate,avg_duration_ms,p50_duration_ms')
    expect(summary[1]).toContain(',2,6,3,1,1,1,0.5,250,250,')

    fx.remove()
    fx = fleetFixture()
    clearSecrets()
    writeFleetArtifacts(fx.runDir, { runId: 'fx-run', manifest: manifest(), cells: [...fx.cells].reverse() })
    expect(filesUnder(fx.runDir)).toEqual(first)
    const again = filesUnder(fx.runDir).map((f) => readFileSync(join(fx.runDir, f), 'utf8'))
    expect(again).toEqual(bytes)
  })

  it('keeps json, csv and html to output.formats', () => {
    const m = manifest()
    writeFleetArtifacts(fx.runDir, { runId: 'fx-run', manifest: { ...m, output: { ...m.output, formats: ['csv'] } }, cells: fx.cells })
    const files = filesUnder(fx.runDir)
    expect(files).not.toContain('fleet-results.json')
    expect(files).not.toContain('executive-report.html')
    expect(files).toContain('csv/providers.csv')
    expect(files.some((f) => f.endsWith('results.json'))).toBe(false)
    expect(files.filter((f) => f.endsWith('results.csv'))).toHaveLength(3)
  })

  it('cellFolders: false writes the same fleet files and no cell folder', () => {
    const all = writeFleetArtifacts(fx.runDir, { runId: 'fx-run', manifest: manifest(), cells: fx.cells })
    const json = readFileSync(join(fx.runDir, 'fleet-results.json'), 'utf8')
    fx.remove()
    fx = fleetFixture()
    const fleetOnly = writeFleetArtifacts(fx.runDir, { runId: 'fx-run', manifest: manifest(), cells: fx.cells, cellFolders: false })
    expect(filesUnder(fx.runDir).filter((f) => f.includes('/') && !f.startsWith('csv/'))).toEqual([])
    expect(readFileSync(join(fx.runDir, 'fleet-results.json'), 'utf8')).toBe(json)
    // one response file per record, a skipped or timed-out one included
    expect([all.responseFiles, fleetOnly.responseFiles]).toEqual([6, 0])
  })

  it('never writes a provider URL credential into any artifact or file name', () => {
    writeFleetArtifacts(fx.runDir, { runId: 'fx-run', manifest: manifest(), cells: fx.cells })
    const files = filesUnder(fx.runDir)
    expect(files.length).toBeGreaterThan(10)
    for (const f of files) {
      expect(f).not.toContain(SECRET)
      expect(readFileSync(join(fx.runDir, f), 'utf8'), f).not.toContain(SECRET)
    }
    // the provider is still there, its password redacted
    expect(readFileSync(join(fx.runDir, 'csv/providers.csv'), 'utf8')).toContain('openai:gpt-4o@http://fleet:')
  })
})
