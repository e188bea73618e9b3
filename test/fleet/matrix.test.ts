import { cpSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { CHARS_PER_TOKEN, DEFAULT_OUTPUT_TOKENS } from '../../src/fleet/estimate.ts'
import { expandMatrix } from '../../src/fleet/matrix.ts'
import { FLEET_RUN_ID, fleetHash, fleetRunId } from '../../src/fleet/run-id.ts'
import { sampleCases } from '../../src/fleet/sample.ts'
import { validateFleet } from '../../src/fleet/validate.ts'
import { BUILTIN_PRICES } from '../../src/providers/pricing/index.ts'
import { FLEET_FIXTURES, fleetWorkspace } from './workspace.ts'

const ws = fleetWorkspace()
afterAll(() => ws.remove())

describe('sampleCases (num_examples)', () => {
  const items = Array.from({ length: 50 }, (_, i) => `case-${i}`)

  test('the same seed gives the same cases, in their order; another seed other cases', () => {
    const a = sampleCases(items, 10, 7)
    expect(a).toHaveLength(10)
    expect(sampleCases(items, 10, 7)).toEqual(a)
    expect([...a].sort((x, y) => items.indexOf(x) - items.indexOf(y))).toEqual(a)
    expect(new Set(a).size).toBe(10)
    expect(sampleCases(items, 10, 8)).not.toEqual(a)
  })

  test('pure: the input is not changed; no count, or a count of at least the items, gives all', () => {
    const copy = [...items]
    sampleCases(items, 5, 1)
    expect(items).toEqual(copy)
    expect(sampleCases(items, undefined, 1)).toEqual(items)
    expect(sampleCases(items, 50, 1)).toEqual(items)
    expect(sampleCases(items, 80, 1)).toEqual(items)
  })
})

describe('fleetRunId', () => {
  const files = ['repos/docs-bot/datasets/summaries.dataset.yaml', 'repos/checkout-app/datasets/qa.dataset.yaml']

  test('{fleet_id}-{YYYYMMDD-HHMMSS}-{8 hex}, UTC, sortable by start time', () => {
    const early = fleetRunId('demo-fleet', new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), { a: 1 }, FLEET_FIXTURES, files)
    const late = fleetRunId('demo-fleet', new Date(Date.UTC(2026, 10, 12, 13, 14, 15)), { a: 1 }, FLEET_FIXTURES, files)
    expect(early).toMatch(/^demo-fleet-20260102-030405-[0-9a-f]{8}$/)
    expect(late).toMatch(/^demo-fleet-20261112-131415-[0-9a-f]{8}$/)
    expect(FLEET_RUN_ID.exec(early)?.[1]).toBe('demo-fleet')
    expect([late, early].sort()).toEqual([early, late])
  })

  test('the hash: the same manifest data and dataset contents in another folder, key order or file order give the same hash', () => {
    const here = fleetHash({ a: 1, b: [1, 2] }, FLEET_FIXTURES, files)
    expect(fleetHash({ b: [1, 2], a: 1 }, ws.dir, [...files].reverse())).toBe(here)
    expect(fleetHash({ a: 1, b: [2, 1] }, FLEET_FIXTURES, files)).not.toBe(here)
  })

  test('the hash changes with a dataset\'s contents', () => {
    const before = fleetHash({ a: 1 }, ws.dir, files)
    const file = path.join(ws.dir, files[0] as string)
    writeFileSync(file, `${readFileSync(file, 'utf8')}# changed\n`)
    expect(fleetHash({ a: 1 }, ws.dir, files)).not.toBe(before)
  })
})

