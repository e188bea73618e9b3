import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { parseCliArgs, UsageError } from '../../src/cli/args.ts'
import { CLI, describeChild, runChild, type ChildResult } from '../resume/child.ts'
import { fleetWorkspace, GOOD } from '../fleet/workspace.ts'

/** `llm-test-bench fleet validate` and `fleet run --dry-run`, run for real on a copy of fixtures/fleet. */

const ws = fleetWorkspace()
afterAll(() => ws.remove())

const fleet = (env: Record<string, string | undefined>, ...args: string[]): Promise<ChildResult> =>
  runChild(ws.dir, [CLI, 'fleet', ...args], { OPENAI_API_KEY: undefined, ANTHROPIC_API_KEY: undefined, ...env })

describe('fleet arguments', () => {
  test('actions, the manifest and flags', () => {
    expect(parseCliArgs(['fleet', 'validate', 'fleet.yaml'])).toEqual({ command: 'fleet', action: 'validate', manifest: 'fleet.yaml', dryRun: false, json: false, replay: false, help: false, wait: false, shards: null, resume: null, target: null, baseDir: null, detachedRunDir: null, shard: null, runId: null, mergeManifest: null, planFor: null, out: null, image: null, volumeClaim: null })
    expect(parseCliArgs(['fleet', 'run', 'f.yaml', '--wait', '--shards', '3', '--resume', 'r-1'])).toMatchObject({ action: 'run', manifest: 'f.yaml', wait: true, shards: 3, resume: 'r-1' })
    expect(parseCliArgs(['fleet', 'status', 'r-1', '--base-dir', 'out'])).toMatchObject({ action: 'status', manifest: null, target: 'r-1', baseDir: 'out' })
    expect(parseCliArgs(['fleet', 'run', 'f.json', '--dry-run', '--json', '--replay'])).toMatchObject({ action: 'run', manifest: 'f.json', dryRun: true, json: true, replay: true })
    expect(parseCliArgs(['fleet', '--help'])).toMatchObject({ action: null, help: true })
  })

  test('usage errors', () => {
    expect(() => parseCliArgs(['fleet'])).toThrow(new UsageError('fleet needs an action: validate, run, status, list, merge, plan'))
    expect(() => parseCliArgs(['fleet', 'launch', 'f.yaml'])).toThrow('unknown fleet action "launch"; expected validate or run or status or list or merge or plan')
    expect(() => parseCliArgs(['fleet', 'run', 'f.yaml', '--shard', '1/2'])).toThrow('fleet run --shard needs --run-id')
    expect(() => parseCliArgs(['fleet', 'run', 'f.yaml', '--shard', '3/2', '--run-id', 'r'])).toThrow('--shard takes i/N with 1 <= i <= N')
    expect(() => parseCliArgs(['fleet', 'run', 'f.yaml', '--shard', '0/2', '--run-id', 'r'])).toThrow('--shard takes i/N')
    expect(() => parseCliArgs(['fleet', 'run', 'f.yaml', '--shard', '1/2', '--run-id', '../x'])).toThrow('--run-id takes a run id')
    expect(() => parseCliArgs(['fleet', 'run', 'f.yaml', '--shard', '1/2', '--run-id', 'r', '--wait'])).toThrow('--shard runs one shard in this process')
    expect(() => parseCliArgs(['fleet', 'validate', 'f.yaml', '--shard', '1/2'])).toThrow('--shard is for "fleet run"')
    expect(parseCliArgs(['fleet', 'run', 'f.yaml', '--shard', '2/4', '--run-id', 'r-1'])).toMatchObject({ action: 'run', manifest: 'f.yaml', shard: { index: 2, count: 4 }, runId: 'r-1' })
    expect(parseCliArgs(['fleet', 'merge', 'out/r/blobs', '--manifest', 'f.yaml', '--shards', '4'])).toMatchObject({ action: 'merge', target: 'out/r/blobs', mergeManifest: 'f.yaml', shards: 4 })
    expect(() => parseCliArgs(['fleet', 'validate'])).toThrow('fleet validate needs a manifest file, e.g. "llm-test-bench fleet validate fleet.yaml"')
    expect(() => parseCliArgs(['fleet', 'validate', 'a.yaml', 'b.yaml'])).toThrow('takes one manifest file; found also "b.yaml"')
    expect(() => parseCliArgs(['fleet', 'validate', 'a.yaml', '--dry-run'])).toThrow('--dry-run is for "fleet run"')
    expect(() => parseCliArgs(['fleet', 'run', 'a.yaml', '--shards'])).toThrow(UsageError)
    expect(() => parseCliArgs(['fleet', 'run', 'a.yaml', '--shards', '0'])).toThrow('--shards takes a whole number of at least 1; found "0"')
    expect(() => parseCliArgs(['fleet', 'status'])).toThrow('fleet status needs a run id')
  })
})

