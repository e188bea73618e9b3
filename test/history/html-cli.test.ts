import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { takeHtmlFlag } from '../../src/cli/history-html.ts'
import { CLI, runChild } from '../resume/child.ts'
import { makeRunFolders } from './html-fixture.ts'

/** `llm-test-bench history --html [out]`, run for real (node src/cli.ts) over real run folders. */

const SECRET = 'sk-hh-history-secret-0123456789abcdef'
const cwd = mkdtempSync(join(tmpdir(), 'llm-bench-history-cli-'))
// a branch name that holds the environment's API key: it must not reach the page
const ids = makeRunFolders(join(cwd, 'bench-results'), { branch: `leak-${SECRET}` })

afterAll(() => rmSync(cwd, { recursive: true, force: true }))

const embedded = (html: string): { runs: Array<{ id: string; report: string | null; branch: string | null }>; series: unknown[] } =>
  JSON.parse(/<script type="application\/json" id="history-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? 'null') as { runs: Array<{ id: string; report: string | null; branch: string | null }>; series: unknown[] }

describe('history --html', () => {
  test('the optional path is taken out of the arguments; --last noticed', () => {
    expect(takeHtmlFlag(['--html'])).toEqual({ html: null, lastGiven: false, rest: [] })
    expect(takeHtmlFlag(['--html', '--project', 'llm'])).toEqual({ html: null, lastGiven: false, rest: ['--project', 'llm'] })
    expect(takeHtmlFlag(['--project', 'llm', '--html', 'site/h.html', '--last', '5'])).toEqual({ html: 'site/h.html', lastGiven: true, rest: ['--project', 'llm', '--last', '5'] })
    expect(takeHtmlFlag(['--html=out.html', '--last=3'])).toEqual({ html: 'out.html', lastGiven: true, rest: ['--last=3'] })
    expect(takeHtmlFlag(['--html', 'reindex'])).toEqual({ html: null, lastGiven: false, rest: ['reindex'] })
    expect(takeHtmlFlag(['--project', 'llm'])).toEqual({ html: undefined, lastGiven: false, rest: ['--project', 'llm'] })
  })

  test('writes <output-dir>/history.html by default, every run, the API key redacted', async () => {
    const result = await runChild(cwd, [CLI, 'history', '--html'], { OPENAI_API_KEY: SECRET })
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const file = join(cwd, 'bench-results', 'history.html')
    expect(result.stdout).toMatch(new RegExp(`^wrote ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(3 runs, 16 series, \\d+ KiB\\)\\n$`))
    const html = readFileSync(file, 'utf8')
    expect(html).not.toContain(SECRET)
    const data = embedded(html)
    expect(data.runs.map((r) => [r.id, r.report])).toEqual([
      [ids[0], `${ids[0]}/report.html`],
      [ids[1], null],
      [ids[2], `${ids[2]}/report.html`],
    ])
    expect(data.runs[0]?.branch).toMatch(/^leak-/)
    expect(data.series).toHaveLength(16)
  }, 60_000)

  test('--html <path> elsewhere with --project and --last: links relative to that folder', async () => {
    const result = await runChild(cwd, [CLI, 'history', '--project', 'llm', '--html', 'site/trends.html', '--last', '2'])
    expect(result.code).toBe(0)
    const file = join(cwd, 'site', 'trends.html')
    expect(existsSync(file)).toBe(true)
    const data = embedded(readFileSync(file, 'utf8'))
    expect(data.runs.map((r) => [r.id, r.report])).toEqual([
      [ids[1], null],
      [ids[2], `../bench-results/${ids[2]}/report.html`],
    ])
  }, 60_000)

  test('reindex with --html is refused', async () => {
    const result = await runChild(cwd, [CLI, 'history', 'reindex', '--html'])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('--html does not go with reindex')
  }, 60_000)
})
