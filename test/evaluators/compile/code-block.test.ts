import { describe, expect, test } from 'vitest'
import { codeBlocks, extractCodeBlock } from '../../../src/evaluators/code-block.ts'

describe('extractCodeBlock', () => {
  test('no fence: the whole text', () => {
    expect(extractCodeBlock('const a = 1')).toEqual({ code: 'const a = 1', language: null, startLine: 0, fenced: false })
  })

  test('the first preferred block, else the first block; tilde fences and longer fences', () => {
    const text = '```sh\nnpm i\n```\n~~~~TypeScript title="x"\nlet a = 1\n```\nstill code\n~~~~\n'
    expect(codeBlocks(text).map((b) => b.language)).toEqual(['sh', 'typescript'])
    expect(extractCodeBlock(text, { prefer: ['typescript'] })).toEqual({ code: 'let a = 1\n```\nstill code', language: 'typescript', startLine: 4, fenced: true })
    expect(extractCodeBlock(text).language).toBe('sh')
  })

  test('an unclosed fence (a cut-off answer) runs to the end; CRLF lines', () => {
    expect(extractCodeBlock('Here:\r\n```ts\r\nlet a = 1\r\nlet b', { prefer: ['ts'] })).toMatchObject({ code: 'let a = 1\nlet b', startLine: 2 })
  })
})
