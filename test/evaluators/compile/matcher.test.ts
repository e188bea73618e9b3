import { describe, expect, test } from 'vitest'
import '../../../src/evaluators/setup.ts'
import { FENCED_IN_PROSE, TYPE_ERRORS, VUE_OK, VUE_TYPE_ERROR } from './samples.ts'

describe('toCompileWithTsc as a matcher', () => {
  test('passes and records its evaluation', async (ctx) => {
    await expect(FENCED_IN_PROSE).toCompileWithTsc()
    expect(ctx.task.meta.llmBenchEvaluations).toEqual([expect.objectContaining({ name: 'toCompileWithTsc', pass: true, score: 1 })])
  })

  test('the failure message lists the diagnostics with line:column', async () => {
    await expect(expect(TYPE_ERRORS).toCompileWithTsc()).rejects.toThrow(
      /Reason: 2 errors \(ts, strict: true\):\n3:9 TS2322 Type 'string' is not assignable to type 'number'\.\n6:7 TS2345 /,
    )
  })

  test('.not passes for code that does not compile, fails for code that does', async (ctx) => {
    await expect(VUE_TYPE_ERROR).not.toCompileWithTsc()
    await expect(expect(VUE_OK).not.toCompileWithTsc()).rejects.toThrow(/NOT to satisfy toCompileWithTsc/)
    expect(ctx.task.meta.llmBenchEvaluations?.map((e) => [e.name, e.pass])).toEqual([
      ['not.toCompileWithTsc', true],
      ['not.toCompileWithTsc', false],
    ])
  })
})

describe('50 concurrent checks through the test context expect', () => {
  const cases = Array.from({ length: 50 }, (_, i) => i)
  for (const i of cases) {
    test.concurrent(`check ${i}`, async ({ expect, task }) => {
      // every third answer has a type error on its own line i % 5 + 2
      const broken = i % 3 === 0
      const lines = Array.from({ length: 6 }, (_, line) => `export const v${i}_${line}: number = ${line === i % 5 + 1 && broken ? '"oops"' : line}`)
      const code = `\`\`\`ts\n${lines.join('\n')}\n\`\`\``
      if (broken) {
        await expect(code).not.toCompileWithTsc()
        const details = task.meta.llmBenchEvaluations?.[0]?.details as { diagnostics: Array<{ line: number }> }
        expect(details.diagnostics.map((d) => d.line)).toEqual([(i % 5) + 3])
      } else {
        await expect(code).toCompileWithTsc()
      }
      expect(task.meta.llmBenchEvaluations).toHaveLength(1)
    })
  }
})
