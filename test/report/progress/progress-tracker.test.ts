import { describe, expect, test } from 'vitest'
import { MIN_CASES_FOR_ETA, ProgressTracker } from '../../../src/report/progress/progress-tracker.ts'

/** A clock the test moves by hand (ms). */
function clock(start = 1000): { now: () => number; advance: (ms: number) => void } {
  let t = start
  return { now: () => t, advance: (ms) => void (t += ms) }
}

describe('ProgressTracker', () => {
  test('totals per provider from the cases added; adding a case twice counts it once', () => {
    const c = clock()
    const tracker = new ProgressTracker('llm', c.now)
    for (let i = 0; i < 3; i++) {
      tracker.addCase(`a${i}`, 'openai:gpt-4o-mini')
      tracker.addCase(`b${i}`, 'local')
    }
    tracker.addCase('a0', 'openai:gpt-4o-mini')
    const s = tracker.snapshot()
    expect(s.total).toBe(6)
    expect(s.done).toBe(0)
    expect(s.providers).toEqual([
      { provider: 'openai:gpt-4o-mini', done: 0, total: 3 },
      { provider: 'local', done: 0, total: 3 },
    ])
    expect(s.throughput).toBeNull()
    expect(s.etaMs).toBeNull()
  })

  test('outcomes counted by status; done per provider; throughput = done / elapsed; ETA = remaining / throughput', () => {
    const c = clock()
    const tracker = new ProgressTracker('llm', c.now)
    for (let i = 0; i < 10; i++) tracker.addCase(`t${i}`, i < 5 ? 'p' : 'q')
    c.advance(4000)
    tracker.addResult('t0', 'p', 'passed')
    tracker.addResult('t1', 'p', 'failed')
    tracker.addResult('t5', 'q', 'error')
    tracker.addResult('t6', 'q', 'timeout')
    const s = tracker.snapshot()
    expect(s.done).toBe(4)
    expect(s.counts).toEqual({ passed: 1, failed: 1, error: 1, timeout: 1, skipped: 0 })
    expect(s.elapsedMs).toBe(4000)
    // 4 cases in 4 s
    expect(s.throughput).toBe(1)
    // 6 left at 1 case/s
    expect(s.etaMs).toBe(6000)
    expect(s.providers).toEqual([
      { provider: 'p', done: 2, total: 5 },
      { provider: 'q', done: 2, total: 5 },
    ])
  })

  test(`no ETA until ${MIN_CASES_FOR_ETA} cases did work; then it follows the clock`, () => {
    const c = clock(0)
    const tracker = new ProgressTracker('llm', c.now)
    for (let i = 0; i < 8; i++) tracker.addCase(`t${i}`, 'p')
    c.advance(2000)
    tracker.addResult('t0', 'p', 'passed')
    tracker.addResult('t1', 'p', 'passed')
    expect(tracker.snapshot().throughput).toBe(1)
    expect(tracker.snapshot().etaMs).toBeNull()
    c.advance(1000)
    tracker.addResult('t2', 'p', 'passed')
    // 3 in 3 s: 1 case/s, 5 left
    expect(tracker.snapshot().etaMs).toBe(5000)
    c.advance(3000)
    // still 3 in 6 s now: 0.5 case/s, 5 left: 10 s
    expect(tracker.snapshot().throughput).toBe(0.5)
    expect(tracker.snapshot().etaMs).toBe(10_000)
  })

  test('skipped and resumed cases are done but took no time: they do not count towards throughput', () => {
    const c = clock(0)
    const tracker = new ProgressTracker('llm', c.now)
    for (let i = 0; i < 10; i++) tracker.addCase(`t${i}`, 'p')
    tracker.addResult('t0', 'p', 'passed', true)
    tracker.addResult('t1', 'p', 'passed', true)
    tracker.addResult('t2', 'p', 'skipped')
    c.advance(3000)
    tracker.addResult('t3', 'p', 'passed')
    tracker.addResult('t4', 'p', 'failed')
    tracker.addResult('t5', 'p', 'passed')
    const s = tracker.snapshot()
    expect(s.done).toBe(6)
    expect(s.counts).toEqual({ passed: 4, failed: 1, error: 0, timeout: 0, skipped: 1 })
    // 3 worked cases in 3 s; 4 left
    expect(s.throughput).toBe(1)
    expect(s.etaMs).toBe(4000)
  })

  test('a second result for a case replaces the first; a result for an unknown case adds it', () => {
    const c = clock(0)
    const tracker = new ProgressTracker('llm', c.now)
    tracker.addCase('t0', 'p')
    tracker.addResult('t0', 'p', 'failed')
    tracker.addResult('t0', 'p', 'passed')
    tracker.addResult('late', 'q', 'error')
    const s = tracker.snapshot()
    expect(s.done).toBe(2)
    expect(s.total).toBe(2)
    expect(s.counts).toEqual({ passed: 1, failed: 0, error: 1, timeout: 0, skipped: 0 })
    expect(s.providers).toEqual([
      { provider: 'p', done: 1, total: 1 },
      { provider: 'q', done: 1, total: 1 },
    ])
  })

  test('the total is final once every expected dataset file is collected; all done: ETA 0', () => {
    const c = clock(0)
    const tracker = new ProgressTracker('llm', c.now)
    tracker.expectModules(['/d/a.dataset.yaml', '/d/b.dataset.yaml'])
    tracker.addCase('a1', 'p')
    tracker.moduleCollected('/d/a.dataset.yaml')
    expect(tracker.snapshot().totalFinal).toBe(false)
    tracker.addCase('b1', 'p')
    tracker.moduleCollected('/d/b.dataset.yaml')
    expect(tracker.snapshot().totalFinal).toBe(true)
    c.advance(500)
    tracker.addResult('a1', 'p', 'passed')
    tracker.addResult('b1', 'p', 'passed')
    expect(tracker.snapshot().etaMs).toBe(0)
  })
})
