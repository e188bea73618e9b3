import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { resolveOptions } from '../../src/config/options.ts'
import { finishRun } from '../../src/report/finish-run.ts'
import { configHash, gitState, runProvenance } from '../../src/report/provenance.ts'
import { arraySource } from '../../src/report/record-source.ts'
import { readRunResults } from '../../src/report/results-schema.ts'
import { makeRecords, RUN_START } from '../report/html/fixture.ts'

const root = mkdtempSync(join(tmpdir(), 'llm-bench-provenance-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } }).trim()
}

describe('provenance', () => {
  test('a repository: commit, branch and dirty as git says; dataset paths relative to the root with their sha256', () => {
    const repo = join(root, 'repo')
    mkdirSync(join(repo, 'datasets'), { recursive: true })
    writeFileSync(join(repo, 'datasets', 'qa.dataset.yaml'), 'cases: []\n')
    git(repo, 'init', '-q', '-b', 'feature-x')
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'first')
    const head = git(repo, 'rev-parse', 'HEAD')
    expect(gitState(repo)).toEqual({ commit: head, branch: 'feature-x', dirty: false })
    writeFileSync(join(repo, 'untracked.txt'), 'x')
    const p = runProvenance(repo, resolveOptions({}), [join(repo, 'datasets', 'qa.dataset.yaml'), join(repo, 'datasets', 'qa.dataset.yaml'), join(repo, 'gone.yaml')])
    expect(p.git).toEqual({ commit: head, branch: 'feature-x', dirty: true })
    expect(p.datasets).toEqual([{ file: 'datasets/qa.dataset.yaml', sha256: createHash('sha256').update('cases: []\n').digest('hex') }])
    // a detached HEAD has no branch
    git(repo, 'checkout', '-q', '--detach')
    expect(gitState(repo)?.branch).toBeNull()
  })

  test('outside a repository: git is null, and nothing throws', () => {
    const plain = join(root, 'plain')
    mkdirSync(plain)
    // GIT_CEILING_DIRECTORIES would be needed if tmpdir were inside a repository; it is not here
    expect(gitState(plain)).toBeNull()
    expect(gitState(join(root, 'does-not-exist'))).toBeNull()
  })

  test('the config hash leaves secret and header values out, and changes with what the options ask', () => {
    const a = configHash(resolveOptions({ providers: [{ type: 'openai', model: 'm', baseURL: 'https://u:pw-one@api.example.com/v1', headers: { 'x-tenant': 'alpha-secret' } }] }))
    const b = configHash(resolveOptions({ providers: [{ type: 'openai', model: 'm', baseURL: 'https://u:pw-two@api.example.com/v1', headers: { 'x-tenant': 'beta-secret' } }] }))
    const c = configHash(resolveOptions({ providers: [{ type: 'openai', model: 'other', baseURL: 'https://u:pw-one@api.example.com/v1', headers: { 'x-tenant': 'alpha-secret' } }] }))
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(a).toBe(b)
    expect(c).not.toBe(a)
  })

  test('results.json carries provenance (schema-checked), the dataset files from the records', () => {
    const dir = join(root, 'run')
    mkdirSync(dir)
    const datasetFile = join(root, 'datasets', 'fixture.dataset.yaml')
    mkdirSync(join(root, 'datasets'))
    writeFileSync(datasetFile, 'name: fixture\n')
    const records = makeRecords().map((r) => ({ ...r, datasetFile }))
    const options = resolveOptions({ sampling: { enabled: false }, report: { html: false, csv: false, markdown: false } })
    finishRun({ run: { id: 'llm-1', dir, startedAt: new Date(RUN_START) }, options, mode: 'run', vitest: { config: { root } }, records: arraySource(records), failures: [], reason: 'passed', samples: [] })
    const results = readRunResults(join(dir, 'results.json'))
    expect(results.provenance?.git).toBeNull()
    expect(results.provenance?.configHash).toBe(configHash(options))
    expect(results.provenance?.datasets).toEqual([{ file: 'datasets/fixture.dataset.yaml', sha256: createHash('sha256').update(readFileSync(datasetFile)).digest('hex') }])
  })
})
