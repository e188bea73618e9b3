import type { TestContext } from 'vitest'
import { redactText } from '../providers/redaction/registry.ts'
import type { CaseRecord, Evaluation } from '../record/schema.ts'

/** The most characters of a case's output an annotation shows. */
export const ANNOTATION_OUTPUT_CHARS = 500

/** The annotation types a dataset case's test carries (Vitest's UI, reporters and JSON/JUnit output show them by type). */
export const ANNOTATION_TYPES = { output: 'llm-bench:output', scores: 'llm-bench:scores', metrics: 'llm-bench:metrics' } as const

export interface CaseAnnotation {
  type: string
  message: string
}

/**
 * What a case's test tells Vitest's own tools (`vitest --ui`, the reporters,
 * the JSON and JUnit output) about it: the output (cut at
 * ANNOTATION_OUTPUT_CHARS, its length said), each matcher's score and reason,
 * and the tokens, cost and latency: two and one per matcher; text redacted.
 */
export function caseAnnotations(record: CaseRecord): CaseAnnotation[] {
  const annotations: CaseAnnotation[] = []
  if (record.output !== null) annotations.push({ type: ANNOTATION_TYPES.output, message: outputText(record.output) })
  // one per matcher: Vitest's reporters list the messages of a type one under another
  for (const evaluation of record.evaluations) annotations.push({ type: ANNOTATION_TYPES.scores, message: scoreText(evaluation) })
  const metrics = metricsText(record)
  if (metrics !== '') annotations.push({ type: ANNOTATION_TYPES.metrics, message: metrics })
  return annotations.map(({ type, message }) => ({ type, message: redactText(message) }))
}

/**
 * Annotates the running test with the record's annotations (before the test ends: Vitest refuses
 * them after), and keeps them in its meta. Not a case that passes when nothing of the run reads a
 * passed case's annotations after its result (`annotatePassed` false, as the main process provides
 * it: `llmBenchAnnotatePassed`): three messages to the main process per case that no one would read.
 */
export async function annotateCase(ctx: TestContext, record: CaseRecord, annotatePassed?: boolean): Promise<void> {
  if (!wantsAnnotations(record.status, ctx.task.result?.state, annotatePassed)) return
  const annotations = caseAnnotations(record)
  // Vitest's JSON reporter writes the test's meta, not its annotations: they are in both
  const meta = ctx.task.meta.llmBench
  if (meta) meta.annotations = annotations
  await Promise.all(annotations.map(({ type, message }) => annotateRunning(ctx, message, type)))
}

/**
 * Whether a case's test is annotated: always, unless the record passed, the test has not failed
 * (a soft matcher failure or an earlier sample's), and the main process said that nothing reads a
 * passed case's annotations later (unset: it is annotated).
 */
export function wantsAnnotations(status: CaseRecord['status'], testState: string | undefined, annotatePassed: boolean | undefined): boolean {
  return status !== 'passed' || testState === 'fail' || annotatePassed !== false
}

/**
 * `ctx.annotate`, also after a soft assertion failed: Vitest marks the test
 * failed at once (`result.state` = 'fail') while it is still running, and
 * `annotate` refuses a test whose state is not 'run'. The state reads 'run'
 * only for the synchronous check and is put back before anything else runs.
 */
function annotateRunning(ctx: TestContext, message: string, type: string): Promise<unknown> {
  const result = ctx.task.result
  const state = result?.state
  if (!result || state === 'run') return annotateWithoutStack(ctx, message, type)
  result.state = 'run'
  try {
    return annotateWithoutStack(ctx, message, type)
  } finally {
    result.state = state ?? 'fail'
  }
}

/**
 * `ctx.annotate` captures a stack (`new Error()`, source-mapped and parsed, about 0.1 ms) to find
 * a frame in the test's file for the annotation's location. A dataset case's test file is the
 * dataset (data, no frames), so no frame is ever found: the stack is not captured (limit 0 for the
 * synchronous call), the location stays unset as before, and three annotations per case no longer
 * cost the worker a tenth of its CPU.
 */
function annotateWithoutStack(ctx: TestContext, message: string, type: string): Promise<unknown> {
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return ctx.annotate(message, type)
  } finally {
    Error.stackTraceLimit = limit
  }
}

function outputText(output: string): string {
  if (output.length <= ANNOTATION_OUTPUT_CHARS) return `${output} (${output.length} chars)`
  return `${output.slice(0, ANNOTATION_OUTPUT_CHARS)}… (${ANNOTATION_OUTPUT_CHARS} of ${output.length} chars)`
}

/** `✓ toContain 1.00 (needs 1.00): contains "Paris"` */
function scoreText(evaluation: Evaluation): string {
  const mark = evaluation.pass ? '✓' : '✗'
  return `${mark} ${evaluation.name} ${evaluation.score.toFixed(2)} (needs ${evaluation.threshold.toFixed(2)}): ${evaluation.reason}`
}

/** `tokens 12 in / 34 out · cost $0.000120 · latency 812 ms (TTFT 95 ms) · 2 attempts` */
function metricsText(record: CaseRecord): string {
  const parts: string[] = []
  const { inputTokens, outputTokens } = record.usage
  if (inputTokens !== null || outputTokens !== null) parts.push(`tokens ${inputTokens ?? '?'} in / ${outputTokens ?? '?'} out`)
  if (record.cost !== null) parts.push(`cost $${record.cost.toFixed(6)}`)
  if (record.timings) {
    const ttft = record.timings.ttftMs === null ? '' : ` (TTFT ${Math.round(record.timings.ttftMs)} ms)`
    parts.push(`latency ${Math.round(record.timings.e2eMs)} ms${ttft}`)
  }
  if (record.attempts > 1) parts.push(`${record.attempts} attempts`)
  if (record.replayed) parts.push('replayed')
  return parts.join(' · ')
}
