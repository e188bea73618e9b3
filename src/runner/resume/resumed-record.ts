import { open } from 'node:fs/promises'
import { inject, type TestContext } from 'vitest'
import { redactValue } from '../../providers/redaction/registry.ts'
import type { CaseRecord } from '../../record/schema.ts'
import { isFinished, resumeKeyString, type ResumeIndex, type ResumeKey } from './keys.ts'
import { parseRecord } from './read-records.ts'

/** The case a test is about to run; `sample` as in `CaseRun` (bench samples are never resumed). */
export interface ResumeLookup extends ResumeKey {
  sample?: number | null
  /** The case's repeat (`repeats: N`); absent for a single sample. */
  repeat?: number | undefined
  /** The case's prompt variant (`variants:`); absent without variants. */
  variant?: string | undefined
}

/**
 * Worker side of resume, called at the top of `runCase`: when the run being
 * resumed already finished this case (same dataset, case, provider and
 * request hash), reads its record (that one line of the run's `results.jsonl`:
 * workers are given where each record is, not the records) and returns it,
 * marked `resumed: true`, for the test to report instead of calling the
 * provider; otherwise null. The test keeps the case's outcome: a record that
 * failed its matchers fails the test again here (soft assertions, as the
 * matchers themselves do); an errored or timed-out record carries its error,
 * which the caller throws as for a fresh record. A record that is no longer
 * where the plan found it (the file changed under the run) is not reused: the
 * case runs again, and a warning says why.
 */
export async function resumedRecord(ctx: TestContext, lookup: ResumeLookup, index: ResumeIndex | undefined = injectedIndex()): Promise<CaseRecord | null> {
  if (lookup.sample !== undefined && lookup.sample !== null) return null
  const entry = index?.cases?.[resumeKeyString(lookup)]
  if (!index?.file || !entry || entry[0] !== lookup.requestHash) return null
  const [, offset, length, line] = entry
  const where = `${index.file}:${line}`
  const { record: previous, problem } = await readRecordAt(index.file, offset, length)
  if (!previous || resumeKeyString(previous) !== resumeKeyString(lookup) || previous.requestHash !== lookup.requestHash || !isFinished(previous)) {
    const found = previous ? `${isFinished(previous) ? 'the' : `an unfinished (${previous.status})`} record of ${caseName(previous)}` : problem
    console.warn(`llm-test-bench: ${caseName(lookup)} runs again: ${where} was its finished record when the run started, now it holds ${found}`)
    return null
  }
  // what the file holds leaves this worker (task meta, messages) only without secrets
  const record = redactValue(previous)
  replayOutcome(ctx, record)
  return { ...record, resumed: true }
}

function injectedIndex(): ResumeIndex | undefined {
  return inject('llmBenchResume')
}

function caseName(key: Pick<ResumeKey, 'dataset' | 'caseId' | 'provider'>): string {
  return JSON.stringify(`${key.dataset}/${key.caseId} › ${key.provider}`)
}

/** The record on the line at `offset`, or why there is none (a read error included). */
async function readRecordAt(file: string, offset: number, length: number): Promise<{ record: CaseRecord | null; problem: string | null }> {
  try {
    return parseRecord(await readLine(file, offset, length))
  } catch (error) {
    return { record: null, problem: error instanceof Error ? error.message : String(error) }
  }
}

/** `length` bytes at `offset`, as text. */
async function readLine(file: string, offset: number, length: number): Promise<string> {
  const handle = await open(file, 'r')
  try {
    const bytes = Buffer.alloc(length)
    let done = 0
    while (done < length) {
      const { bytesRead } = await handle.read(bytes, done, length - done, offset + done)
      if (bytesRead === 0) break
      done += bytesRead
    }
    return bytes.subarray(0, done).toString('utf8')
  } finally {
    await handle.close()
  }
}

/** Records the case's evaluations on the test again, and fails the test softly when the case had failed. */
function replayOutcome(ctx: TestContext, record: CaseRecord): void {
  const meta = ctx.task.meta
  meta.llmBenchEvaluations = [...(meta.llmBenchEvaluations ?? []), ...record.evaluations]
  if (record.status !== 'failed') return
  const failing = record.evaluations.filter((e) => !e.pass)
  for (const evaluation of failing) {
    ctx.expect.soft(evaluation.pass, `${evaluation.name} (resumed from run ${record.runId ?? '?'}): ${evaluation.reason}`).toBe(true)
  }
  if (failing.length === 0) ctx.expect.soft(record.status, `case failed in run ${record.runId ?? '?'} (resumed)`).toBe('passed')
}
