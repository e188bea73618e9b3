import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { RunComparisonSchema } from '../../src/history/compare/schema.ts'
import type { RunResults } from '../../src/report/run-results.ts'
import { tempDir, writeRun } from '../report/gates/results-fixture.ts'
import { CLI, describeChild, runChild, type ChildResult } from '../resume/child.ts'
import { runOf, type CompareSpec } from './compare-fixture.ts'

/**
 * `llm-test-bench compare`, run for real (`node src/cli.ts`) in temporary
 * folders holding run folders with results.json files written the way the
 * reporter writes them (and, for `--base merge-base`, a real git repository).
 */

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function workspace(): string {
  const dir = tempDir('llm-compare-cli-')
  dirs.push(dir)
  return dir
}

const cli = (cwd: string, ...args: string[]): Promise<ChildResult> => runChild(cwd, [CLI, 'compare', ...args], {}, 60_000)

const OLD = 'llm-20261101-090000-aaaaaaaa'
const MID = 'llm-20261110-090000-bbbbbbbb'
const NEW = 'llm-20261120-100000-cccccccc'
const UNFINISHED = 'llm-20261121-100000-dddddddd'
const OTHER = 'other-20261122-100000-eeeeeeee'

const ten = (failing: number): CompareSpec[] => Array.from({ length: 10 }, (_, i) => ({ caseId: `c${String(i + 1).padStart(2, '0')}`, status: i < failing ? ('failed' as const) : ('passed' as const) }))

function withProvenance(results: RunResults, commit: string | null, branch: string | null = null): RunResults {
  return { ...results, provenance: { git: commit === null ? null : { commit, branch, dirty: false }, configHash: null, datasets: [] } }
}

/** OLD (all pass), MID (all pass), NEW (6 of 10 fail), an unfinished run, and a newer run of another project. */
function withRuns(dir: string): string {
  const out = path.join(dir, 'bench-results')
  writeRun(out, runOf(ten(0), { runId: OLD, startedAt: '2026-11-01T09:00:00.000Z' }))
  writeRun(out, runOf(ten(0), { runId: MID, startedAt: '2026-11-10T09:00:00.000Z' }))
  writeRun(out, runOf(ten(6), { runId: NEW, startedAt: '2026-11-20T10:00:00.000Z' }))
  mkdirSync(path.join(out, UNFINISHED), { recursive: true })
  writeFileSync(path.join(out, UNFINISHED, 'results.jsonl'), '')
  writeRun(out, runOf(ten(0), { runId: OTHER, project: 'other', startedAt: '2026-11-22T10:00:00.000Z' }))
  return out
}