describe('llm-test-bench fleet', () => {
  test('help: the tool lists fleet; fleet --help; a usage error is exit 2', async () => {
    const main = await runChild(ws.dir, [CLI, '--help'])
    expect(main.stdout).toContain('fleet validate | fleet run --dry-run')
    const help = await fleet({}, '--help')
    expect(help.code, describeChild(help)).toBe(0)
    expect(help.stdout).toMatch(/^Usage: llm-test-bench fleet validate <fleet.yaml>/)
    const bad = await fleet({}, 'validate')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('llm-test-bench: fleet validate needs a manifest file')
  })

  test('validate: the fixture fleet is valid (exit 0) and says what it holds', async () => {
    const result = await fleet({}, 'validate', 'fleet.yaml')
    expect(result.code, describeChild(result)).toBe(0)
    expect(result.stdout).toBe('fleet.yaml: valid: fleet "demo-fleet" version 1, 3 repositories, 2 providers, 2 scenario profiles: 12 cells, 28 cases\n')
  })

  test('validate: a bad manifest is exit 1 with every problem at its file:line:column, and a code frame', async () => {
    ws.write('bad.yaml', GOOD.replace('repo_id: docs-bot', 'repo_id: checkout-app').replace('path: repos/docs-bot', 'path: repos/gone').replace('num_examples: 2', 'num_examples: 9'))
    const result = await fleet({}, 'validate', 'bad.yaml')
    expect(result.code, describeChild(result)).toBe(1)
    expect(result.stdout).toBe('')
    const lines = result.stderr.split('\n')
    expect(lines[0]).toBe('Invalid fleet manifest bad.yaml (2 problems):')
    expect(lines[1]).toBe('bad.yaml:8:14 repositories[1].repo_id: duplicate repo_id "checkout-app": repositories[0] has it too')
    expect(lines[2]).toMatch(/^bad\.yaml:9:11 repositories\[1\]\.path: repository "checkout-app": path "repos\/gone" is not a folder \(nothing at .*repos\/gone\)$/)
    expect(result.stderr).toContain(' 8|   - repo_id: checkout-app\n  |              ^')
    expect(result.stderr).toContain('warning: bad.yaml:19:19 scenario_profiles.qa.num_examples: num_examples 9 is larger than the 3 cases repository "checkout-app" has for scenario "qa": all 3 run')
  })

  test('validate: a provider without its key fails unless replaying; the --json form', async () => {
    ws.write('keyed.yaml', GOOD.replace('  - local\n', '  - openai:gpt-4o-mini\n'))
    const missing = await fleet({}, 'validate', 'keyed.yaml', '--json')
    expect(missing.code, describeChild(missing)).toBe(1)
    const report = JSON.parse(missing.stdout) as { valid: boolean; issues: Array<{ path: string; line: number; column: number; message: string }> }
    expect(report.valid).toBe(false)
    expect(report.issues).toEqual([expect.objectContaining({ path: 'providers[0]', line: 14, column: 5 })])
    expect(report.issues[0]?.message).toContain('OPENAI_API_KEY is not set')
    expect((await fleet({}, 'validate', 'keyed.yaml', '--replay')).code).toBe(0)
    expect((await fleet({ LLM_BENCH_CACHE: 'replay' }, 'validate', 'keyed.yaml')).code).toBe(0)
    const keyed = await fleet({ OPENAI_API_KEY: 'sk-fleet-cli-secret' }, 'run', 'keyed.yaml', '--dry-run', '--json')
    expect(keyed.code, describeChild(keyed)).toBe(0)
    expect(keyed.stdout + keyed.stderr).not.toContain('sk-fleet-cli-secret')
  })

  test('run --dry-run: the matrix, totals, estimate and run id; nothing is run or written', async () => {
    const result = await fleet({}, 'run', 'fleet.yaml', '--dry-run')
    expect(result.code, describeChild(result)).toBe(0)
    const out = result.stdout
    expect(out).toMatch(/^Fleet "demo-fleet" version 1: dry run, nothing was run\nRun id: {4}demo-fleet-\d{8}-\d{6}-[0-9a-f]{8}\n/)
    expect(out).toMatch(/^docs-bot +qa +local +3 +\d+ +96 +0\.0000$/m)
    expect(out).toMatch(/^checkout-app +4 +10 +\d+ +352 +0\.0000$/m)
    expect(out).toMatch(/^qa +6 +18 /m)
    expect(out).toContain('Total: 12 cells, 28 cases, ~')
    expect(out).toContain('input tokens = prompt characters (system, prompt or messages) / 4')
    expect(existsSync(path.join(ws.dir, 'fleet-results'))).toBe(false)

    const json = await fleet({}, 'run', 'fleet.yaml', '--dry-run', '--json')
    const parsed = JSON.parse(json.stdout) as { runId: string; artifactDir: string; cells: Array<{ cases: number }>; totals: { total: { cells: number; cases: number; costUsd: number } } }
    expect(parsed.cells).toHaveLength(12)
    expect(parsed.totals.total).toMatchObject({ cells: 12, cases: 28, costUsd: 0 })
    expect(parsed.artifactDir).toBe(path.join(ws.dir, 'fleet-results', parsed.runId))
    // the hash part is the same for the same manifest and datasets
    const again = JSON.parse((await fleet({}, 'run', 'fleet.yaml', '--dry-run', '--json')).stdout) as { runId: string }
    expect(again.runId.slice(-8)).toBe(parsed.runId.slice(-8))
  })

  test('secrets in provider specs never appear: not in the code frame, the messages, the ids or --json', async () => {
    const secretProviders = [
      '  - type: openai',
      '    headers: { X-Api-Key: hdr-secret-value-1 }',
      '    model: m',
      '    baseURL: http://127.0.0.1:9/v1',
      '    concurrency: 0',
      '  - openai:n@http://user:pw-secret-xyz1@127.0.0.1:9/v1',
      '',
    ].join('\n')
    ws.write('secret.yaml', GOOD.replace('  - local\n  - openai:stories@http://127.0.0.1:8080/v1\n', secretProviders))
    const bad = await fleet({}, 'validate', 'secret.yaml')
    expect(bad.code, describeChild(bad)).toBe(1)
    expect(bad.stderr).toContain('providers[0]')
    expect(bad.stderr).toContain('headers: { X-Api-Key: [redacted] }')
    const json = await fleet({}, 'validate', 'secret.yaml', '--json')
    ws.write('secret-ok.yaml', GOOD.replace('  - local\n  - openai:stories@http://127.0.0.1:8080/v1\n', secretProviders.replace('    concurrency: 0\n', '')))
    const dry = await fleet({}, 'run', 'secret-ok.yaml', '--dry-run')
    expect(dry.code, describeChild(dry)).toBe(0)
    for (const output of [bad.stdout + bad.stderr, json.stdout + json.stderr, dry.stdout + dry.stderr]) {
      expect(output).not.toContain('hdr-secret-value-1')
      expect(output).not.toContain('pw-secret-xyz1')
    }
  })

  test('run --resume of a run that does not exist: exit 2 and nothing run (fleet run itself: test/fleet/run/)', async () => {
    const result = await fleet({}, 'run', 'fleet.yaml', '--resume', 'demo-fleet-20260101-000000-00000000')
    expect(result.code, describeChild(result)).toBe(2)
    expect(result.stderr).toContain('fleet run --resume: no fleet run "demo-fleet-20260101-000000-00000000"')
    expect(existsSync(path.join(ws.dir, 'fleet-results'))).toBe(false)
  })
})
