import { describe, expect, test } from 'vitest'
import { parseCliArgs, UsageError } from '../../src/cli/args.ts'

describe('history arguments', () => {
  test('defaults, filters and reindex', () => {
    expect(parseCliArgs(['history'])).toEqual({ command: 'history', action: 'list', project: null, dataset: null, provider: null, last: 30, outputDir: 'bench-results', json: false, help: false })
    expect(parseCliArgs(['history', '--project', 'llm', '--dataset', 'qa', '--provider', 'openai:gpt-4o-mini', '--last', '5', '--json', '--output-dir', 'out'])).toMatchObject({ project: 'llm', dataset: 'qa', provider: 'openai:gpt-4o-mini', last: 5, json: true, outputDir: 'out' })
    expect(parseCliArgs(['history', 'reindex', '--output-dir', 'out'])).toMatchObject({ action: 'reindex', outputDir: 'out' })
  })

  test('a command line that cannot be used says why', () => {
    expect(() => parseCliArgs(['history', 'rebuild'])).toThrow(new UsageError('history: unknown action "rebuild"; expected "reindex" or none'))
    expect(() => parseCliArgs(['history', '--last', '2.5'])).toThrow(/--last expects a whole number ≥ 1, found "2\.5"/)
    expect(() => parseCliArgs(['history', '--dataset='])).toThrow(/--dataset needs a value/)
    expect(() => parseCliArgs(['history', '--colour'])).toThrow(/history: Unknown option '--colour'/)
  })
})
