import { describe, expect, test } from 'vitest'
import { parseCliArgs, UsageError } from '../../src/cli/args.ts'

describe('llm-test-bench recordings', () => {
  test('prune, its files and --dry-run', () => {
    expect(parseCliArgs(['recordings', 'prune'])).toEqual({ command: 'recordings', action: 'prune', files: [], dryRun: false, help: false })
    expect(parseCliArgs(['recordings', 'prune', '--dry-run', 'a.recording.yaml', 'b.recording.yaml'])).toMatchObject({
      action: 'prune',
      files: ['a.recording.yaml', 'b.recording.yaml'],
      dryRun: true,
    })
    expect(parseCliArgs(['recordings', '--help'])).toMatchObject({ action: null, help: true })
  })

  test('no action, another action or an unknown flag is a usage error', () => {
    expect(() => parseCliArgs(['recordings'])).toThrow(new UsageError('recordings needs an action: prune'))
    expect(() => parseCliArgs(['recordings', 'delete'])).toThrow('unknown recordings action "delete"; expected prune')
    expect(() => parseCliArgs(['recordings', 'prune', '--force'])).toThrow(UsageError)
  })
})
