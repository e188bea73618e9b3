import type { TaskMeta, TestAnnotation } from 'vitest'
import { ANNOTATION_TYPES } from '../runner/case-annotations.ts'
import type { LlmBenchTaskMeta } from '../record/schema.ts'

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
  // not `delete`: that turns the object into a dictionary (about 250 B more per test than it saves)
  if (meta.llmBench) meta.llmBench.annotations = undefined
  meta.llmBenchEvaluations = undefined
}

/**
 * One string per distinct dataset, file, provider and matcher name: each test's meta
 * comes to the main process as its own copy (about 150 B per case, kept to the
 * end of the run). Holds the distinct names only, so it is bounded by the
 * datasets and providers of the run.
 */
export class CaseNames {
  readonly #names = new Map<string, string>()

  share(own: LlmBenchTaskMeta): void {
    const c = own.case
    c.dataset = this.#one(c.dataset)
    c.datasetFile = this.#one(c.datasetFile)
    c.provider = this.#one(c.provider)
    if (c.category !== null) c.category = this.#one(c.category)
    for (const summary of own.summaries ?? []) for (const score of summary.scores) score.name = this.#one(score.name)
  }

  #one(text: string): string {
    const known = this.#names.get(text)
    if (known !== undefined) return known
    this.#names.set(text, text)
    return text
  }
}

/** Our annotation types, one string each. */
const OWN_TYPES = new Map<string, string>(Object.values(ANNOTATION_TYPES).map((type) => [type, type]))

/**
 * An annotation of a case's test as the main process keeps it (in the test's
 * annotations, to the end of the run): its type, when one of ours, is the one
 * shared string, not a copy per annotation (three a case: about 90 B a case).
 */
export function shareAnnotationType(annotation: TestAnnotation): void {
  const shared = OWN_TYPES.get(annotation.type)
  if (shared !== undefined) annotation.type = shared
}
