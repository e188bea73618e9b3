import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Writes the two Vitest projects the benchmark compares: plain Vitest
 * (`test.concurrent` + the SDK call + one `expect`) and llm-test-bench (the same
 * cases as dataset files). Both go under `<repo>/.cache/` so that `vitest`
 * resolves through the repository's node_modules.
 */
export interface ProjectShape {
  files: number
  casesPerFile: number
  concurrency: number
  /** The harness's `split` option (default: the option's own default). */
  split?: number | false | 'auto'
}

export function writePlainVitestProject(dir: string, shape: ProjectShape): void {
  fresh(dir)
  writeFileSync(
    join(dir, 'vitest.config.ts'),
    `import { defineConfig } from 'vitest/config'
export default defineConfig({ test: { include: ['tests/*.test.ts'], maxConcurrency: ${shape.concurrency} } })
`,
  )
  mkdirSync(join(dir, 'tests'))
  for (let f = 0; f < shape.files; f++) {
    writeFileSync(
      join(dir, 'tests', `cases-${f}.test.ts`),
      `import OpenAI from 'openai'
import { test } from 'vitest'
const client = new OpenAI({ baseURL: process.env.BENCH_BASE_URL, apiKey: 'sk-no-key', maxRetries: 0 })
for (let i = 0; i < ${shape.casesPerFile}; i++) {
  test.concurrent(\`case ${f}-\${i}\`, async ({ expect }) => {
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: \`case \${i}: tell a story\` }],
      max_tokens: 16,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
    })
    let text = ''
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? ''
    expect(text).toMatch(/robot/)
  })
}
`,
    )
  }
}

/**
 * The harness project gets llm-test-bench the way a user does: the built
 * package (package.json + dist/) in its node_modules, so Vite loads it as a
 * dependency instead of bundling our sources into the config.
 */
export function writeHarnessProject(dir: string, shape: ProjectShape, repo: string): void {
  fresh(dir)
  const installed = join(dir, 'node_modules', 'llm-test-bench')
  mkdirSync(installed, { recursive: true })
  cpSync(join(repo, 'package.json'), join(installed, 'package.json'))
  cpSync(join(repo, 'dist'), join(installed, 'dist'), { recursive: true })
  writeFileSync(
    join(dir, 'vitest.config.ts'),
    `import { defineConfig } from 'vitest/config'
import { llmBench } from 'llm-test-bench'
export default defineConfig({
  test: {
    projects: [
      llmBench({
        name: 'llm',
        datasets: 'datasets/*.dataset.json',
        providers: [{ type: 'openai', model: 'm', baseURL: process.env.BENCH_BASE_URL, concurrency: ${shape.concurrency} }],${shape.split === undefined ? '' : `\n        split: ${JSON.stringify(shape.split)},`}
      }),
    ],
  },
})
`,
  )
  mkdirSync(join(dir, 'datasets'))
  for (let f = 0; f < shape.files; f++) {
    const dataset = {
      name: `cases-${f}`,
      defaults: { temperature: 0, max_tokens: 16 },
      assert: [{ toMatchRegex: { pattern: 'robot' } }],
      test_cases: Array.from({ length: shape.casesPerFile }, (_, i) => ({ id: `case-${i}`, prompt: `case ${i}: tell a story` })),
    }
    writeFileSync(join(dir, 'datasets', `cases-${f}.dataset.json`), JSON.stringify(dataset, null, 1))
  }
}

function fresh(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n')
}
