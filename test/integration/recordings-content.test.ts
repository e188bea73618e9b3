import { copyFileSync, openSync, closeSync, readFileSync, readSync, writeSync, fstatSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { RunResults } from '../../src/report/results-schema.ts'
import { startOpenAITestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, configSource, createProject, describeRun, storiesModel, type TestProject, type VitestRun } from '../helpers/run-vitest.ts'
import { CLI, describeChild, runChild } from '../resume/child.ts'

/**
 * The response cache, content-addressed, through real Vitest runs and the real
 * CLI: another local GGUF is another request; a reverted prompt replays; a
 * re-record of unchanged answers leaves the file byte for byte; prune removes
 * what no current request uses.
 */

afterAll(({}, suite) => cleanupAll(suite))

const RECORDING = path.join('datasets', '__recordings__', 'r.dataset.yaml.recording.yaml')

function dataset(prompts: Record<string, string>, extra = ''): string {
  const cases = Object.entries(prompts).map(([id, prompt]) => `  - id: ${id}\n    prompt: ${JSON.stringify(prompt)}`)
  return `name: r\n${extra}test_cases:\n${cases.join('\n')}\n`
}

function latest(run: VitestRun): RunResults {
  const dir = run.runDirs().at(-1) as string
  return JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as RunResults
}

const PROMPTS = { one: 'Story one: once upon a time', two: 'Story two: once upon a time', three: 'Story three: once upon a time' }

describe('on an OpenAI-compatible test server', () => {
  test('re-record is byte-identical; a reverted prompt replays; prune keeps what is used and removes the rest', async () => {
    const server = await startOpenAITestServer({ answer: 'Once upon a time there was a robot.' })
    const providers = [{ type: 'openai', model: 'm', baseURL: server.baseURL }]
    let project: TestProject | null = null
    try {
      project = await createProject({
        config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)} }`),
        files: { 'datasets/r.dataset.yaml': dataset(PROMPTS, 'assert:\n  - toMatchRegex: robot\n') },
      })
      const p = project
      const run = async (mode: string) => {
        server.reset()
        const result = await p.run(['run', '--project', 'llm'], { env: { LLM_BENCH_CACHE: mode } })
        expect(result.code, describeRun(result)).toBe(0)
        return { result, calls: server.stats().requests }
      }
      const recordingText = () => readFileSync(path.join(p.dir, RECORDING), 'utf8')

      expect((await run('record')).calls).toBe(3)
      const recorded = recordingText()
      // the same answers recorded again: the file is the same, byte for byte (git diff is empty)
      expect((await run('record')).calls).toBe(3)
      expect(recordingText()).toBe(recorded)

      // a changed prompt calls the model once; the recording keeps both answers of case two
      await p.write('datasets/r.dataset.yaml', dataset({ ...PROMPTS, two: 'Story two, changed' }, 'assert:\n  - toMatchRegex: robot\n'))
      expect((await run('read-write')).calls).toBe(1)
      expect(recordingText().match(/caseId: two/g)).toHaveLength(2)
      // reverted: replayed, no call
      await p.write('datasets/r.dataset.yaml', dataset(PROMPTS, 'assert:\n  - toMatchRegex: robot\n'))
      const reverted = await run('read-write')
      expect(reverted.calls).toBe(0)
      expect(latest(reverted.result).cases.every((c) => c.replayed === true)).toBe(true)

      // prune --dry-run names the stale entry and writes nothing
      const before = recordingText()
      const dry = await runChild(p.dir, [CLI, 'recordings', 'prune', '--dry-run'])
      expect(dry.code, describeChild(dry)).toBe(0)
      expect(dry.stdout).toContain(`${RECORDING}: would remove 1 of 4 entries (3 kept)`)
      expect(dry.stdout).toMatch(/ {2}- two › openai:m@http:\/\/127\.0\.0\.1:\d+\/v1 \(request [0-9a-f]{16}, recorded /)
      expect(dry.stdout).toContain('nothing written')
      expect(recordingText()).toBe(before)

      const pruned = await runChild(p.dir, [CLI, 'recordings', 'prune'])
      expect(pruned.code, describeChild(pruned)).toBe(0)
      expect(pruned.stdout).toContain(`${RECORDING}: removed 1 of 4 entries (3 kept)`)
      expect(recordingText().match(/caseId: /g)).toHaveLength(3)
      expect(recordingText()).not.toContain('Story two, changed')
      // what is used is kept: strict replay still answers every case without a call
      const replay = await run('replay')
      expect(replay.calls).toBe(0)
      // pruning again removes nothing and leaves the file as it is
      const again = await runChild(p.dir, [CLI, 'recordings', 'prune'])
      expect(again.stdout).toContain(`${RECORDING}: 3 entries, all in use`)

      // hostile input: a named file that is not there; a corrupt file (file, line, field)
      const missing = await runChild(p.dir, [CLI, 'recordings', 'prune', 'datasets/__recordings__/nope.recording.yaml'])
      expect(missing.code).toBe(2)
      expect(missing.stderr).toContain('llm-test-bench recordings prune: no recording file datasets/__recordings__/nope.recording.yaml')
      const lines = recordingText().split('\n')
      const at = lines.findIndex((line) => line.trimStart().startsWith('requestHash:'))
      lines[at] = lines[at]!.replace(/requestHash: .*/, 'requestHash: not-a-hash')
      writeFileSync(path.join(p.dir, RECORDING), lines.join('\n'))
      const corrupt = await runChild(p.dir, [CLI, 'recordings', 'prune'])
      expect(corrupt.code).toBe(2)
      expect(corrupt.stderr).toContain(`corrupt recording file ${RECORDING}:${at + 1}:`)
      expect(corrupt.stderr).toMatch(/entries\[0\]\.requestHash: a 16-digit hex request hash/)
    } finally {
      await server.close()
    }
  }, 240_000)
})

/** A copy of the shared model with one bit of its last tensor byte flipped: another valid model. */
function otherModel(to: string): void {
  copyFileSync(storiesModel(), to)
  const fd = openSync(to, 'r+')
  try {
    const last = fstatSync(fd).size - 1
    const byte = Buffer.alloc(1)
    readSync(fd, byte, 0, 1, last)
    byte[0] = (byte[0] ?? 0) ^ 1
    writeSync(fd, byte, 0, 1, last)
  } finally {
    closeSync(fd)
  }
}

describe('on the local model', () => {
  test('re-recording is byte-identical; switching LLM_BENCH_MODEL to another GGUF calls the new model; switching back replays the first', async () => {
    const project = await createProject({
      config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml' }`),
      files: { 'datasets/r.dataset.yaml': dataset({ girl: 'Once upon a time, there was a little girl named', dog: 'One day, a little dog' }, 'defaults:\n  temperature: 0\n  max_tokens: 12\n') },
    })
    const a = path.join(project.dir, 'a.gguf')
    const b = path.join(project.dir, 'b.gguf')
    copyFileSync(storiesModel(), a)
    otherModel(b)
    const run = async (model: string, mode: string) => {
      const result = await project.run(['run', '--project', 'llm'], { env: { LLM_BENCH_CACHE: mode, LLM_BENCH_MODEL: model } })
      expect(result.code, describeRun(result)).toBe(0)
      return latest(result).cases
    }
    const first = await run(a, 'record')
    expect(first.map((c) => [c.model, c.replayed ?? false])).toEqual([
      ['a.gguf', false],
      ['a.gguf', false],
    ])
    const recorded = readFileSync(path.join(project.dir, RECORDING), 'utf8')
    // the model's answers recorded again (temperature 0: the same): not a byte changes
    expect((await run(a, 'record')).every((c) => c.replayed !== true)).toBe(true)
    expect(readFileSync(path.join(project.dir, RECORDING), 'utf8')).toBe(recorded)
    const switched = await run(b, 'read-write')
    // recordings of a.gguf do not answer for b.gguf: the model is called, the records name it
    expect(switched.map((c) => [c.model, c.replayed ?? false])).toEqual([
      ['b.gguf', false],
      ['b.gguf', false],
    ])
    const firstHashes = new Set(first.map((c) => c.requestHash))
    expect(switched.filter((c) => firstHashes.has(c.requestHash))).toEqual([])
    const back = await run(a, 'read-write')
    expect(back.map((c) => [c.model, c.replayed ?? false])).toEqual([
      ['a.gguf', true],
      ['a.gguf', true],
    ])
    const text = readFileSync(path.join(project.dir, RECORDING), 'utf8')
    expect(text.match(/modelId: gguf:1185376:[0-9a-f]{32}/g)).toHaveLength(4)
  }, 240_000)
})