describe('llm-test-bench compare', () => {
  test('default: the newest finished run against the one before it; --json holds the schema; --fail-on-regression exits 1', async () => {
    const dir = workspace()
    withRuns(dir)
    const [text, json, failing, markdown] = await Promise.all([cli(dir), cli(dir, '--json'), cli(dir, '--fail-on-regression'), cli(dir, '--markdown')])
    expect(text.code, describeChild(text)).toBe(0)
    expect(text.stdout).toContain(`Compare ${MID} (base) → ${NEW} (current), project llm`)
    expect(text.stdout).toContain('Pass rate 100.0% → 40.0% over 10 paired cases: 6 newly failing, 0 newly passing')
    expect(text.stdout).toContain('Regressed: the pass rate fell by 60.0 points')
    const comparison = RunComparisonSchema.parse(JSON.parse(json.stdout))
    expect(comparison.base.runId).toBe(MID)
    expect(comparison.current.runId).toBe(NEW)
    expect(comparison.newlyFailing.map((c) => c.caseId)).toEqual(['c01', 'c02', 'c03', 'c04', 'c05', 'c06'])
    expect(comparison.newlyPassing).toEqual([])
    expect(comparison.verdict?.verdict).toBe('regressed')
    expect(failing.code, describeChild(failing)).toBe(1)
    expect(markdown.stdout).toMatch(/^### Compare: ❌ regressed\n/)
  }, 60_000)

  test('named runs: two in order, one against --base previous or a named base; no regression exits 0 with --fail-on-regression', async () => {
    const dir = workspace()
    withRuns(dir)
    const [two, one, named, improved] = await Promise.all([
      cli(dir, OLD, MID, '--json', '--fail-on-regression'),
      cli(dir, MID, '--json'),
      cli(dir, NEW, '--base', OLD, '--json'),
      cli(dir, NEW, MID, '--json', '--fail-on-regression'),
    ])
    for (const r of [two, one, named]) expect(r.code, describeChild(r)).toBe(0)
    const runs = (r: ChildResult): string[] => {
      const c = RunComparisonSchema.parse(JSON.parse(r.stdout))
      return [c.base.runId, c.current.runId]
    }
    expect(runs(two)).toEqual([OLD, MID])
    expect(runs(one)).toEqual([OLD, MID])
    expect(runs(named)).toEqual([OLD, NEW])
    expect(improved.code, describeChild(improved)).toBe(0)
    expect(RunComparisonSchema.parse(JSON.parse(improved.stdout)).verdict?.verdict).toBe('improved')
  }, 60_000)

  test('hostile: a missing run id, an unfinished, interrupted or other project’s run, a damaged results.json: exit 2 naming the run or file', async () => {
    const dir = workspace()
    const out = withRuns(dir)
    const broken = 'llm-20261123-100000-ffffffff'
    mkdirSync(path.join(out, broken), { recursive: true })
    writeFileSync(path.join(out, broken, 'results.json'), '{"runId": "llm-20261123-100000-ffffffff", "cases": [')
    const invalid = 'llm-20261124-100000-abababab'
    writeRun(out, { ...runOf(ten(0), { runId: invalid }), summary: 'none' } as unknown as RunResults)
    const interrupted = 'llm-20261125-100000-cdcdcdcd'
    writeRun(out, runOf(ten(0), { runId: interrupted, reason: 'interrupted' }))
    const cases: Array<[string[], string]> = [
      [['llm-20990101-000000-deadbeef', NEW], 'no run "llm-20990101-000000-deadbeef": not a run id in bench-results, nor a folder or file'],
      [[UNFINISHED, NEW], `run ${UNFINISHED} has not finished: no results.json in ${path.join(out, UNFINISHED)}`],
      [[interrupted, NEW], `run ${interrupted} was interrupted (${path.join(out, interrupted, 'results.json')}): its results are partial`],
      [[OTHER, NEW], `run ${OTHER} is of project "other" and run ${NEW} of "llm": compare two runs of one project`],
      [[broken, NEW], `run ${broken}: ${path.join(out, broken, 'results.json')} is not valid JSON`],
      [[invalid, NEW], `run ${invalid}: ${path.join(out, invalid, 'results.json')}: not a valid llm-test-bench results.json (1 problem):\n  summary: Invalid input: expected object, received string`],
      [[NEW, '--project', 'other'], `run ${NEW} (${path.join(out, NEW, 'results.json')}) is of project "llm", not "other"`],
      [['--project', 'nobody'], 'no finished run of project "nobody" in bench-results'],
      [[OLD], `no finished run of project "llm" before ${OLD} in bench-results: nothing to compare with`],
      [[NEW, NEW], `both sides are run ${NEW}`],
    ]
    const results = await Promise.all(cases.map(([args]) => cli(dir, ...args)))
    cases.forEach(([args, message], i) => {
      const r = results[i] as ChildResult
      expect(r.code, `${args.join(' ')}\n${describeChild(r)}`).toBe(2)
      expect(r.stderr, args.join(' ')).toContain(`llm-test-bench compare: ${message}`)
      expect(r.stdout).toBe('')
    })
  }, 60_000)

  test('usage errors exit 2 with the reason', async () => {
    const dir = workspace()
    const usage: Array<[string[], string]> = [
      [['a', 'b', 'c'], 'compare: two runs at most (base, current), got "a", "b", "c"'],
      [['--json', '--markdown'], 'compare: --json and --markdown cannot be used together'],
      [['a', 'b', '--base', 'previous'], 'compare: --base picks the base run when at most one run is named'],
      [['--frob'], "compare: Unknown option '--frob'"],
    ]
    const results = await Promise.all(usage.map(([args]) => cli(dir, ...args)))
    usage.forEach(([, message], i) => {
      expect(results[i]?.code, describeChild(results[i] as ChildResult)).toBe(2)
      expect(results[i]?.stderr).toContain(message)
    })
    const help = await cli(dir, '--help')
    expect(help.stdout).toMatch(/^Usage: llm-test-bench compare \[base-run current-run\]/)
  }, 60_000)

  test('--base merge-base: the newest run made at the merge base of HEAD and main (real git), whatever ran since', async () => {
    const dir = workspace()
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: dir, encoding: 'utf8' }).trim()
    git('init', '-q', '-b', 'main')
    writeFileSync(path.join(dir, 'a.txt'), 'one\n')
    git('add', 'a.txt')
    git('commit', '-q', '-m', 'one')
    const onMain = git('rev-parse', 'HEAD')
    git('checkout', '-q', '-b', 'feature')
    writeFileSync(path.join(dir, 'a.txt'), 'two\n')
    git('commit', '-q', '-am', 'two')
    const onFeature = git('rev-parse', 'HEAD')
    const out = path.join(dir, 'bench-results')
    writeRun(out, withProvenance(runOf(ten(1), { runId: OLD, startedAt: '2026-11-01T09:00:00.000Z' }), onMain, 'main'))
    writeRun(out, withProvenance(runOf(ten(0), { runId: MID, startedAt: '2026-11-10T09:00:00.000Z' }), onMain, 'main'))
    writeRun(out, withProvenance(runOf(ten(3), { runId: 'llm-20261115-090000-12121212', startedAt: '2026-11-15T09:00:00.000Z' }), onFeature, 'feature'))
    writeRun(out, withProvenance(runOf(ten(2), { runId: NEW, startedAt: '2026-11-20T10:00:00.000Z' }), onFeature, 'feature'))
    const r = await cli(dir, '--base', 'merge-base', '--json')
    expect(r.code, describeChild(r)).toBe(0)
    const c = RunComparisonSchema.parse(JSON.parse(r.stdout))
    expect([c.base.runId, c.current.runId]).toEqual([MID, NEW])
    expect(c.base).toMatchObject({ commit: onMain, branch: 'main' })
    expect(c.current).toMatchObject({ commit: onFeature, branch: 'feature' })
    const text = await cli(dir, '--base', 'merge-base')
    expect(text.stdout).toContain(`Compare ${MID} (commit ${onMain.slice(0, 12)} on main) (base) → ${NEW} (commit ${onFeature.slice(0, 12)} on feature) (current)`)

    // no run at the merge base, and no repository at all
    rmSync(path.join(out, OLD), { recursive: true })
    rmSync(path.join(out, MID), { recursive: true })
    const none = await cli(dir, '--base', 'merge-base')
    expect(none.code, describeChild(none)).toBe(2)
    expect(none.stderr).toContain(`no finished run of project "llm" in bench-results was made at the merge base ${onMain.slice(0, 12)} (of HEAD and main)`)
    const bare = workspace()
    withRuns(bare)
    const outside = await cli(bare, '--base', 'merge-base')
    expect(outside.code, describeChild(outside)).toBe(2)
    expect(outside.stderr).toContain('is not in a git repository; name the base run instead (--base <run>)')
  }, 60_000)
})
