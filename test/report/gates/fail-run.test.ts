import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { stableStringify } from '../../../src/record/stable-json.ts'
import { writeBaseline } from '../../../src/report/gates/baseline-file.ts'
import { createBaseline } from '../../../src/report/gates/create-baseline.ts'
import { cleanupAll, createProject, REPO, type TestProject, type VitestRun } from '../../helpers/run-vitest.ts'
import { results } from './results-fixture.ts'

/**
 * The exit-code mechanism in a real `vitest run` (Node 24, the repository's
 * Vitest): a reporter added the way the llmBench plugin adds its own (pushed
 * onto `vitest.config.reporters` in `configureVitest`) gates a results.json
 * in `onTestRunEnd` (gatesAtRunEnd) and calls failRunForGates. Every test of
 * the project passes unless a test says otherwise.
 */

const gatesDir = path.join(REPO, 'src', 'report', 'gates')

const CONFIG = `import { readFileSync } from 'node:fs'
import { defineConfig } from 'vitest/config'
import { failRunForGates } from ${JSON.stringify(path.join(gatesDir, 'fail-run.ts'))}
import { formatGateReportTerminal } from ${JSON.stringify(path.join(gatesDir, 'format-terminal.ts'))}
import { gatesAtRunEnd } from ${JSON.stringify(path.join(gatesDir, 'run-end.ts'))}

export default defineConfig({
  plugins: [{
    name: 'gates-under-test',
    configureVitest({ vitest }) {
      vitest.config.reporters.push({
        onTestRunEnd() {
          const results = JSON.parse(readFileSync('results.json', 'utf8'))
          const report = gatesAtRunEnd(vitest, results, { baseline: 'llm-baseline.json', gates: { noNewFailures: true } })
          if (!report) return vitest.logger.log('gates: not on a shard')
          vitest.logger.log(formatGateReportTerminal(report))
          vitest.logger.log('gates failed the run: ' + failRunForGates(report))
        },
      })
    },
  }],
  test: { include: ['*.test.ts'] },
})
`

const TEST = (name: string, pass = true): string => `import { expect, test } from 'vitest'\ntest(${JSON.stringify(name)}, () => expect(${pass ? 1 : 2}).toBe(1))\n`

let project: TestProject

afterAll(async ({}, suite) => {
  await cleanupAll(suite)
})

function setResults(dir: string, status: 'passed' | 'failed'): void {
  writeFileSync(path.join(dir, 'results.json'), stableStringify(results([{ caseId: 'summary-1' }, { caseId: 'summary-2', status }]), 2))
}

const output = (run: VitestRun): string => `${run.stdout}\n${run.stderr}`

describe('failRunForGates in a real vitest run', () => {
  test('all tests pass: exit 0 without a baseline or with the gates passing, exit 1 when a gate fails', async () => {
    project = await createProject({ config: CONFIG, files: { 'a.test.ts': TEST('a'), 'b.test.ts': TEST('b') } })
    setResults(project.dir, 'failed')
    const noBaseline = await project.run(['run'])
    expect(noBaseline.code, output(noBaseline)).toBe(0)
    expect(noBaseline.stdout).toContain('no baseline at llm-baseline.json')
    expect(noBaseline.stdout).toContain('gates failed the run: false')

    writeBaseline(path.join(project.dir, 'llm-baseline.json'), createBaseline(results([{ caseId: 'summary-1' }, { caseId: 'summary-2' }])))
    const failing = await project.run(['run'])
    expect(failing.stdout).toMatch(/Tests\s+2 passed/)
    expect(failing.stdout).toContain('✗ noNewFailures: 1 case passed on the baseline and fails now: qa › summary-2 › openai:gpt-4o-mini')
    expect(failing.stdout).toContain('gates failed the run: true')
    expect(failing.code, output(failing)).toBe(1)
    expect(output(failing)).not.toContain('Unhandled Error')

    setResults(project.dir, 'passed')
    const passing = await project.run(['run'])
    expect(passing.stdout).toContain('✓ noNewFailures')
    expect(passing.code, output(passing)).toBe(0)
  }, 120_000)

  test('a failing test and a failing gate: still exit 1', async () => {
    await project.write('b.test.ts', TEST('b', false))
    setResults(project.dir, 'failed')
    const run = await project.run(['run'])
    expect(run.stdout).toContain('gates failed the run: true')
    expect(run.code, output(run)).toBe(1)
    await project.write('b.test.ts', TEST('b'))
  }, 120_000)

  test('shards (--shard, blob reporter) are not gated; the --merge-reports run is, and exits 1', async () => {
    setResults(project.dir, 'failed')
    for (const shard of ['1/2', '2/2']) {
      const run = await project.run(['run', `--shard=${shard}`, '--reporter=blob'])
      expect(run.stdout).toContain('gates: not on a shard')
      expect(run.code, output(run)).toBe(0)
    }
    const merged = await project.run(['--merge-reports'])
    expect(merged.stdout).toContain('gates failed the run: true')
    expect(merged.code, output(merged)).toBe(1)
    setResults(project.dir, 'passed')
    const mergedPassing = await project.run(['--merge-reports'])
    expect(mergedPassing.code, output(mergedPassing)).toBe(0)
  }, 120_000)
})
