import { describe, expect, test } from 'vitest'
import { fitToWidth, formatDuration, formatProgressLine, formatRate } from '../../../src/report/progress/format-progress.ts'
import { ProgressTracker } from '../../../src/report/progress/progress-tracker.ts'

describe('formatProgressLine', () => {
  test('the example of the issue: 120 of 500 done in 40 s', () => {
    let t = 0
    const tracker = new ProgressTracker('llm', () => t)
    tracker.expectModules(['/d/x.dataset.yaml'])
    for (let i = 0; i < 250; i++) {
      tracker.addCase(`o${i}`, 'openai:gpt-4o-mini')
      tracker.addCase(`l${i}`, 'local')
    }
    tracker.moduleCollected('/d/x.dataset.yaml')
    t = 40_000
    for (let i = 0; i < 60; i++) {
      tracker.addResult(`o${i}`, 'openai:gpt-4o-mini', i < 4 ? 'failed' : i < 5 ? 'error' : 'passed')
      tracker.addResult(`l${i}`, 'local', i < 4 ? 'failed' : i < 5 ? 'error' : 'passed')
    }
    // 120 cases in 40 s = 3.0 cases/s; 380 left: 126.7 s
    expect(formatProgressLine(tracker.snapshot())).toBe(
      'llm-test-bench [llm] 120/500 cases (24%) · 110 passed · 8 failed · 2 errors · 3.0 cases/s · ETA 2m07s · openai:gpt-4o-mini 60/250, local 60/250',
    )
  })

  test('before any case ended: no throughput, "ETA —"; timeouts and skips named only when there are some', () => {
    let t = 0
    const tracker = new ProgressTracker('llm', () => t)
    tracker.addCase('a', 'p')
    tracker.addCase('b', 'p')
    tracker.addCase('c', 'p')
    expect(formatProgressLine(tracker.snapshot())).toBe('llm-test-bench [llm] 0/3 cases (0%) · 0 passed · 0 failed · 0 errors · — cases/s · ETA — · p 0/3')
    t = 8000
    tracker.addResult('a', 'p', 'timeout')
    tracker.addResult('b', 'p', 'skipped')
    tracker.addResult('c', 'p', 'error')
    // 2 worked cases (the skipped one took no time) in 8 s
    expect(formatProgressLine(tracker.snapshot())).toBe(
      'llm-test-bench [llm] 3/3 cases (100%) · 0 passed · 0 failed · 1 error · 1 timed out · 1 skipped · 0.25 cases/s · ETA 0s · p 3/3',
    )
  })

  test('while dataset files are still being collected the total is a floor', () => {
    let t = 0
    const tracker = new ProgressTracker('bench', () => t)
    tracker.expectModules(['/a', '/b'])
    for (let i = 0; i < 10; i++) tracker.addCase(`a${i}`, 'p')
    tracker.moduleCollected('/a')
    t = 5000
    for (let i = 0; i < 5; i++) tracker.addResult(`a${i}`, 'p', 'passed')
    // 5 in 5 s; at least 5 left
    expect(formatProgressLine(tracker.snapshot())).toBe(
      'llm-test-bench [bench] 5/10+ cases · 5 passed · 0 failed · 0 errors · 1.0 cases/s · ETA ≥5s · p 5/10',
    )
  })
})

describe('number formats', () => {
  test('durations', () => {
    expect(formatDuration(0)).toBe('0s')
    expect(formatDuration(44_600)).toBe('45s')
    expect(formatDuration(59_499)).toBe('59s')
    expect(formatDuration(59_500)).toBe('1m00s')
    expect(formatDuration(123_000)).toBe('2m03s')
    expect(formatDuration(3_599_000)).toBe('59m59s')
    expect(formatDuration(3_720_000)).toBe('1h02m')
  })

  test('rates', () => {
    expect(formatRate(24.4)).toBe('24')
    expect(formatRate(3.14)).toBe('3.1')
    expect(formatRate(1)).toBe('1.0')
    expect(formatRate(0.25)).toBe('0.25')
    expect(formatRate(0.05)).toBe('0.05')
    expect(formatRate(0.123)).toBe('0.12')
  })

  test('fitToWidth keeps one column spare and marks a cut', () => {
    expect(fitToWidth('abcdef', 7)).toBe('abcdef')
    expect(fitToWidth('abcdefg', 7)).toBe('abcde…')
    expect(fitToWidth('a·b·c', 5)).toBe('a·b…')
  })
})
