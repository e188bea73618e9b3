import type { TestContext } from 'vitest'
import type { ResolvedCase, ResolvedDataset } from '../dataset/types.ts'
import { attemptsOf } from '../providers/retry/attempts.ts'
import type { ProviderSpec } from '../providers/spec.ts'
import type { ProviderResponse } from '../providers/types.ts'
import { requestHash } from '../record/request-hash.ts'
import type { CaseRecord, CaseStatus, Evaluation } from '../record/schema.ts'
import { buildRequest, promptText, requestTarget } from './build-request.ts'
import { caseSignal } from './case-signal.ts'
import { classifyError, type ClassifiedError } from './classify-error.ts'
import { evaluateOutput } from './evaluate-output.ts'
import { callProvider } from './provider-call.ts'
import type { WorkerContext } from './worker-context.ts'

export interface CaseRun {
  dataset: ResolvedDataset
  testCase: ResolvedCase
  spec: ProviderSpec
  /** Bench mode: the sample's index; null in a plain run; -1 for a warm-up call (not recorded). */
  sample: number | null
}

/**
 * Runs one case on one provider: calls it (with retries, each attempt inside a
 * slot of the provider's run-wide limits, all within the case's timeout),
 * scores the output with the case's matchers, and returns the case record. A
 * provider fault becomes the record's error; it never escapes as an exception.
 */
export async function runCase(ctx: TestContext, wc: WorkerContext, run: CaseRun): Promise<CaseRecord> {
  const { testCase, spec } = run
  const request = buildRequest(testCase, spec)
  const prompt = promptText(request)
  const timeoutMs = testCase.timeoutMs ?? wc.options.timeoutMs
  const deadline = caseSignal(ctx.signal, timeoutMs)
  let startedAt = new Date()

  let response: ProviderResponse | null = null
  let attempts = 0
  let failure: ClassifiedError | null = null
  try {
    // a provider's one-off start-up (a model load) is not queue time: the case starts when it is ready
    const provider = await wc.provider(spec)
    startedAt = new Date()
    const call = await callProvider(wc.limiter, provider, spec, { request, prompt, signal: deadline.signal })
    response = call.response
    attempts = call.attempts
  } catch (error) {
    attempts = attemptsOf(error) ?? 0
    failure = classifyError(error, deadline.timedOut, timeoutMs)
  } finally {
    deadline.dispose()
  }

  let evaluations: Evaluation[] = []
  if (response && run.sample !== -1) {
    try {
      evaluations = evaluateOutput(ctx, wc.evaluators, testCase, response.output)
    } catch (error) {
      failure = classifyError(error, false, timeoutMs)
    }
  }

  return {
    runId: null,
    dataset: run.dataset.name,
    datasetFile: run.dataset.file,
    caseId: testCase.id,
    category: testCase.category,
    provider: spec.id,
    providerType: spec.type,
    model: response?.model ?? spec.model,
    requestHash: requestHash(requestTarget(spec), request),
    prompt,
    output: response?.output ?? null,
    finishReason: response?.finishReason ?? null,
    status: statusOf(failure, evaluations),
    error: failure ? { class: failure.class, message: failure.message } : null,
    usage: response?.usage ?? { inputTokens: null, outputTokens: null, source: 'none' },
    cost: null,
    timings: response?.timings ?? null,
    serverTimings: response?.serverTimings ?? null,
    attempts,
    retries: Math.max(0, attempts - 1),
    cached: false,
    evaluations,
    sample: run.sample,
    startedAt: startedAt.toISOString(),
    endedAt: new Date().toISOString(),
  }
}

function statusOf(failure: ClassifiedError | null, evaluations: Evaluation[]): CaseStatus {
  if (failure) return failure.status
  return evaluations.every((e) => e.pass) ? 'passed' : 'failed'
}
