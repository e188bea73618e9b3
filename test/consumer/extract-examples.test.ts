import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { docFiles, extractConsumerFiles, missingKinds } from '../../scripts/consumer/extract-examples.ts'
import { node22OnlyUses } from '../../scripts/consumer/node20-apis.ts'

function repoWith(files: Record<string, string>): string {
  const repo = mkdtempSync(join(tmpdir(), 'consumer-extract-'))
  mkdirSync(join(repo, 'docs'))
  for (const [path, text] of Object.entries(files)) writeFileSync(join(repo, path), text)
  return repo
}

describe('consumer-file examples in README.md and docs/*.md', () => {
  test('every marked block is extracted verbatim with its place; unmarked blocks are not', () => {
    const repo = repoWith({
      'README.md': ['# x', '<!-- consumer-file: vitest.config.mts -->', '```ts', "export default { test: {} }", '', '  // indented', '```', '', '```sh', 'npm i', '```', ''].join('\n'),
      'docs/datasets.md': ['text', '<!-- consumer-file: datasets/a.dataset.yaml -->', '````yaml', 'name: a', '```', 'still inside', '````', ''].join('\n'),
      'docs/other.txt': '<!-- consumer-file: ignored.ts -->\n```ts\n```\n',
    })
    expect(docFiles(repo)).toEqual(['README.md', 'docs/datasets.md'])
    const files = extractConsumerFiles(repo)
    expect(files).toEqual([
      { path: 'vitest.config.mts', content: "export default { test: {} }\n\n  // indented\n", source: 'README.md:2' },
      { path: 'datasets/a.dataset.yaml', content: 'name: a\n```\nstill inside\n', source: 'docs/datasets.md:2' },
    ])
    expect(missingKinds(files)).toEqual(['a hand-written test (*.test.ts or *.test.mts)'])
  })

  test('a marker without a block, a path leaving the project, a path given twice and an unclosed block are errors at their lines', () => {
    const repo = repoWith({
      'README.md': [
        '<!-- consumer-file: a.test.ts -->', '', '```ts', '```',
        '<!-- consumer-file: ../outside.ts -->', '```ts', '```',
        '<!-- consumer-file: b.test.ts -->', '```ts', '```',
        '<!-- consumer-file: b.test.ts -->', '```ts', '```',
        '<!-- consumer-file: c.ts -->', '```ts', 'never closed',
      ].join('\n'),
    })
    expect(() => extractConsumerFiles(repo)).toThrow(
      [
        'consumer-file markers:',
        '  README.md:1: expected a fenced code block on the next line after the consumer-file marker, found ""',
        '  README.md:5: consumer-file path "../outside.ts" must be relative to the project and stay inside it',
        '  README.md:11: consumer-file b.test.ts is already given at README.md:8',
        '  README.md:14: the code block after the consumer-file marker is never closed (expected a line ```)',
      ].join('\n'),
    )
  })

  test("this repository's docs mark a Vitest config, a dataset and a hand-written test", () => {
    const files = extractConsumerFiles(join(import.meta.dirname, '..', '..'))
    expect(missingKinds(files)).toEqual([])
  })
})

describe('APIs Node 20 lacks in dist/', () => {
  test('each use is named with its file and line; fs imports without glob and look-alikes pass', () => {
    const dir = mkdtempSync(join(tmpdir(), 'consumer-node20-'))
    mkdirSync(join(dir, 'sub'))
    // process.getBuiltinModule('node:sqlite') gives undefined on Node 20 (20.16+ has getBuiltinModule): allowed; an import of it throws there
    writeFileSync(join(dir, 'ok.js'), "import { readFileSync } from 'node:fs'\nconst groups = groupBy(items)\nconst s = z.union([a, b])\nconst sqlite = process.getBuiltinModule('node:sqlite')\n")
    writeFileSync(join(dir, 'sub', 'bad.js'), "const g = Map.groupBy(xs, f)\nimport { globSync } from 'node:fs'\nconst { promise } = Promise.withResolvers()\nimport { DatabaseSync } from 'node:sqlite'\nconst m = await import('node:sqlite')\n")
    writeFileSync(join(dir, 'types.d.ts'), 'Map.groupBy')
    expect(node22OnlyUses(dir)).toEqual([
      `${join(dir, 'sub', 'bad.js')}:1: Map.groupBy`,
      `${join(dir, 'sub', 'bad.js')}:2: fs.glob / fs.globSync (node:fs)`,
      `${join(dir, 'sub', 'bad.js')}:3: Promise.withResolvers`,
      `${join(dir, 'sub', 'bad.js')}:4: node:sqlite (imported)`,
      `${join(dir, 'sub', 'bad.js')}:5: node:sqlite (imported)`,
    ])
  })
})
