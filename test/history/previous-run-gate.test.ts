import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { GateReport } from '../../src/report/gates/types.ts'
import { cleanupAll, configSource, createProject, describeRun } from '../helpers/run-vitest.ts'

/**
 * `gates.baseline: { previousRun: { branch: 'main' } }` end to end: real child
 * Vitest runs of a project with a function provider, in its own git repository.
 * The first run on main has no previous run (the gates that need a baseline are
 * skipped, the run passes); a run on a feature branch is compared with the run
 * on main (a newly failing case fails the gate); a later run on the feature
 * branch is still compared with main's run, not with the feature run before it.
 */

afterAll(({}, suite) => cleanupAll(suite))

const APP = `export function answer({ prompt }: { prompt?: string }): string {
  return process.env['BREAK'] === '1' && (prompt ?? '').includes('two') ? 'broken' : 'ok'
}
`
const DATASET = `name: qa
assert: [toEqualExpected]
test_cases:
  - { id: one, prompt: "say one", expected: ok }
  - { id: two, prompt: "say two", expected: ok }
  - { id: three, prompt: "say three", expected: ok }
`

function gatesOf(dir: string): GateReport | null {
  return (JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as { gates: GateReport | null }).gates
}

describe('gates.baseline: previous run on a branch', () => {
  test('first run: skipped with a note; feature run: compared with the main run; later feature run: still with main’s', async () => {
    const project = await createProject({
      config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [{ type: 'function', module: './src/app.ts', export: 'answer', id: 'app' }], gates: { baseline: { previousRun: { branch: 'main' } }, noNewFailures: true } }`),
      files: { 'src/app.ts': APP, 'datasets/qa.dataset.yaml': DATASET, '.gitignore': 'bench-results/\n' },
    })
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: project.dir, encoding: 'utf8' }).trim()
    git('init', '-q', '-b', 'main')
    git('add', '-A')
    git('commit', '-q', '-m', 'bench')

    const first = await project.run(['run', '--project', 'llm'])
    expect(first.code, describeRun(first)).toBe(0)
    const [firstDir] = first.runDirs()
    const firstGates = gatesOf(firstDir as string)
    expect(firstGates?.baseline).toBeNull()
    expect(firstGates?.baselineNote).toBe('no previous run of project "llm" on branch main (by results.json provenance) in bench-results; gates that need a baseline were skipped')
    expect(firstGates?.gates).toEqual([expect.objectContaining({ gate: 'noNewFailures', passed: true, skipped: firstGates?.baselineNote })])
    const firstId = path.basename(firstDir as string)

    git('checkout', '-q', '-b', 'feature')
    const second = await project.run(['run', '--project', 'llm'], { env: { BREAK: '1' } })
    expect(second.code, describeRun(second)).toBe(1)
    const secondDir = second.runDirs().find((d) => path.basename(d) !== firstId) as string
    const secondGates = gatesOf(secondDir)
    expect(secondGates?.baseline).toMatchObject({ baselineRunId: firstId, baselineFile: `bench-results/${firstId}/results.json` })
    expect(secondGates?.gates).toEqual([expect.objectContaining({ gate: 'noNewFailures', passed: false, cases: ['qa › two › app'] })])
    expect(second.stdout).toContain('qa › two › app')

    const third = await project.run(['run', '--project', 'llm'])
    expect(third.code, describeRun(third)).toBe(0)
    const thirdDir = third.runDirs().find((d) => ![firstId, path.basename(secondDir)].includes(path.basename(d))) as string
    const thirdGates = gatesOf(thirdDir)
    // the feature run before it is not on main: main's run is still the baseline
    expect(thirdGates?.baseline).toMatchObject({ baselineRunId: firstId })
    expect(thirdGates?.passed).toBe(true)
  }, 600_000)
})
