import { spawn } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { recordEvaluation } from '../../../src/evaluators/expect.ts'
import toSatisfyRubric from '../../../src/evaluators/matchers/to-satisfy-rubric.ts'
import toBeSemanticallySimilar from '../../../src/evaluators/matchers/to-be-semantically-similar.ts'
import { closeJudges } from '../../../src/evaluators/judge/judge-provider.ts'
import { closeEmbedders } from '../../../src/evaluators/embeddings/embedder.ts'
import { freePort, installLlamaServer, startLlamaServer, storiesModelPath, type LlamaServer } from '../../helpers/llama-server.ts'
import type { Evaluation } from '../../../src/record/schema.ts'

/**
 * End to end against real models: stories260K in-process (node-llama-cpp) and behind a real
 * llama-server started with --embeddings. The tiny model cannot judge: what is checked is that
 * the evaluations are recorded with a clear reason and that the retries happened.
 */
const MODEL = path.resolve(process.env['LLM_BENCH_MODEL'] ?? storiesModelPath())
const CRITERIA = [
  { name: 'correct', description: 'States that Paris is the capital of France.', weight: 2 },
  { name: 'concise', description: 'One sentence.' },
]

/** llama-server for embeddings (--embeddings: generation is off there, it crashes on chat) and the helper's for the judge. */
let server: { baseURL: string; stop(): Promise<void> }
let chatServer: LlamaServer

beforeAll(async () => {
  const binary = await installLlamaServer()
  const port = await freePort()
  const child = spawn(binary, ['-m', MODEL, '--host', '127.0.0.1', '--port', String(port), '-c', '2048', '-t', '1', '-np', '2', '--embeddings', '--pooling', 'mean'], { stdio: 'ignore' })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  }
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false)
    if (ok) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  server = { baseURL: `http://127.0.0.1:${port}/v1`, stop }
  chatServer = await startLlamaServer({ parallel: 1 })
}, 300_000)

afterAll(async () => {
  await closeJudges()
  await closeEmbedders()
  await server?.stop()
  await chatServer?.stop()
})

function expectRecordedJudge(evaluation: Evaluation, retries: number): void {
  expect(evaluation.name).toBe('toSatisfyRubric')
  expect(evaluation.reason).toMatch(/^judge /)
  const judge = evaluation.details?.['judge'] as { calls: number; retries: number; inputTokens: number | null; cost: number | null }
  expect(judge.calls).toBeGreaterThanOrEqual(1)
  expect(judge.cost).toBe(0)
  expect(judge.inputTokens).toBeGreaterThan(0)
  if (!evaluation.pass && evaluation.score === 0 && /no valid verdict/.test(evaluation.reason)) {
    expect(judge.retries).toBe(retries)
    expect(evaluation.reason).toMatch(new RegExp(`in ${retries + 1} attempts; last problem: `))
  }
}

describe('toSatisfyRubric with a real judge model', () => {
  test('in-process stories260K (local:<path>)', async ({ task }) => {
    const testCase = { id: 'paris', prompt: 'What is the capital of France?', messages: null, expected: 'Paris' }
    const evaluation = await toSatisfyRubric.evaluateCase('The capital of France is Paris.', testCase as never, {
      criteria: CRITERIA,
      judge: `local:${MODEL}`,
      retries: 1,
      maxTokens: 64,
    })
    recordEvaluation(task, evaluation)
    expectRecordedJudge(evaluation, 1)
    expect(task.meta.llmBenchEvaluations).toContainEqual(evaluation)
  }, 120_000)

  test('stories260K behind llama-server (openai:<model>@<baseURL>)', async ({ task }) => {
    const evaluation = {
      name: 'toSatisfyRubric',
      ...(await toSatisfyRubric.evaluate('The capital of France is Paris.', 'Says Paris is the capital of France', {
        judge: { type: 'openai', model: 'stories260K', baseURL: chatServer.baseURL, stream: false },
        retries: 2,
        maxTokens: 64,
      })),
    }
    recordEvaluation(task, evaluation)
    expectRecordedJudge(evaluation, 2)
  }, 120_000)
})

describe('toBeSemanticallySimilar with real embeddings', () => {
  test('in-process stories260K (local:<path>)', async ({ task }) => {
    const evaluation = await toBeSemanticallySimilar.evaluateCase('Once upon a time there was a cat.', { id: 'e1', expected: 'Once upon a time there was a dog.' } as never, {
      provider: `local:${MODEL}`,
      min: 0.5,
    })
    recordEvaluation(task, evaluation)
    const cosine = evaluation.details?.['cosine'] as number
    expect(cosine).toBeGreaterThanOrEqual(-1)
    expect(cosine).toBeLessThanOrEqual(1)
    expect(evaluation.details?.['dimensions']).toBeGreaterThan(0)
    const same = await toBeSemanticallySimilar.evaluate('Once upon a time there was a cat.', 'Once upon a time there was a cat.', { provider: `local:${MODEL}` })
    expect(same.score).toBeCloseTo(1, 5)
    expect(same.details).toMatchObject({ cached: { output: true, expected: true } })
  }, 120_000)

  test('llama-server /v1/embeddings (openai:<model>@<baseURL>)', async ({ task }) => {
    const provider = `openai:stories260K@${server.baseURL}`
    const evaluation = { name: 'toBeSemanticallySimilar', ...(await toBeSemanticallySimilar.evaluate('The girl was happy.', 'The girl was glad.', { provider })) }
    recordEvaluation(task, evaluation)
    expect(evaluation.details).toMatchObject({ provider: `openai:stories260K@${server.baseURL}`, cached: { output: false, expected: false } })
    expect(evaluation.details?.['dimensions']).toBeGreaterThan(0)
    const same = await toBeSemanticallySimilar.evaluate('The girl was happy.', 'The girl was happy.', { provider })
    expect(same.score).toBeCloseTo(1, 5)
  }, 120_000)
})
