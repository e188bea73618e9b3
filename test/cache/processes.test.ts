import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse } from 'yaml'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { recordingPath } from '../../src/providers/cache/index.ts'
import { tempDir } from './helpers.ts'

const run = promisify(execFile)
const source = (path: string) => new URL(`../../src/providers/cache/${path}`, import.meta.url).href
const helpers = new URL('./helpers.ts', import.meta.url).href

let dir: string
let dispose: () => Promise<void>
beforeEach(async () => ({ dir, dispose } = await tempDir()))
afterEach(() => dispose())

// Two projects (two worker processes) running the same dataset on different providers.
test('processes writing one recording file at once lose no entry', async () => {
  const dataset = join(dir, 'shared.dataset.yaml')
  const script = join(dir, 'writer.ts')
  await writeFile(
    script,
    `import { openCache } from ${JSON.stringify(source('open-cache.ts'))}
import { call } from ${JSON.stringify(helpers)}
const provider = process.argv[2]
const cache = await openCache({ mode: 'read-write', datasetFile: ${JSON.stringify(dataset)} })
await Promise.all(Array.from({ length: 25 }, (_, i) => cache.store(call('case-' + String(i).padStart(2, '0'), 'q' + i, { provider }))))
await cache.flush()
`,
  )
  await Promise.all(['p1', 'p2', 'p3'].map((provider) => run(process.execPath, [script, provider])))
  const data = parse(await readFile(recordingPath(dataset), 'utf8')) as { entries: Array<{ caseId: string; provider: string }> }
  expect(data.entries).toHaveLength(75)
  expect(data.entries.slice(0, 3).map((e) => `${e.caseId} ${e.provider}`)).toEqual(['case-00 p1', 'case-00 p2', 'case-00 p3'])
})
