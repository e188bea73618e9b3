/**
 * benchmarks/fleet-validate: how long `fleet validate` / `fleet run --dry-run` take on a large fleet.
 *
 * Writes a synthetic fleet under .cache/: `--repos` generic repositories (default 100), each with
 * one qa and one summaries dataset of `--cases` cases (default 50), 2 scenario profiles (qa with
 * `num_examples: 20`) and 3 providers; then times validateFleet (read and check the manifest, glob
 * each repository, load every dataset as a run would) and expandMatrix (cells, samples, estimates)
 * over `--rounds` rounds (default 3), and prints the median of each and the cells and cases.
 *
 *   node benchmarks/fleet-validate/run.ts [--repos 100] [--cases 50] [--rounds 3]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { expandMatrix } from '../../src/fleet/matrix.ts'
import { validateFleet } from '../../src/fleet/validate.ts'

const { values } = parseArgs({ options: { repos: { type: 'string', default: '100' }, cases: { type: 'string', default: '50' }, rounds: { type: 'string', default: '3' } } })
const repos = Number(values.repos)
const cases = Number(values.cases)
const rounds = Number(values.rounds)

const dir = path.resolve(import.meta.dirname, '../../.cache/bench-fleet-validate')
if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true })
for (let r = 0; r < repos; r++) {
  for (const kind of ['qa', 'summaries']) {
    const lines = [`name: r${r}-${kind}`, 'defaults: { max_tokens: 64 }', 'test_cases:']
    for (let c = 0; c < cases; c++) lines.push(`  - id: c${c}`, `    prompt: "Question ${c} of repository ${r}: what is ${c} plus ${r}? Answer with a number."`, '    assert:', "      - toMatchRegex: { pattern: '\\d+' }")
    mkdirSync(path.join(dir, `repo-${r}`, 'datasets'), { recursive: true })
    writeFileSync(path.join(dir, `repo-${r}`, 'datasets', `${kind}.dataset.yaml`), `${lines.join('\n')}\n`)
  }
}
const manifest = [
  'fleet_id: bench', 'version: 1', 'repositories:',
  ...Array.from({ length: repos }, (_, r) => `  - { repo_id: repo-${r}, path: repo-${r}, adapter: generic, scenarios: [qa, summaries] }`),
  'providers: [local, "openai:a@http://127.0.0.1:9/v1", { type: openai, id: priced, model: gpt-4o-mini, baseURL: "http://10.0.0.1/v1", price: { input: 0.15, output: 0.6 } }]',
  'scenario_profiles:', '  qa: { dataset: "**/qa.dataset.yaml", num_examples: 20 }', '  summaries: { dataset: "**/summaries.dataset.yaml" }', '',
].join('\n')
const file = path.join(dir, 'fleet.yaml')
writeFileSync(file, manifest)

const validateMs: number[] = []
const matrixMs: number[] = []
let summary = ''
for (let i = 0; i < rounds; i++) {
  const t0 = performance.now()
  const validation = validateFleet(file, { env: {} })
  const t1 = performance.now()
  const matrix = expandMatrix(validation.groups, validation.providers, dir)
  const t2 = performance.now()
  if (validation.issues.length > 0) throw new Error(`the synthetic fleet is invalid: ${JSON.stringify(validation.issues[0])}`)
  validateMs.push(t1 - t0)
  matrixMs.push(t2 - t1)
  summary = `${matrix.total.cells} cells, ${matrix.total.cases} cases, ${repos * 2} dataset files of ${cases} cases`
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
console.log(`fleet of ${repos} repositories: ${summary}`)
console.log(`validateFleet median ${median(validateMs).toFixed(0)} ms, expandMatrix median ${median(matrixMs).toFixed(1)} ms (${rounds} rounds; first round ${validateMs[0]?.toFixed(0)} ms)`)
if (!process.env.KEEP) rmSync(dir, { recursive: true, force: true })
