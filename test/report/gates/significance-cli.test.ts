import { rmSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { baselineCommand } from '../../../src/cli/baseline-command.ts'
import { parseBaselineArgs } from '../../../src/cli/baseline-args.ts'
import { createBaseline } from '../../../src/report/gates/create-baseline.ts'
import { writeBaseline } from '../../../src/report/gates/baseline-file.ts'
import { cases, results, tempDir, writeRun, type RecordSpec } from './results-fixture.ts'

/**
 * `llm-test-bench baseline compare --significant-drop` on finished runs (results.json files): its exit
 * code is decided by the gates alone, so it shows 0 for a drop that is noise and 1 for a real one.
 */

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function compare(now: RecordSpec[], flags: string[]): { code: number; out: string; err: string } {
  const dir = tempDir()
  dirs.push(dir)
  writeBaseline(path.join(dir, 'llm-baseline.json'), createBaseline(results(cases(100))))
  writeRun(path.join(dir, 'bench-results'), results(now, { runId: 'llm-20261120-110000-0123abcd' }))
  let out = ''
  let err = ''
  const args = parseBaselineArgs(['compare', ...flags], (message) => new Error(message), 'llm')
  const code = baselineCommand(args, dir, { out: (t) => (out += t), err: (t) => (err += t) })
  return { code, out, err }
}

const run = (failing: number): RecordSpec[] => [...cases(100 - failing), ...cases(failing, { status: 'failed' }, 101 - failing)]

describe('baseline compare --significant-drop', () => {
  test('1 of 100 newly failing: exit 0 (the plain 0.5-point gate would fail); 20 of 100: exit 1', () => {
    const noise = compare(run(1), ['--significant-drop', '0.05'])
    expect(noise.code, noise.err).toBe(0)
    expect(noise.out).toContain('✓ passRate.maxDrop: pass rate fell 1.0 point (95% CI −1.0 to 3.0): a drop of more than the allowed 5 is ruled out at 95%')
    expect(compare(run(1), ['--max-pass-rate-drop', '0.005']).code).toBe(1)
    const real = compare(run(20), ['--significant-drop', '5%'])
    expect(real.code).toBe(1)
    expect(real.out).toContain('✗ passRate.maxDrop: pass rate fell 20.0 points')
  })

  test('--inconclusive fail, --confidence and --majority are passed on; bad values are refused with the flag', () => {
    // 3 of 100: d̄ = −0.03, SE = √(3·0.9409 + 97·0.0009)/100 = 0.017059; 95% CI of the change −6.3 to +0.3: inconclusive
    expect(compare(run(3), ['--significant-drop', '0.05']).code).toBe(0)
    expect(compare(run(3), ['--significant-drop', '0.05', '--inconclusive', 'fail']).code).toBe(1)
    // at 80% (z = 1.2816) the interval −5.2 to −0.8 is significant, but 3 points ≤ 5: still inconclusive, a warning
    expect(compare(run(3), ['--significant-drop', '0.05', '--confidence', '0.8']).out).toContain('! passRate.maxDrop: inconclusive: pass rate fell 3.0 points (80% CI 0.8–5.2)')
    const args = parseBaselineArgs(['compare', '--no-new-failures', '--majority'], (m) => new Error(m), 'llm')
    expect(args.gates.noNewFailures).toEqual({ majority: true })
    const refuse = (flags: string[]): string => {
      try {
        parseBaselineArgs(['compare', ...flags], (m) => new Error(m), 'llm')
      } catch (error) {
        return (error as Error).message
      }
      return ''
    }
    expect(refuse(['--significant-drop', '0.05', '--confidence', '1'])).toBe('--confidence 1: expected a confidence strictly between 0 and 1 (0.95) or a percentage (95%)')
    expect(refuse(['--significant-drop', '0.05', '--inconclusive', 'maybe'])).toBe('--inconclusive maybe: expected warn or fail')
    expect(refuse(['--confidence', '0.9'])).toBe('--confidence and --inconclusive go with --significant-drop')
    expect(refuse(['--majority'])).toBe('--majority goes with --no-new-failures')
  })
})
