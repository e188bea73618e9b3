import type { TaskMeta } from 'vitest'

/**
 * The reporters of Vitest's own that write a test's meta as it is (`json`, the
 * `html` UI's data, `blob` for `--merge-reports`): with one of them, a test keeps
 * its whole meta to the end of the run.
 */
const META_READERS = new Set(['json', 'html', 'blob'])

/** Whether one of the configured reporters (resolved: `[name, options]` pairs or instances) writes tests' meta. */
export function writesTaskMeta(reporters: readonly unknown[]): boolean {
  return reporters.some((reporter) => Array.isArray(reporter) && typeof reporter[0] === 'string' && META_READERS.has(reporter[0]))
}

/**
 * A finished test's meta in the main process once its records are in
 * results.jsonl: the annotations' copy (`llmBench.annotations`, which is there for
 * the JSON reporter; Vitest's own `annotations` stay) and the matchers' evaluations
 * (each record has its own) go. About 0.9 KB per case that the main process would
 * otherwise keep to the end of the run.
 */
export function releaseWrittenMeta(meta: TaskMeta): void {
  if (meta.llmBench) delete meta.llmBench.annotations
  delete meta.llmBenchEvaluations
}
