/**
 * Writes a synthetic fleet's cell run folders: `<dir>/cells/<repo>-<scenario>/results.jsonl`
 * holding both providers' records (as one llmBench run per repository and scenario), and
 * `<dir>/cells.json`, the cells `writeFleetArtifacts` takes. Run in its own process so the
 * timing process starts with none of it in memory.
 *
 *   node benchmarks/fleet-aggregate/generate.ts <dir> <repositories> <casesPerCell>
 */
import { mkdirSync, openSync, closeSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFully } from '../../src/record/atomic-write.ts'
import type { CaseRecord } from '../../src/record/schema.ts'

import { PROVIDERS } from './providers.ts'
const [dir = '', reposText = '100', casesText = '50'] = process.argv.slice(2)
const repos = Number(reposText)
const cases = Number(casesText)
const T0 = Date.parse('2026-01-01T00:00:00.000Z')
const CATEGORIES = ['math', 'code', 'summarise', 'extract', 'chat']

function record(repo: number, provider: string, p: number, i: number): CaseRecord {
  const n = repo * 1000 + i
  const status = n % 17 === 0 ? 'error' : n % 11 === 0 ? 'failed' : n % 97 === 0 ? 'timeout' : 'passed'
  const timed = status !== 'timeout' && status !== 'error'
  const e2e = 400 + ((n * 37 + p * 101) % 1600)
  const sent = T0 + repo * 60_000 + i * 500
  return {
    runId: 'bench', dataset: 'qa', datasetFile: '/repos/r/qa.dataset.yaml', caseId: `case-${i}`, category: CATEGORIES[i % CATEGORIES.length] ?? null,
    provider, providerType: provider.split(':')[0] ?? 'openai', model: provider.split(':')[1]?.split('@')[0] ?? 'm', requestHash: `h${n}`,
    prompt: `Question ${i} of repository ${repo}: what is ${i} + ${repo}? Answer with the number only.`,
    output: timed ? `The answer is ${i + repo}. ${'Some explanation text. '.repeat(8)}` : null,
    finishReason: timed ? 'stop' : null, status,
    error: status === 'error' ? { class: 'http-5xx', message: 'HTTP 503 from the server' } : status === 'timeout' ? { class: 'timeout', message: 'timed out after 30000 ms' } : null,
    usage: timed ? { inputTokens: 40 + (i % 20), outputTokens: 60 + (n % 90), source: 'provider' } : { inputTokens: null, outputTokens: null, source: 'none' },
    cost: timed && p === 0 ? 0.0000015 * (100 + (n % 90)) : null, ...(timed && p === 1 ? { costNote: 'no price for ollama:llama3.2' } : {}),
    timings: timed ? { queueMs: n % 5, ttftMs: 80 + (n % 120), e2eMs: e2e, tpotMs: 8 + (n % 7), itlMs: Array.from({ length: 16 }, (_, k) => 8 + ((n + k) % 5)), streamed: true } : null,
    serverTimings: null, attempts: 1, retries: 0, cached: false,
    evaluations: [{ name: 'toContain', pass: status === 'passed', score: status === 'passed' ? 1 : 0, threshold: 1, reason: status === 'passed' ? 'found' : 'not found' }],
    sample: null, host: `runner-${repo % 4}`,
    startedAt: new Date(sent).toISOString(), endedAt: new Date(sent + e2e).toISOString(),
  }
}

const cells: { repoId: string; scenario: string; provider: string; projectName: string; runDir: string | null; failure: string | null }[] = []
for (let repo = 0; repo < repos; repo++) {
  const repoId = `repo-${String(repo).padStart(4, '0')}`
  const runDir = join(dir, 'cells', `${repoId}-smoke`)
  mkdirSync(runDir, { recursive: true })
  const fd = openSync(join(runDir, 'results.jsonl'), 'w')
  try {
    let batch = ''
    PROVIDERS.forEach((provider, p) => {
      for (let i = 0; i < cases; i++) {
        batch += `${JSON.stringify(record(repo, provider, p, i))}\n`
        if (batch.length > 1 << 20) {
          writeFully(fd, batch)
          batch = ''
        }
      }
      cells.push({ repoId, scenario: 'smoke', provider, projectName: `${repoId}/smoke`, runDir, failure: null })
    })
    writeFully(fd, batch)
  } finally {
    closeSync(fd)
  }
}
writeFileSync(join(dir, 'cells.json'), JSON.stringify(cells))
