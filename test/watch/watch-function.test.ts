import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createProject, REPO, sleep, startWatcher, waitFor, type ThrowawayProject, type Watcher } from './watch-project.ts'

/**
 * Watch mode with a function provider: a real `vitest --watch --project llm`
 * child. Editing the function's module re-runs the dataset, and so does
 * editing a module the function imports (found through Vite's module graph);
 * the new run uses the new code. An unrelated edit runs nothing.
 */

const CONFIG = `import { defineConfig } from 'vitest/config'
import { llmBench } from ${JSON.stringify(join(REPO, 'src/index.ts'))}

export default defineConfig({
  test: {
    projects: [
      llmBench({
        name: 'llm',
        datasets: 'datasets/**/*.dataset.yaml',
        providers: [{ type: 'function', module: './src/app.ts', export: 'answer', id: 'app' }],
      }),
    ],
  },
})
`

const app = (tag: string): string => `import { WORD } from './words.ts'

export function answer({ prompt }: { prompt?: string }): string {
  return '${tag}/' + WORD + ': ' + (prompt ?? '')
}
`
const words = (word: string): string => `export const WORD: string = '${word}'\n`

let project: ThrowawayProject
let watcher: Watcher

/** The outputs of every finished run, oldest first. */
function outputs(): string[] {
  const dir = join(project.root, 'bench-results')
  if (!existsSync(dir)) return []
  const runs: Array<{ startedAt: string; output: string }> = []
  for (const name of readdirSync(dir)) {
    const file = join(dir, name, 'results.json')
    if (!existsSync(file)) continue
    try {
      const results = JSON.parse(readFileSync(file, 'utf8')) as { startedAt: string; cases: Array<{ output: string | null }> }
      runs.push({ startedAt: results.startedAt, output: results.cases.map((c) => c.output).join(',') })
    } catch {
      // being written
    }
  }
  return runs.sort((a, b) => a.startedAt.localeCompare(b.startedAt)).map((r) => r.output)
}

async function nextRun(seen: number): Promise<string> {
  return waitFor(`run ${seen + 1}`, () => {
    watcher.alive()
    const all = outputs()
    return all.length > seen ? all[seen] : undefined
  }, 30_000)
}

beforeAll(async () => {
  project = createProject({
    'vitest.config.ts': CONFIG,
    'src/app.ts': app('v1'),
    'src/words.ts': words('alpha'),
    'datasets/a.dataset.yaml': 'name: ds-a\ntest_cases:\n  - id: a1\n    prompt: "Say hi"\n',
    'notes.md': 'nothing\n',
  })
  // watch mode's default: recordings read and written; a function's edited code must still run
  watcher = startWatcher(project.root, { LLM_BENCH_CACHE: 'read-write' })
}, 10_000)

afterAll(async () => {
  await watcher?.stop()
  project?.remove()
})

describe('watch mode re-runs the datasets of a function provider whose code changed', () => {
  test('first run, then an edit of the function module, then of a module it imports, then nothing for an unrelated file', async () => {
    expect(await nextRun(0)).toBe('v1/alpha: Say hi')
    await sleep(500)
    project.write('src/app.ts', app('v2'))
    expect(await nextRun(1)).toBe('v2/alpha: Say hi')
    await sleep(500)
    project.write('src/words.ts', words('beta'))
    expect(await nextRun(2)).toBe('v2/beta: Say hi')
    await sleep(500)
    project.write('notes.md', 'still nothing\n')
    await sleep(2_000)
    expect(outputs()).toHaveLength(3)
  }, 120_000)
})
