import type { CaseRecord } from '../../src/record/schema.ts'

/**
 * `count` realistic case records: 3 providers (one local, one with an unknown
 * price), 10 datasets × 4 categories, streamed timings with an inter-token gap
 * per output token (60–140 gaps), ~600-character outputs, two evaluations each,
 * ~12% failed, ~2% errors, ~1% timeouts. Deterministic (a fixed LCG).
 */
export function syntheticRecords(count: number): CaseRecord[] {
  return [...generateRecords(count)]
}

/**
 * The same records one at a time (a 100,000-record run's file is written
 * without holding them); their `datasetFile`s are `<datasetsDir>/<dataset>.dataset.yaml`.
 */
export function* generateRecords(count: number, datasetsDir = '/repo/datasets'): Generator<CaseRecord> {
  let seed = 42
  const random = (): number => {
    seed = (seed * 1664525 + 1013904223) % 4294967296
    return seed / 4294967296
  }
  const providers = [
    { provider: 'openai:gpt-4o-mini', providerType: 'openai', model: 'gpt-4o-mini', price: 0.6 },
    { provider: 'anthropic:claude-haiku-4-5', providerType: 'anthropic', model: 'claude-haiku-4-5', price: 4 },
    { provider: 'local', providerType: 'local', model: 'stories260K', price: null },
  ] as const
  const start = Date.parse('2026-11-22T10:00:00.000Z')
  for (let i = 0; i < count; i++) {
    const p = providers[i % providers.length] as (typeof providers)[number]
    const caseIndex = Math.floor(i / providers.length)
    const dataset = `dataset-${caseIndex % 10}`
    const outputTokens = 60 + Math.floor(random() * 80)
    const ttftMs = 80 + random() * 400
    const itlMs = Array.from({ length: outputTokens - 1 }, () => 5 + random() * 30)
    const e2eMs = ttftMs + itlMs.reduce((a, b) => a + b, 0)
    const roll = random()
    const status = roll < 0.01 ? 'timeout' : roll < 0.03 ? 'error' : roll < 0.15 ? 'failed' : 'passed'
    const began = start + i * 40
    const score = status === 'passed' ? 0.8 + random() * 0.2 : random() * 0.6
    yield {
      runId: null,
      dataset,
      datasetFile: `${datasetsDir}/${dataset}.dataset.yaml`,
      caseId: `case-${caseIndex}`,
      category: `category-${caseIndex % 4}`,
      provider: p.provider,
      providerType: p.providerType,
      model: p.model,
      requestHash: (i * 2654435761).toString(16).padStart(16, '0').slice(-16),
      prompt: promptOf(caseIndex),
      output: status === 'error' || status === 'timeout' ? null : `Answer ${i}: ${'A Map stores key/value pairs; a Set stores unique values. '.repeat(10)}`,
      finishReason: status === 'error' || status === 'timeout' ? null : 'stop',
      status,
      error: status === 'error' ? { class: 'server_error', message: 'HTTP 500: upstream failure' } : status === 'timeout' ? { class: 'timeout', message: 'the case did not finish within 30000 ms' } : null,
      usage: { inputTokens: 40 + (caseIndex % 30), outputTokens, source: 'provider' },
      cost: p.price === null ? null : ((40 + (caseIndex % 30)) * p.price * 0.25 + outputTokens * p.price) / 1e6,
      ...(p.price === null ? { costNote: 'no price for local:stories260K' } : {}),
      timings: { queueMs: random() * 50, ttftMs, e2eMs, tpotMs: (e2eMs - ttftMs) / (outputTokens - 1), itlMs, streamed: true },
      serverTimings: null,
      attempts: 1,
      retries: random() < 0.05 ? 1 : 0,
      cached: false,
      evaluations: [
        { name: 'toContainReferences', pass: status === 'passed', score, threshold: 0.8, reason: status === 'passed' ? 'all references found' : 'missing "Set"' },
        { name: 'toMatchRegex', pass: status !== 'failed', score: status !== 'failed' ? 1 : 0, threshold: 1, reason: 'pattern /Map/' },
      ],
      sample: null,
      startedAt: new Date(began).toISOString(),
      endedAt: new Date(began + e2eMs).toISOString(),
    }
  }
}

const promptOf = (caseIndex: number): string => `Question ${caseIndex}: explain the difference between a map and a set in TypeScript, with an example.`

/**
 * The dataset files the records of `generateRecords(count)` came from, as a
 * run's end reads them again (report.html's side-by-side view shows each case's
 * expected answer, references and variables): 10 YAML files, the cases of each
 * with a prompt template, a variable, an expected answer and two references.
 */
export function syntheticDatasets(count: number): { name: string; text: string }[] {
  const cases = Math.ceil(count / 3)
  return Array.from({ length: 10 }, (_, d) => {
    const lines = [`name: dataset-${d}`, 'assert:', '  - toContainReferences: { threshold: 0.8 }', '  - toMatchRegex: { pattern: Map }', 'test_cases:']
    for (let k = d; k < cases; k += 10) {
      lines.push(
        `  - id: case-${k}`,
        `    category: category-${k % 4}`,
        `    prompt: "Question {{n}}: explain the difference between a map and a set in TypeScript, with an example."`,
        `    variables: { n: ${k} }`,
        '    expected: "A Map stores key/value pairs; a Set stores unique values."',
        '    references: [Map, Set]',
      )
    }
    return { name: `dataset-${d}.dataset.yaml`, text: `${lines.join('\n')}\n` }
  })
}