describe('expandMatrix', () => {
  test('fixtures/fleet/fleet.yaml: 3 repositories × 2 scenarios × 2 providers, cases per cell after the sample', () => {
    const validation = validateFleet(path.join(FLEET_FIXTURES, 'fleet.yaml'), { env: {} })
    expect(validation.issues).toEqual([])
    const matrix = expandMatrix(validation.groups, validation.providers, FLEET_FIXTURES)
    const counts = matrix.cells.map((c) => `${c.repoId}/${c.scenario}/${c.providerId}:${c.cases}`)
    const llama = 'openai:stories@http://127.0.0.1:8080/v1'
    expect(counts).toEqual([
      'checkout-app/qa/local:3', `checkout-app/qa/${llama}:3`,
      'checkout-app/summaries/local:2', `checkout-app/summaries/${llama}:2`,
      'docs-bot/qa/local:3', `docs-bot/qa/${llama}:3`, // 3 of its 5 qa cases (num_examples: 3, seed 7)
      'docs-bot/summaries/local:1', `docs-bot/summaries/${llama}:1`,
      'support-bot/qa/local:3', `support-bot/qa/${llama}:3`, // 3 of 4
      'support-bot/summaries/local:2', `support-bot/summaries/${llama}:2`,
    ])
    expect(matrix.total).toMatchObject({ cells: 12, cases: 28, costUsd: 0 })
    expect(matrix.byRepository.get('docs-bot')).toMatchObject({ cells: 4, cases: 8 })
    expect(matrix.byScenario.get('qa')).toMatchObject({ cells: 6, cases: 18 })
    expect(matrix.byProvider.get('local')).toMatchObject({ cells: 6, cases: 14 })
    // the same sample on both providers and on every expansion
    const docsQa = matrix.cells.filter((c) => c.repoId === 'docs-bot' && c.scenario === 'qa')
    expect(docsQa[0]?.caseIds).toEqual(docsQa[1]?.caseIds)
    expect(expandMatrix(validateFleet(path.join(FLEET_FIXTURES, 'fleet.yaml'), { env: {} }).groups, validation.providers, FLEET_FIXTURES).cells).toEqual(matrix.cells)
    expect(docsQa[0]?.datasets).toEqual(['repos/docs-bot/datasets/qa/config.dataset.yaml', 'repos/docs-bot/datasets/qa/install.dataset.yaml'])
  })

  test('tokens and cost: prompt characters / 4, max_tokens or the default, the built-in price; unknown stays unknown', () => {
    const prompt = 'x'.repeat(41) // 41 characters: 11 tokens
    ws.write('repos/priced/one.dataset.yaml', `name: priced\ntest_cases:\n  - id: a\n    prompt: "${prompt}"\n    config: { max_tokens: 20 }\n  - id: b\n    prompt: "${prompt}"\n  - id: c\n    prompt: only-local\n    config: { providers: [local] }\n`)
    const file = ws.write('priced.yaml', [
      'fleet_id: priced', 'version: 1',
      'repositories: [{ repo_id: p, path: repos/priced, adapter: generic, scenarios: [s] }]',
      'providers: [openai:gpt-4o-mini, "openai:unpriced@https://llm.example.com/v1", local]',
      'scenario_profiles: { s: { dataset: "*.dataset.yaml" } }', '',
    ].join('\n'))
    const validation = validateFleet(file, { env: {}, replay: true })
    expect(validation.issues).toEqual([])
    const matrix = expandMatrix(validation.groups, validation.providers, ws.dir)
    const [mini, unpriced, local] = matrix.cells
    expect(Math.ceil(41 / CHARS_PER_TOKEN)).toBe(11)
    expect(mini).toMatchObject({ cases: 2, caseIds: ['a', 'b'], estimate: { inputTokens: 22, outputTokens: 20 + DEFAULT_OUTPUT_TOKENS } })
    const price = BUILTIN_PRICES['openai']?.['gpt-4o-mini']
    if (!price) throw new Error('no built-in price for gpt-4o-mini')
    expect(mini?.estimate.costUsd).toBeCloseTo((22 * price.input + 276 * price.output) / 1e6, 12)
    expect(unpriced?.estimate.costUsd).toBeNull()
    expect(local).toMatchObject({ cases: 3, estimate: { costUsd: 0 } })
    expect(matrix.total.costUsd).toBeNull()
    expect(matrix.byProvider.get('openai:gpt-4o-mini')?.costUsd).toBeCloseTo(mini?.estimate.costUsd ?? -1, 12)
  })

  test('scenario params override the cases\' max_tokens in the estimate', () => {
    cpSync(path.join(ws.dir, 'repos/priced'), path.join(ws.dir, 'repos/priced2'), { recursive: true })
    const file = ws.write('priced2.yaml', [
      'fleet_id: priced2', 'version: 1',
      'repositories: [{ repo_id: p, path: repos/priced2, adapter: generic, scenarios: [s] }]',
      'providers: [local]',
      'scenario_profiles: { s: { dataset: "*.dataset.yaml", params: { max_tokens: 5 } } }', '',
    ].join('\n'))
    const validation = validateFleet(file, { env: {} })
    expect(validation.issues).toEqual([])
    expect(expandMatrix(validation.groups, validation.providers, ws.dir).cells[0]?.estimate.outputTokens).toBe(15)
  })
})
