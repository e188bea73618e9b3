import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import type { CaseRecord } from '../../src/record/schema.ts'
import { createBaseline } from '../../src/report/gates/create-baseline.ts'
import { writeBaseline } from '../../src/report/gates/baseline-file.ts'
import { installLlamaServer, startLlamaServer } from '../helpers/llama-server.ts'
import { cleanupAll, configSource, createProject, describeRun } from '../helpers/run-vitest.ts'

/**
 * Acceptance of prompt variants against a real serving engine: llama.cpp's llama-server with the
 * shared stories260K model, 2 variants × 2 providers (the same server greedy with a seed, and at
 * temperature 1.2 without one, so that its repeats are real samples)
 * × 3 repeats, run twice, the second run gated against a baseline taken from the first. Skipped,
 * saying why, where llama-server cannot be installed.
 */

afterAll(async ({}, suite) => {
  await cleanupAll(suite)
})

const unavailable = await installLlamaServer().then(
  () => null,
  (error: unknown) => `llama-server cannot be installed here (../shared/tools/llama-server/setup.sh): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
)

const DATASET = `name: stories-variants
defaults: { max_tokens: 24 }
variants:
  - name: girl
    prompt: 'Once upon a time, there was a little girl named {{name}}.'
  - name: dog
    prompt: 'Once upon a time, {{name}} had a big dog.'
    params: { max_tokens: 32 }
reference_variant: girl
test_cases:
  - id: lily
    variables: { name: Lily }
    assert: [{ toMatchRegex: { pattern: '\\b(the|a|and)\\b', flags: i } }]
  - id: tom
    variables: { name: Tom }
    assert: [{ toMatchRegex: { pattern: '\\b(the|a|and)\\b', flags: i } }]
  - id: sue
    variables: { name: Sue }
    assert: [{ toMatchRegex: { pattern: '\\bhappy\\b', flags: i } }]
`

test.skipIf(unavailable !== null)(`2 variants × 2 providers × 3 repeats against llama-server, run twice, the second against the first as baseline${unavailable ? ` (skipped: ${unavailable})` : ''}`, async () => {
  const server = await startLlamaServer({ parallel: 4 })
  try {
    const base = { type: 'openai', model: 'stories', baseURL: server.baseURL, apiKeyEnv: 'LLM_BENCH_TEST_UNSET_KEY', concurrency: 4 }
    const providers = [
      { ...base, id: 'llama-cold', params: { temperature: 0, seed: 7 } },
      { ...base, id: 'llama-hot', params: { temperature: 1.2 } },
    ]
    const project = await createProject({
      config: configSource(
        `{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)}, repeats: 3, baseline: 'llm-baseline.json', gates: { noNewFailures: true }, report: { html: true } }`,
      ),
      files: { 'datasets/stories.dataset.yaml': DATASET },
    })
    const first = await project.run(['run', '--project', 'llm'], { timeoutMs: 240_000 })
    expect(first.timedOut, describeRun(first)).toBe(false)
    const records = first.jsonl()
    // 3 cases × 2 variants × 2 providers × 3 repeats
    expect(records).toHaveLength(36)
    const cell = (r: CaseRecord): string => `${r.variant}/${r.provider}`
    const cells = new Map<string, number>()
    for (const r of records) cells.set(cell(r), (cells.get(cell(r)) ?? 0) + 1)
    expect([...cells].sort()).toEqual([
      ['dog/llama-cold', 9],
      ['dog/llama-hot', 9],
      ['girl/llama-cold', 9],
      ['girl/llama-hot', 9],
    ])
    expect(records.filter((r) => r.variant === 'dog').every((r) => r.prompt.includes('had a big dog'))).toBe(true)
    expect(new Set(records.map((r) => r.requestHash)).size).toBe(36)
    const results = first.results()
    expect(results.variants).toEqual([{ dataset: 'stories-variants', names: ['girl', 'dog'], reference: 'girl' }])
    expect(results.byVariant?.map((b) => [b.variant, b.stats.samples])).toEqual([
      ['dog', 18],
      ['girl', 18],
    ])
    expect(results.repeats?.map((g) => `${g.variant}/${g.provider}:${g.repeats}`).sort()).toEqual(['dog/llama-cold:3', 'dog/llama-hot:3', 'girl/llama-cold:3', 'girl/llama-hot:3'])
    expect(first.stdout).toContain('stories-variants › dog')

    // the first run becomes the baseline (what `llm-test-bench baseline update` writes); the second is compared with it
    writeBaseline(path.join(project.dir, 'llm-baseline.json'), createBaseline(results))
    const second = await project.run(['run', '--project', 'llm'], { timeoutMs: 240_000 })
    expect(second.timedOut, describeRun(second)).toBe(false)
    const dirs = second.runDirs()
    const latest = JSON.parse(readFileSync(path.join(dirs.at(-1) ?? '', 'results.json'), 'utf8')) as typeof results
    expect(latest.cases).toHaveLength(36)
    expect(latest.gates?.baseline).not.toBeNull()
    // temperature 0 with a seed: the cold provider's outputs are the same run to run, so none of its cases is newly failing
    const cold = new Map(records.filter((r) => r.provider === 'llama-cold').map((r) => [`${r.caseId}/${r.variant}/${r.repeat}`, r.output]))
    for (const r of latest.cases.filter((c) => c.provider === 'llama-cold')) expect(r.output, `${r.caseId}/${r.variant}/${r.repeat}`).toBe(cold.get(`${r.caseId}/${r.variant}/${r.repeat}`))
    const summary = readFileSync(path.join(dirs.at(-1) ?? '', 'summary.md'), 'utf8')
    expect(summary).toContain('### By variant')
    process.stdout.write(`\n--- second run, terminal ---\n${second.stdout.split('\n').filter((l) => !l.startsWith('llm-test-bench [llm]')).slice(-40).join('\n')}\n--- summary.md ---\n${summary}\n`)
  } finally {
    await server.stop()
  }
}, 600_000)
