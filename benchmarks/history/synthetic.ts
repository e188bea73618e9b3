import type { IndexCase } from '../../src/history/figures.ts'
import type { RunIndexInput } from '../../src/history/run-input.ts'

/** Datasets × providers × cases per dataset = cases per run (5 × 2 × 1,000 = 10,000). */
export const DATASETS = 5
export const PROVIDERS = ['openai:gpt-4o-mini', 'anthropic:claude-haiku-4-5'] as const
export const CASES_PER_DATASET = 1_000

/**
 * Run `n` of a synthetic history: 10,000 records over 5 datasets × 2
 * providers, 4 categories, a pass rate that drifts from run to run, realistic
 * latencies and costs. Deterministic (a fixed LCG seeded by the run).
 */
export function syntheticRun(n: number, start = Date.parse('2026-01-01T00:00:00Z')): RunIndexInput {
  let seed = (n * 2654435761) % 4294967296
  const random = (): number => {
    seed = (seed * 1664525 + 1013904223) % 4294967296
    return seed / 4294967296
  }
  const rate = 0.75 + 0.15 * Math.sin(n / 40)
  const cases: IndexCase[] = []
  for (let d = 0; d < DATASETS; d++) {
    for (const provider of PROVIDERS) {
      for (let c = 0; c < CASES_PER_DATASET; c++) {
        const roll = random()
        const status = roll < 0.01 ? 'timeout' : roll < 0.03 ? 'error' : roll < 0.03 + (1 - rate) ? 'failed' : 'passed'
        const ttftMs = 80 + random() * 400
        const outputTokens = 60 + Math.floor(random() * 80)
        cases.push({
          dataset: `dataset-${d}`,
          caseId: `case-${c}`,
          provider,
          model: provider.split(':')[1] as string,
          category: `category-${c % 4}`,
          variant: null,
          status,
          e2eMs: status === 'timeout' ? null : ttftMs + outputTokens * (5 + random() * 30),
          ttftMs: status === 'timeout' ? null : ttftMs,
          inputTokens: 40 + (c % 30),
          outputTokens,
          cost: (outputTokens * 0.6) / 1e6,
        })
      }
    }
  }
  const startedAt = new Date(start + n * 3_600_000)
  const id = `llm-${startedAt.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${(n * 2654435761 % 4294967296).toString(16).padStart(8, '0')}`
  return {
    runId: id,
    project: 'llm',
    mode: 'run',
    startedAt: startedAt.toISOString(),
    endedAt: new Date(startedAt.getTime() + 600_000).toISOString(),
    reason: 'passed',
    provenance: { git: { commit: (n * 97).toString(16).padStart(40, 'a'), branch: 'main', dirty: false }, configHash: 'c'.repeat(64), datasets: [{ file: 'datasets/d.dataset.yaml', sha256: 'd'.repeat(64) }] },
    cases,
  }
}
