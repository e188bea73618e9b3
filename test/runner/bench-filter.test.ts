import { describe, expect, test } from 'vitest'
import { benchProjectFilters, matchesProjectFilter, servesBenchUnderPlainName } from '../../src/runner/bench-filter.ts'

const argv = (...args: string[]) => ['/usr/bin/node', '/x/node_modules/vitest/vitest.mjs', ...args]

describe('vitest bench --project <plain name>', () => {
  test('reads the filters of a bench command only', () => {
    expect(benchProjectFilters(argv('bench', '--project', 'llm', '--run'))).toEqual(['llm'])
    expect(benchProjectFilters(argv('bench', '--project=llm', '--project', 'unit'))).toEqual(['llm', 'unit'])
    expect(benchProjectFilters(argv('run', '--project', 'llm'))).toBeNull()
    expect(benchProjectFilters(argv('--project', 'llm'))).toBeNull()
  })

  test('matches like Vitest: wildcards and negation', () => {
    expect(matchesProjectFilter(['llm*'], 'llm (bench)')).toBe(true)
    expect(matchesProjectFilter(['llm'], 'llm (bench)')).toBe(false)
    expect(matchesProjectFilter(['!unit'], 'llm')).toBe(true)
    expect(matchesProjectFilter(['*', '!llm'], 'llm')).toBe(false)
  })

  test('the plain name serves the bench run only when the clone is filtered out', () => {
    expect(servesBenchUnderPlainName(argv('bench', '--project', 'llm'), 'llm')).toBe(true)
    expect(servesBenchUnderPlainName(argv('bench', '--project', 'llm*'), 'llm')).toBe(false)
    expect(servesBenchUnderPlainName(argv('bench', '--project', 'llm (bench)'), 'llm')).toBe(false)
    expect(servesBenchUnderPlainName(argv('bench'), 'llm')).toBe(false)
    expect(servesBenchUnderPlainName(argv('run', '--project', 'llm'), 'llm')).toBe(false)
  })
})
