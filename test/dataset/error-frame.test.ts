import { expect, test } from 'vitest'
import { DatasetError } from '../../src/dataset/errors.ts'
import { failingDataset } from './helpers.ts'

/**
 * Vitest prints a code frame of a failure's top stack frame. A DatasetError's
 * stack is the dataset itself (file:line:column of the first problem, no frame
 * of the library), and its `codeFrame` shows the user's lines, caret under the
 * column, so the user sees their file, not src/dataset/.
 */

const TEXT = 'name: frame\ntest_cases:\n  - id: a\n    prompt: hi\n    config:\n      temperature: hot\n  - id: b\n    prompt: ok\n    config: { seed: x }\n'

test("the stack's only frame is the first problem's place in the dataset file", () => {
  const { error, file } = failingDataset('frame.dataset.yaml', TEXT)
  expect(error).toBeInstanceOf(DatasetError)
  const lines = (error.stack ?? '').split('\n')
  const frames = lines.filter((line) => /^\s+at /.test(line))
  expect(frames).toEqual([`    at ${file}:6:20`])
  expect(error.stack).not.toMatch(/src[\\/]dataset/)
  expect(lines[0]).toBe(`DatasetError: Invalid dataset ${file} (2 problems):`)
})

test("the code frame shows the dataset's lines around the first problem, caret under its column", () => {
  const { error } = failingDataset('frame.dataset.yaml', TEXT)
  expect(error.codeFrame).toBe(
    ['4|     prompt: hi', '5|     config:', '6|       temperature: hot', ' |                    ^', '7|   - id: b', '8|     prompt: ok'].join('\n'),
  )
})

test('a problem in a file that cannot be decoded still has its stack frame, and no code frame', () => {
  const { error, file } = failingDataset('nul.dataset.yaml', 'name: \u0000\n')
  expect(error.stack?.split('\n').at(-1)).toBe(`    at ${file}:1:7`)
  expect(error.codeFrame).toBeUndefined()
})
