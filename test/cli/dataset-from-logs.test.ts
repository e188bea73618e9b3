import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadDataset } from '../../src/dataset/load.ts'
import { tempDir } from '../dataset/helpers.ts'
import { LOGS } from '../dataset/from-logs/helpers.ts'
import { CLI, describeChild, runChild } from '../resume/child.ts'

/** `llm-test-bench dataset from-logs`, run for real (`node src/cli.ts`) in a folder holding copies of the fixture logs. */
function project(...logs: string[]): string {
  const dir = tempDir()
  for (const name of logs) copyFileSync(path.join(LOGS, name), path.join(dir, name))
  return dir
}

describe('llm-test-bench dataset from-logs (CLI)', () => {
  test('writes a dataset the loader accepts, lists bad lines with file:line on stderr, summarises on stdout', async () => {
    const dir = project('production.jsonl', 'openai.jsonl', 'bad.jsonl')
    const result = await runChild(dir, [CLI, 'dataset', 'from-logs', 'production.jsonl', 'openai.jsonl', 'bad.jsonl', '--out', 'datasets/prod.dataset.yaml', '--strategy', 'stratified', '--count', '12', '--seed', '3', '--expected', 'output'])
    expect(result.code, describeChild(result)).toBe(0)
    expect(result.stdout).toContain('wrote datasets/prod.dataset.yaml: 12 cases (stratified, seed 3) from 71 lines (62 jsonl, 4 openai; 5 bad')
    expect(result.stderr).toContain('bad.jsonl:2: skipped: malformed JSON')
    expect(result.stderr).toContain('bad.jsonl:3: skipped: unknown shape')
    expect(result.stderr).toContain('bad.jsonl:5: skipped: empty input')
    expect(result.stderr).toContain('5 bad lines skipped')
    const dataset = loadDataset(path.join(dir, 'datasets/prod.dataset.yaml'), { knownMatchers: new Set() })
    expect(dataset.cases).toHaveLength(12)
    expect(dataset.cases.every((testCase) => typeof (testCase.metadata as { origin?: { line?: unknown } }).origin?.line === 'number')).toBe(true)
  })

  test('the same seed writes the same bytes', async () => {
    const dir = project('production.jsonl', 'openai.jsonl')
    const args = (out: string): string[] => [CLI, 'dataset', 'from-logs', 'production.jsonl', 'openai.jsonl', '--out', out, '--count', '15', '--seed', '42', '--strategy', 'feedback-weighted', '--name', 'prod']
    expect((await runChild(dir, args('a.dataset.yaml'))).code).toBe(0)
    expect((await runChild(dir, args('b.dataset.yaml'))).code).toBe(0)
    expect(readFileSync(path.join(dir, 'a.dataset.yaml'), 'utf8')).toBe(readFileSync(path.join(dir, 'b.dataset.yaml'), 'utf8'))
  })

  test('--redact, --since (ISO date), --require-labels and a --count above what is left (a warning)', async () => {
    const dir = project('pii.jsonl', 'production.jsonl')
    const result = await runChild(dir, [CLI, 'dataset', 'from-logs', 'pii.jsonl', 'production.jsonl', '--out', 'out.dataset.yaml', '--since', '2026-06-25', '--require-labels', '--count', '100', '--redact', 'ACCT-\\d+', '--expected', 'output'])
    expect(result.code, describeChild(result)).toBe(0)
    expect(result.stderr).toContain('warning: --count 100 is more than the')
    const text = readFileSync(path.join(dir, 'out.dataset.yaml'), 'utf8')
    expect(text).not.toMatch(/@|ACCT-\d|555-2671|sk-proj/)
    const dataset = loadDataset(path.join(dir, 'out.dataset.yaml'), { knownMatchers: new Set() })
    // pii.jsonl line 1 (feedback, 2026-06-01) is older; production lines 1-6 (2026-06-30..25) are rated: lines 1..6
    expect(dataset.cases.map((testCase) => testCase.id)).toEqual(['production-1', 'production-2', 'production-3', 'production-4', 'production-5', 'production-6'])
  })

  test('fails (exit 1) when no line is usable, still listing the bad ones; writes nothing', async () => {
    const dir = project('all-bad.jsonl')
    const result = await runChild(dir, [CLI, 'dataset', 'from-logs', 'all-bad.jsonl', '--out', 'x.dataset.yaml'])
    expect(result.code, describeChild(result)).toBe(1)
    expect(result.stderr).toContain('all-bad.jsonl:1: skipped: malformed JSON')
    expect(result.stderr).toContain('no usable log line: 3 read, 3 bad')
    expect(existsSync(path.join(dir, 'x.dataset.yaml'))).toBe(false)
  })

  test('usage errors exit 2 and name the option', async () => {
    const dir = project('production.jsonl')
    const bad = await runChild(dir, [CLI, 'dataset', 'from-logs', 'production.jsonl', '--out', 'x.dataset.yaml', '--strategy', 'best'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--strategy must be one of random, feedback-weighted, stratified; found "best"')
    const noOut = await runChild(dir, [CLI, 'dataset', 'from-logs', 'production.jsonl'])
    expect(noOut.code).toBe(2)
    expect(noOut.stderr).toContain('needs --out FILE')
    const since = await runChild(dir, [CLI, 'dataset', 'from-logs', 'production.jsonl', '--out', 'x.dataset.yaml', '--since', 'yesterday'])
    expect(since.code).toBe(2)
    expect(since.stderr).toContain('--since must be a duration')
  })

  test('a secret in a malformed line never reaches the output', async () => {
    const dir = project()
    writeFileSync(path.join(dir, 'leak.jsonl'), '{"input": "key sk-proj-SECRETSECRETSECRET1234 here", \n{"input":"fine"}\n')
    const leak = await runChild(dir, [CLI, 'dataset', 'from-logs', 'leak.jsonl', '--out', 'x.dataset.yaml'])
    expect(leak.code, describeChild(leak)).toBe(0)
    expect(leak.stderr).toContain('leak.jsonl:1: skipped: malformed JSON')
    expect(leak.stdout + leak.stderr).not.toContain('SECRETSECRET')
  })

  test('help lists the options', async () => {
    const result = await runChild(project(), [CLI, 'dataset', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('--strategy S')
    expect(result.stdout).toContain('--require-labels')
  })
})
