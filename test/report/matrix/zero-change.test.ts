import { describe, expect, test } from 'vitest'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { buildMatrix, compareColumns, formatMatrixMarkdown, formatMatrixTerminal } from '../../../src/report/matrix/index.ts'
import { points } from '../../../src/report/gates/format-values.ts'

type Row = Pick<CaseRecord, 'dataset' | 'caseId' | 'provider' | 'status' | 'variant'>
const rec = (caseId: string, provider: string, status: CaseRecord['status']): Row => ({ dataset: 'qa', caseId, provider, status })

/** Three cases under 3 repeats: lily fails, tom passes, sue 1/3 — the same on columns a and b. */
function same(): Row[] {
  const out: Row[] = []
  for (const p of ['a', 'b']) {
    for (let r = 0; r < 3; r++) {
      out.push(rec('lily', p, 'failed'), rec('tom', p, 'passed'), rec('sue', p, r === 0 ? 'passed' : 'failed'))
    }
  }
  return out
}

describe('a comparison where no paired case changed', () => {
  test('says so instead of "+0.0 points (+0.0 to +0.0) … could detect ≈0.0 points", in the terminal and summary.md', () => {
    const m = buildMatrix([...same(), rec('extra', 'a', 'passed'), rec('extra', 'b', 'failed'), rec('extra', 'b', 'passed')])
    const [, b] = compareColumns(buildMatrix(same()))
    expect(b?.versusReference?.changedCases).toBe(0)
    const plain = buildMatrix(same())
    const text = formatMatrixTerminal(plain, compareColumns(plain)).join('\n')
    expect(text).toContain('no paired case changed (3 paired cases)')
    expect(text).not.toContain('+0.0')
    expect(text).not.toContain('could detect ≈0.0')
    expect(formatMatrixMarkdown(plain, compareColumns(plain)).join('\n')).toContain('| no paired case changed (3 paired cases) |')
    // one case differs (1/1 vs 1/2): a real comparison, no negative zero anywhere
    const [, mb] = compareColumns(m)
    expect(mb?.versusReference?.changedCases).toBe(1)
    const changed = formatMatrixTerminal(m, compareColumns(m)).join('\n')
    expect(changed).toMatch(/−12\.5 points \(/)
    expect(changed).not.toMatch(/[−-]0\.0/)
  })

  test('a drop that rounds to zero has no sign', () => {
    expect(points(-0)).toBe('0.0 points')
    expect(points(-0.0001)).toBe('0.0 points')
    expect(points(-0.05)).toBe('-5.0 points')
  })

  test('so few cases that even a 100-point change would go unseen: said in words, never "could detect ≈157.7 points"', () => {
    // 3 cases × 3 repeats, column b flips one case: with 2 degrees of freedom the detectable change passes 100 points
    const rows: Row[] = []
    for (let r = 0; r < 3; r++) rows.push(rec('lily', 'a', 'failed'), rec('tom', 'a', 'passed'), rec('sue', 'a', 'failed'), rec('lily', 'b', 'passed'), rec('tom', 'b', 'passed'), rec('sue', 'b', 'failed'))
    const m = buildMatrix(rows)
    const [, b] = compareColumns(m)
    expect(b?.versusReference?.verdict.minimumDetectableChange ?? 0).toBeGreaterThanOrEqual(1)
    const text = formatMatrixTerminal(m, compareColumns(m)).join('\n')
    expect(text).toContain('too few cases to detect even a 100-point change')
    expect(text).not.toMatch(/could detect ≈(1\d\d|[2-9]\d\d)/)
  })
})

