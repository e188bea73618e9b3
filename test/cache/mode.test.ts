import { describe, expect, test } from 'vitest'
import { resolveCacheMode } from '../../src/providers/cache/index.ts'

describe('resolveCacheMode', () => {
  test('default: read-write in watch mode, off in a plain or bench run', () => {
    expect(resolveCacheMode(undefined, 'watch', {})).toBe('read-write')
    expect(resolveCacheMode(undefined, 'run', {})).toBe('off')
    expect(resolveCacheMode(undefined, 'bench', {})).toBe('off')
  })

  test('the option sets it', () => {
    expect(resolveCacheMode('replay', 'run', {})).toBe('replay')
    expect(resolveCacheMode('off', 'watch', {})).toBe('off')
  })

  test('LLM_BENCH_CACHE wins over the option', () => {
    expect(resolveCacheMode('replay', 'run', { LLM_BENCH_CACHE: 'record' })).toBe('record')
    expect(resolveCacheMode(undefined, 'watch', { LLM_BENCH_CACHE: 'off' })).toBe('off')
    expect(resolveCacheMode('record', 'run', { LLM_BENCH_CACHE: '' })).toBe('record')
  })

  test('an unknown LLM_BENCH_CACHE value is an error naming the modes', () => {
    expect(() => resolveCacheMode(undefined, 'run', { LLM_BENCH_CACHE: 'yes' })).toThrow(
      'LLM_BENCH_CACHE="yes" is not a cache mode; expected one of off, read-write, record, replay',
    )
  })
})
