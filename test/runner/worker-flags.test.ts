import { describe, expect, test } from 'vitest'
import { DEFAULT_EXEC_ARGV } from '../../src/config/options.ts'
import { workerFlags } from '../../src/runner/worker-flags.ts'

describe('workerFlags', () => {
  test('processes take every flag, V8 ones included', () => {
    for (const pool of ['forks', 'vmForks', 'my-custom-pool']) {
      expect(workerFlags(pool, [...DEFAULT_EXEC_ARGV, '--max-old-space-size=256'])).toEqual({ execArgv: [...DEFAULT_EXEC_ARGV, '--max-old-space-size=256'], problem: null })
    }
  })

  test('threads leave the default V8 flags out and keep the ones a thread takes', () => {
    for (const pool of ['threads', 'vmThreads']) {
      expect(workerFlags(pool, DEFAULT_EXEC_ARGV)).toEqual({ execArgv: [], problem: null })
      expect(workerFlags(pool, [...DEFAULT_EXEC_ARGV, '--no-warnings'])).toEqual({ execArgv: ['--no-warnings'], problem: null })
      expect(workerFlags(pool, [])).toEqual({ execArgv: [], problem: null })
    }
  })

  test("a thread's refusal of the user's own flag is the problem, in Node's words, with the fix", () => {
    const flags = workerFlags('threads', ['--max-old-space-size=256', '--no-warnings'])
    expect(flags.execArgv).toBeNull()
    expect(flags.problem).toBe(
      `execArgv ["--max-old-space-size=256","--no-warnings"] cannot start the workers of pool 'threads': Initiated Worker with invalid execArgv flags: --max-old-space-size=256 (Node's worker threads take no V8 or process-wide flags); run this project with pool: 'forks', or leave those flags out`,
    )
  })
})
