import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { HistoryGroupInput, HistoryRunInput } from '../../src/history/html/build-page.ts'
import { makeResults, RUN_START } from '../report/html/fixture.ts'

/**
 * Three real run folders in `outputDir` (results.json from the report's
 * fixture: 4 datasets × 4 providers, different seeds, a day apart, commits
 * 000…, 111…, 222… on `branch`), the first and last with a report.html.
 */
export function makeRunFolders(outputDir: string, options: { branch?: string } = {}): string[] {
  const ids: string[] = []
  for (let i = 0; i < 3; i++) {
    const runStart = RUN_START + i * 86_400_000
    const stamp = new Date(runStart).toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')
    const runId = `llm-${stamp}-0000000${i}`
    const results = makeResults({ casesPerDataset: 4, seed: 11 + i, runStart, system: 'none', gates: false })
    const dir = join(outputDir, runId)
    mkdirSync(dir, { recursive: true })
    const provenance = { git: { commit: `${i}`.repeat(40), branch: options.branch ?? 'main', dirty: false }, configHash: null, datasets: [] }
    writeFileSync(join(dir, 'results.json'), JSON.stringify({ ...results, runId, provenance, cases: results.cases.map((c) => ({ ...c, runId })) }))
    if (i !== 1) writeFileSync(join(dir, 'report.html'), '<!doctype html><p>report</p>')
    ids.push(runId)
  }
  return ids
}

/** A provider name and run name that would run script if any of it reached the page as markup. */
export const EVIL = `</script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>`

export interface HistoryFixtureOptions {
  runs: number
  datasets: readonly string[]
  providers: readonly string[]
  /** Where run folders are made (each with a report.html, except runs listed in `withoutReport`); none when absent. */
  root?: string
  withoutReport?: ReadonlySet<number>
  /** A hostile project/run name and provider. */
  evil?: boolean
}

/** Deterministic pseudo-random numbers (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const commitOf = (i: number): string => (0x1000000 + i * 7919).toString(16).padStart(8, '0').repeat(5)

/** `runs` runs a day apart from 2026-01-01, every dataset × provider in each, with drifting figures. */
export function makeHistoryRuns(options: HistoryFixtureOptions): HistoryRunInput[] {
  const random = prng(42)
  const providers = options.evil ? [...options.providers, `openai:${EVIL}`] : options.providers
  const project = options.evil ? `llm${EVIL}` : 'llm'
  const out: HistoryRunInput[] = []
  for (let i = 0; i < options.runs; i++) {
    const started = new Date(Date.UTC(2026, 0, 1) + i * 86_400_000)
    const stamp = started.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')
    const id = `${options.evil ? 'llm-evil' : 'llm'}-${stamp}-${(0x10000000 + i).toString(16)}`
    const dir = options.root ? join(options.root, id) : join('/nonexistent', id)
    if (options.root) {
      mkdirSync(dir, { recursive: true })
      if (!options.withoutReport?.has(i)) writeFileSync(join(dir, 'report.html'), `<!doctype html><title>${id}</title><p id="run">${id}</p>`)
    }
    const groups: HistoryGroupInput[] = []
    providers.forEach((provider, pi) => {
      options.datasets.forEach((dataset, di) => {
        const cases = 40 + di * 10
        const base = 0.55 + 0.08 * pi + 0.15 * Math.sin((i + di) / 6)
        const passed = Math.max(0, Math.min(cases, Math.round(cases * (base + (random() - 0.5) * 0.1))))
        groups.push({
          dataset,
          provider,
          model: provider.split(':')[1] ?? provider,
          variant: null,
          cases,
          passed,
          ran: cases,
          p50E2eMs: 300 + pi * 120 + random() * 50,
          p95E2eMs: 900 + pi * 300 + di * 50 + random() * 400 + (i % 17 === 0 ? 800 : 0),
          costUsd: pi === 0 ? null : cases * (0.0004 + pi * 0.0002) * (1 + random() * 0.1),
        })
      })
    })
    const sum = (pick: (g: HistoryGroupInput) => number, gs: readonly HistoryGroupInput[]): number => gs.reduce((t, g) => t + pick(g), 0)
    const providerRows = providers.map((provider) => {
      const gs = groups.filter((g) => g.provider === provider)
      const costs = gs.filter((g) => g.costUsd !== null)
      return {
        dataset: '',
        provider,
        model: gs[0]?.model ?? provider,
        variant: null,
        cases: sum((g) => g.cases, gs),
        passed: sum((g) => g.passed, gs),
        ran: sum((g) => g.ran, gs),
        p50E2eMs: gs[0]?.p50E2eMs ?? null,
        p95E2eMs: Math.max(...gs.map((g) => g.p95E2eMs ?? 0)),
        costUsd: costs.length ? sum((g) => g.costUsd ?? 0, costs) : null,
      }
    })
    const passed = sum((g) => g.passed, groups)
    const ran = sum((g) => g.ran, groups)
    out.push({
      id: options.evil && i === options.runs - 1 ? `${id}${EVIL}` : id,
      project,
      startedAt: started.toISOString(),
      commit: commitOf(i),
      branch: options.evil && i === options.runs - 1 ? `main${EVIL}` : 'main',
      dirty: i === options.runs - 1,
      dir,
      cases: sum((g) => g.cases, groups),
      passRate: ran ? passed / ran : null,
      groups,
      providers: providerRows,
    })
  }
  return out
}
