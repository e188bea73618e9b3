import { describe, expect, test } from 'vitest'
import { parseCliArgs, UsageError, type VitestCommandArgs } from '../../src/cli/args.ts'
import { formatRuns } from '../../src/cli/runs.ts'
import { vitestArgv } from '../../src/cli/vitest-command.ts'

/** The command line of `llm-test-bench`: our flags out, Vitest's through, in order. */

const ID = 'llm-20250102-030405-abcdef01'

function vitestCommand(argv: string[]): VitestCommandArgs {
  const args = parseCliArgs(argv)
  if (args.command !== 'run' && args.command !== 'watch' && args.command !== 'bench') throw new Error(`not a Vitest command: ${args.command}`)
  return args
}

describe('parseCliArgs', () => {
  test('defaults: project llm, no resume, no cache, nothing for Vitest', () => {
    expect(parseCliArgs(['run'])).toEqual({ command: 'run', projects: ['llm'], resume: null, cache: null, repeats: null, help: false, vitestArgs: [] })
    expect(parseCliArgs([])).toEqual({ command: 'help' })
    expect(parseCliArgs(['--help'])).toEqual({ command: 'help' })
    expect(parseCliArgs(['--version'])).toEqual({ command: 'version' })
  })

  test('--resume takes a value only when it is latest or a run id', () => {
    expect(vitestCommand(['run', '--resume']).resume).toBe('latest')
    expect(vitestCommand(['run', '--resume', ID, '-t', 'x'])).toMatchObject({ resume: ID, vitestArgs: ['-t', 'x'] })
    expect(vitestCommand(['run', '--resume', `${ID}-2`]).resume).toBe(`${ID}-2`)
    expect(vitestCommand(['run', '--resume', 'latest']).resume).toBe('latest')
    expect(vitestCommand(['run', '--resume', 'datasets/a'])).toMatchObject({ resume: 'latest', vitestArgs: ['datasets/a'] })
    expect(vitestCommand(['run', '--resume', '--maxWorkers=1'])).toMatchObject({ resume: 'latest', vitestArgs: ['--maxWorkers=1'] })
    expect(vitestCommand(['run', `--resume=${ID}`]).resume).toBe(ID)
  })

  test('our flags anywhere; every other argument goes to Vitest in order, all of it after --', () => {
    const args = vitestCommand(['run', '--maxWorkers', '2', '--project', 'a', '-t', 'c 1', '--project=b', '--cache', 'off', 'datasets/x', '--', '--project', 'z'])
    expect(args).toMatchObject({ projects: ['a', 'b'], cache: 'off', resume: null })
    expect(args.vitestArgs).toEqual(['--maxWorkers', '2', '-t', 'c 1', 'datasets/x', '--', '--project', 'z'])
    expect(vitestArgv(args)).toEqual(['run', '--project', 'a', '--project', 'b', '--maxWorkers', '2', '-t', 'c 1', 'datasets/x', '--', '--project', 'z'])
    expect(vitestArgv(vitestCommand(['bench', '--run']))).toEqual(['bench', '--project', 'llm', '--run'])
    expect(vitestArgv(vitestCommand(['watch']))).toEqual(['watch', '--project', 'llm'])
    expect(vitestCommand(['watch', '-h']).help).toBe(true)
  })

  test('--repeats N is ours (LLM_BENCH_REPEATS); after -- it reaches Vitest (its own rerun flag)', () => {
    expect(vitestCommand(['run', '--repeats', '3', '-t', 'x'])).toMatchObject({ repeats: 3, vitestArgs: ['-t', 'x'] })
    expect(vitestCommand(['watch', '--repeats=5']).repeats).toBe(5)
    expect(vitestCommand(['run', '--', '--repeats', '2'])).toMatchObject({ repeats: null, vitestArgs: ['--', '--repeats', '2'] })
    expect(() => parseCliArgs(['run', '--repeats', '0'])).toThrow('--repeats must be a positive whole number (the samples of each case), got "0"')
    expect(() => parseCliArgs(['run', '--repeats', '2.5'])).toThrow(UsageError)
    expect(() => parseCliArgs(['run', '--repeats'])).toThrow('--repeats needs a value')
  })

  test('usage errors', () => {
    expect(() => parseCliArgs(['frob'])).toThrow(UsageError)
    expect(() => parseCliArgs(['run', '--cache'])).toThrow('--cache needs a value')
    expect(() => parseCliArgs(['run', '--cache', 'sometimes'])).toThrow('--cache sometimes: expected one of off, read-write, record, replay')
    expect(() => parseCliArgs(['run', '--project'])).toThrow('--project needs a value')
    expect(() => parseCliArgs(['runs', 'extra'])).toThrow(UsageError)
  })

  test('runs: project llm by default, --all for every run', () => {
    expect(parseCliArgs(['runs'])).toEqual({ command: 'runs', projects: ['llm'], outputDir: 'bench-results', json: false, help: false })
    expect(parseCliArgs(['runs', '--all', '--output-dir', 'out', '--json'])).toEqual({ command: 'runs', projects: null, outputDir: 'out', json: true, help: false })
    expect(parseCliArgs(['runs', '--project', 'a', '--project', 'b'])).toMatchObject({ projects: ['a', 'b'] })
  })
})

describe('formatRuns', () => {
  test('a table: id, start (UTC), cases, status; bench runs are never resumable', () => {
    const base = { dir: '/x', reason: null, finished: false, cases: 5 }
    const text = formatRuns([
      { ...base, id: ID, name: 'llm', startedAt: '2025-01-02T03:04:05.000Z', cases: 12, finished: true, reason: 'passed' },
      { ...base, id: 'llm-20250103-000000-abcdef01', name: 'llm', startedAt: '2025-01-03T00:00:00.000Z' },
      { ...base, id: 'llm-20250104-000000-abcdef01', name: 'llm', startedAt: '2025-01-04T00:00:00.000Z', reason: 'interrupted' },
      { ...base, id: 'llm-bench-20250105-000000-abcdef01', name: 'llm-bench', startedAt: '2025-01-05T00:00:00.000Z' },
    ])
    expect(text).toBe(
      [
        'id                                  started (UTC)        cases  status',
        'llm-20250102-030405-abcdef01        2025-01-02 03:04:05     12  finished (passed)',
        'llm-20250103-000000-abcdef01        2025-01-03 00:00:00      5  unfinished (resumable)',
        'llm-20250104-000000-abcdef01        2025-01-04 00:00:00      5  interrupted (resumable)',
        'llm-bench-20250105-000000-abcdef01  2025-01-05 00:00:00      5  unfinished',
        '',
      ].join('\n'),
    )
  })
})
