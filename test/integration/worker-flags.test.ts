import { afterAll, describe, expect, test } from 'vitest'
import { cleanupAll, configSource, createProject, describeRun } from '../helpers/run-vitest.ts'

/**
 * The workers' Node flags (`execArgv`) in each kind of Vitest pool, in a child
 * Vitest: a function provider answers with the flags its worker started with
 * (`process.execArgv`), so the records say what each worker got.
 */

afterAll(({}, suite) => cleanupAll(suite))

const FLAGS = `export default async function flags(): Promise<string> {
  return 'flags: ' + JSON.stringify(process.execArgv)
}
`

function project(rootTest: string, extra = ''): Promise<Awaited<ReturnType<typeof createProject>>> {
  return createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [{ type: 'function', module: './flags.ts', id: 'flags' }]${extra} }`, rootTest),
    files: {
      'flags.ts': FLAGS,
      'datasets/a.dataset.yaml': 'name: a\nassert:\n  - toMatchRegex:\n      pattern: "^flags: "\ntest_cases:\n  - id: one\n    prompt: p\n  - id: two\n    prompt: q\n',
    },
  })
}

function workerFlags(output: string | null): string[] {
  const match = /^flags: (.*)$/.exec(output ?? '')
  return match?.[1] ? (JSON.parse(match[1]) as string[]) : []
}

describe('execArgv', () => {
  test('workers that are processes (the default forks pool) start with the default flags', async () => {
    const run = await (await project(`pool: 'forks'`)).run(['run', '--project', 'llm'])
    expect(run.code, describeRun(run)).toBe(0)
    const cases = run.results().cases
    expect(cases.map((c) => c.status)).toEqual(['passed', 'passed'])
    for (const c of cases) expect(workerFlags(c.output)).toEqual(expect.arrayContaining(['--max-semi-space-size=32', '--heap-growing-percent=50']))
  })

  test('in a pool of threads the default flags, which a thread refuses, are left out and the run passes', async () => {
    for (const pool of ['threads', 'vmThreads']) {
      const run = await (await project(`pool: '${pool}'`)).run(['run', '--project', 'llm'])
      expect(run.code, `${pool}: ${describeRun(run)}`).toBe(0)
      const output = run.stdout + run.stderr
      expect(output).not.toContain('ERR_WORKER_INVALID_EXEC_ARGV')
      const cases = run.results().cases
      expect(cases.map((c) => c.status)).toEqual(['passed', 'passed'])
      for (const c of cases) expect(workerFlags(c.output)).not.toContain('--heap-growing-percent=50')
    }
  })

  test("in a pool of threads the user's own V8 flag is refused before any case runs, naming it and the fix", async () => {
    const run = await (await project(`pool: 'threads'`, `, execArgv: ['--max-old-space-size=256', '--no-warnings']`)).run(['run', '--project', 'llm'])
    const output = run.stdout + run.stderr
    expect(run.code, describeRun(run)).not.toBe(0)
    expect(run.runDirs()).toEqual([])
    expect(output).toContain(`llm-test-bench (project llm): execArgv ["--max-old-space-size=256","--no-warnings"] cannot start the workers of pool 'threads'`)
    expect(output).toContain('--max-old-space-size=256')
    expect(output).toContain(`run this project with pool: 'forks', or leave those flags out`)
  })

  test('in a pool of threads flags a thread takes are kept (a default flag given again is left out)', async () => {
    const run = await (await project(`pool: 'threads'`, `, execArgv: ['--max-semi-space-size=32', '--no-warnings']`)).run(['run', '--project', 'llm'])
    expect(run.code, describeRun(run)).toBe(0)
    for (const c of run.results().cases) expect(workerFlags(c.output)).toContain('--no-warnings')
  })
})
