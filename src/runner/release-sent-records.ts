import { TestRunner, type RunnerTaskEventPack, type RunnerTaskResultPack, type RunnerTestCase } from 'vitest'

/**
 * A worker keeps every test of a file (its task, with its meta) until the file
 * ends; a case's full records (prompt, output, ITL gaps, evaluations) and its
 * annotations need to stay in the meta only until Vitest has sent the test's
 * final update to the main process. Vitest sends updates in batches (at most one
 * every 100 ms) through the runner's `onTaskUpdate`, whose promise settles once
 * the main process has taken the batch: that is the safe point. After it, a
 * finished test's `meta.llmBench` keeps only which case it is, and the test's
 * annotations (Vitest's `task.annotations`: output, scores, metrics) go, so the
 * worker's memory does not grow with the records of the cases it ran.
 *
 * The runner instance is reached the first time Vitest calls one of its
 * methods for a finished test (`onAfterRunTask`, on the prototype of Vitest's
 * own `TestRunner`). On a Vitest without these (another runner, another
 * version), nothing is changed: the records stay, as before.
 */
type SendUpdates = (packs: RunnerTaskResultPack[], events: RunnerTaskEventPack[]) => unknown

interface PatchableRunner {
  onTaskUpdate?: SendUpdates
  [sendWrapped]?: true
  /** Finished tests (by id) whose final update is yet to be sent. */
  [ending]?: Map<string, RunnerTestCase>
}

/** Marks Vitest's `TestRunner.prototype` as patched, and a runner instance's `onTaskUpdate` as wrapped (two marks: an instance inherits the prototype's). */
const wrapped = Symbol.for('llm-test-bench.release-sent-records')
const sendWrapped = Symbol.for('llm-test-bench.release-sent-records.send')
const ending = Symbol.for('llm-test-bench.release-sent-records.ending')

export function releaseRecordsOnceSent(): void {
  const prototype = TestRunner.prototype as unknown as { onAfterRunTask?: (this: PatchableRunner, ...args: unknown[]) => unknown; [wrapped]?: true }
  const afterRunTask = prototype.onAfterRunTask
  if (prototype[wrapped] || typeof afterRunTask !== 'function') return
  prototype[wrapped] = true
  prototype.onAfterRunTask = function (this: PatchableRunner, ...args: unknown[]): unknown {
    wrapUpdates(this)
    // Vitest queues the test's 'test-finished' update right after this call
    const test = args[0] as RunnerTestCase | undefined
    if (test?.type === 'test' && test.meta.llmBench !== undefined) this[ending]?.set(test.id, test)
    return afterRunTask.apply(this, args)
  }
}

function wrapUpdates(runner: PatchableRunner): void {
  const send = runner.onTaskUpdate
  if (runner[sendWrapped] || typeof send !== 'function') return
  runner[sendWrapped] = true
  const tests = new Map<string, RunnerTestCase>()
  runner[ending] = tests
  runner.onTaskUpdate = async function (packs, events) {
    // Vitest empties `events` once the call is made: read the finished tests now
    const finished = new Set(events.filter(([, event]) => event === 'test-finished').map(([id]) => id))
    const sent = packs.filter(([id, , meta]) => finished.has(id) && meta.llmBench !== undefined).map(([, , meta]) => meta)
    const sentTests = [...finished].flatMap((id) => {
      const test = tests.get(id)
      tests.delete(id)
      return test ? [test] : []
    })
    await send.call(this, packs, events)
    // the main process has the annotations (each went there as it was made, `onTestAnnotate`): the worker's copies go
    for (const test of sentTests) test.annotations = []
    for (const meta of sent) {
      const own = meta.llmBench
      if (!own) continue
      own.records = []
      // not `delete`: that turns the object into a dictionary (about 250 B more per test than it saves)
      own.annotations = undefined
      // the matchers' evaluations of a dataset case are in its record
      delete meta.llmBenchEvaluations
    }
  }
}
