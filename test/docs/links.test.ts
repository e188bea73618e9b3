import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, test } from 'vitest'
import { anchorsOf, consumerMarkerProblems, formatProblems, githubSlug, linkProblems, npmRunProblems } from './markdown-links.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const DOCS = ['README.md', ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]
const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts

describe('README.md and docs/*.md', () => {
  test('the front door links every reference page', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    for (const page of DOCS.filter((f) => f !== 'README.md')) expect(readme, page).toContain(`](${page})`)
  })

  test.each(DOCS)('%s: every relative link and #anchor resolves', (file) => {
    expect(formatProblems(linkProblems(ROOT, file))).toBe('')
  })

  test.each(DOCS)('%s: every `npm run X` is a script of package.json', (file) => {
    expect(formatProblems(npmRunProblems(file, readFileSync(path.join(ROOT, file), 'utf8'), scripts))).toBe('')
  })

  test.each(DOCS)('%s: every consumer-file marker stands right before a fenced block', (file) => {
    expect(formatProblems(consumerMarkerProblems(file, readFileSync(path.join(ROOT, file), 'utf8')))).toBe('')
  })
})

describe('the checks themselves', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  test('GitHub slugs', () => {
    expect(githubSlug('Options of `llmBench()`')).toBe('options-of-llmbench')
    expect(githubSlug("llama.cpp's llama-server")).toBe('llamacpps-llama-server')
    expect(githubSlug('Quick start (this repository, a fresh clone)')).toBe('quick-start-this-repository-a-fresh-clone')
    expect(githubSlug('Standard benchmarks (`source:`)')).toBe('standard-benchmarks-source')
    expect(githubSlug('CI recipe: GitHub Actions, sharded and merged')).toBe('ci-recipe-github-actions-sharded-and-merged')
    expect(githubSlug('Ünïcødé names')).toBe('ünïcødé-names')
    expect([...anchorsOf('# A\n## A\n```\n# B\n```\n')]).toEqual(['a', 'a-1'])
  })

  test('finds a missing file, a missing anchor and a heading only inside a code block', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'llm-bench-links-'))
    dirs.push(root)
    mkdirSync(path.join(root, 'docs'))
    writeFileSync(path.join(root, 'docs', 'a.md'), '# Page A\n\n## Real heading\n\n```md\n## Fenced heading\n```\n')
    writeFileSync(
      path.join(root, 'README.md'),
      [
        '[ok](docs/a.md#real-heading) [ok](#top) [web](https://example.com/x#y)',
        '[gone](docs/b.md) [typo](docs/a.md#real-headin) [fenced](docs/a.md#fenced-heading)',
        '`[in code](docs/none.md)`',
        '# Top',
      ].join('\n'),
    )
    expect(formatProblems(linkProblems(root, 'README.md'))).toBe(
      [
        'README.md:2: link docs/b.md: docs/b.md does not exist',
        'README.md:2: link docs/a.md#real-headin: no heading with anchor #real-headin in docs/a.md',
        'README.md:2: link docs/a.md#fenced-heading: no heading with anchor #fenced-heading in docs/a.md',
      ].join('\n'),
    )
  })

  test('finds an `npm run` of a script that does not exist', () => {
    const text = 'Run `npm run llm`, then `npm run bench:overhead`.\n\n```sh\nnpm run lint\n```\n'
    expect(formatProblems(npmRunProblems('x.md', text, { llm: '', 'bench:overhead': '' }))).toBe('x.md:4: npm run lint: no script "lint" in package.json')
  })

  test('finds a consumer-file marker that is not right before a fence', () => {
    const text = '<!-- consumer-file: a.ts -->\n```ts\n```\n<!-- consumer-file: b.ts -->\n\n```ts\n```\n<!-- consumer-file: ../c.ts -->\n```ts\n```\n'
    expect(formatProblems(consumerMarkerProblems('x.md', text))).toBe(
      ['x.md:4: consumer-file b.ts: the next line must open a fenced code block', 'x.md:8: consumer-file ../c.ts: must be a relative path inside the project'].join('\n'),
    )
  })
})
