import { isCacheError, openCache, type ResponseCache } from '../providers/cache/index.ts'
import { isProviderError } from '../providers/errors.ts'
import { costFor } from '../providers/pricing/index.ts'
import { addSpecSecrets, redactText } from '../providers/redaction/registry.ts'
import { attemptsOf } from '../providers/retry/attempts.ts'
import { parseProviderSpec, type ProviderSpec } from '../providers/spec.ts'
import type { ChatMessage, FinishReason, ModelParams, ProviderRequest, ProviderResponse, Usage } from '../providers/types.ts'
import type { Timings } from '../metrics/timings.ts'
import { requestHash } from '../record/request-hash.ts'
import type { ModelCall } from '../record/schema.ts'
import { promptText, requestTarget } from './build-request.ts'
import { currentCase, type CaseScope } from './case-context.ts'
import { classifyError } from './classify-error.ts'
import { callProvider } from './provider-call.ts'
import { warnRecordingFailed } from './recording-warning.ts'
import { runDeadlineSignal } from './run-deadline.ts'
import type { WorkerContext } from './worker-context.ts'

/** What `provider(id).complete()` sends: a `prompt` (with an optional `system`) or chat `messages`. */
export interface ModelRequest {
  prompt?: string | undefined
  /** System prompt for a `prompt` request. */
  system?: string | undefined
  messages?: ChatMessage[] | undefined
  /** Model parameters; they override the provider's own `params`. */
  params?: ModelParams | undefined
  /** Ends the call (the calling test's own signal ends it too). */
  signal?: AbortSignal | undefined
  /** Each attempt's timeout in ms; default: the case's (`timeout_ms`, else the run's `timeoutMs`). */
  timeoutMs?: number | undefined
}

/** What a model call from code returns. */
export interface ModelAnswer {
  output: string
  /** The model that answered, as the server names it. */
  model: string
  finishReason: FinishReason
  usage: Usage
  /** USD; null when the price is unknown; 0 when replayed. */
  cost: number | null
  timings: Timings
  /** Replayed from a recording: no request was sent. */
  cached: boolean
}

/** A configured provider, callable from a function provider or a hand-written test. */
export interface ModelHandle {
  /** The provider's id, e.g. `openai:gpt-4o-mini`. */
  readonly id: string
  complete(request: ModelRequest): Promise<ModelAnswer>
}

/**
 * A model call from code failed: its class (`rate_limit`, `timeout`,
 * `cache_miss`, ...) and a message without secrets.
 */
export class ModelCallError extends Error {
  override name = 'ModelCallError'
  readonly errorClass: string
  readonly providerId: string
  constructor(providerId: string, errorClass: string, message: string) {
    super(redactText(`${providerId}: [${errorClass}] ${message}`))
    this.errorClass = errorClass
    this.providerId = providerId
  }
}

/**
 * One of the project's providers, by id (`openai:gpt-4o-mini`), by type
 * (`local`: the first one of that type), or a provider string that is not
 * configured (it gets its own run-wide limits). Its calls go through the
 * run-wide limits, retries, per-attempt timeouts, the response recordings of
 * the calling case's file (`__recordings__/`, the run's cache mode) and
 * redaction; each is timed, counted and priced, and attached to the calling
 * case's record (`calls`). Outside a case (a setup file) the calls are made
 * but neither recorded nor attached.
 */
export function provider(id: string): ModelHandle {
  return {
    id,
    async complete(request) {
      // loaded on first use: the package's entry (imported by vitest.config.ts) must not load Vitest's runtime
      const { workerContext } = await import('./worker-context.ts')
      const wc = await workerContext()
      return completeCall(wc, findSpec(wc, id), request, currentCase())
    },
  }
}

function findSpec(wc: WorkerContext, id: string): ProviderSpec {
  const configured = wc.specs.find((spec) => spec.id === id) ?? wc.specs.find((spec) => spec.type === id)
  if (configured) return configured
  try {
    const spec = parseProviderSpec(id)
    // a provider string not in the options: its URL credentials are secrets of the run too
    addSpecSecrets(id)
    return spec
  } catch (error) {
    const known = wc.specs.map((spec) => spec.id).join(', ')
    const why = error instanceof Error ? error.message : String(error)
    throw new ModelCallError(id, 'unknown_provider', `not a configured provider (configured: ${known}) nor a provider string: ${why}`)
  }
}

async function completeCall(wc: WorkerContext, spec: ProviderSpec, input: ModelRequest, scope: CaseScope | undefined): Promise<ModelAnswer> {
  const params = { ...(spec.params ?? {}), ...input.params }
  const request: Omit<ProviderRequest, 'signal' | 'queuedAt'> = input.messages
    ? { messages: input.messages, params }
    : { prompt: input.prompt ?? '', system: input.system, params }
  const signals = [scope?.signal, input.signal].filter((s): s is AbortSignal => s !== undefined)
  const signal = signals.length === 1 && signals[0] ? signals[0] : AbortSignal.any(signals)
  const timeoutMs = input.timeoutMs ?? scope?.timeoutMs ?? wc.options.timeoutMs
  const failed = (errorClass: string, message: string, attempts: number): ModelCallError => {
    const error = new ModelCallError(spec.id, errorClass, message)
    scope?.calls.push({ provider: spec.id, model: spec.model, usage: NO_USAGE, cost: null, timings: null, cached: false, attempts, error: { class: errorClass, message: error.message } })
    return error
  }
  let cache: ResponseCache | null = null
  let hash = ''
  try {
    const target = await requestTarget(spec)
    hash = requestHash(target, request)
    // the case's recordings file holds its calls too (a dataset case's, a hand-written test file's)
    cache = scope ? await openCache({ mode: wc.cacheMode, datasetFile: scope.file }) : null
    const hit = cache?.lookup(hash)
    if (hit) return answered(scope, spec, hit.response, 0, { cost: 0, note: null }, true)
    if (cache?.mode === 'replay' && scope) throw cache.replayMiss({ caseId: scope.caseId, provider: spec.id, requestHash: hash })
    const model = await wc.provider(spec)
    await model.ready?.()
    if (scope) scope.firstSentAt ??= new Date()
    const result = await callProvider(wc.limiter, model, spec, { request, prompt: promptText(request), signal, timeoutMs, deadline: runDeadlineSignal(wc.options.runDeadlineMs) })
    if (cache && scope) {
      await cache.store({ caseId: scope.caseId, provider: spec.id, requestHash: hash, target, request, response: result.response }).catch((error: unknown) => {
        // a paid answer is never thrown away because its recording could not be written
        warnRecordingFailed(cache?.file ?? '', error instanceof Error ? error.message : String(error))
      })
    }
    return answered(scope, spec, result.response, result.attempts, costFor(spec, result.response.usage, wc.options.pricing), false)
  } catch (error) {
    if (error instanceof ModelCallError) throw error
    if (isCacheError(error)) throw failed(error.errorClass, error.message, 0)
    const classified = classifyError(error, false, timeoutMs)
    const errorClass = isProviderError(error) ? error.errorClass : classified.class
    throw failed(errorClass, classified.message, attemptsOf(error) ?? 0)
  }
}

const NO_USAGE: Usage = { inputTokens: null, outputTokens: null, source: 'none' }

function answered(
  scope: CaseScope | undefined,
  spec: ProviderSpec,
  response: ProviderResponse,
  attempts: number,
  priced: { cost: number | null; note: string | null },
  cached: boolean,
): ModelAnswer {
  const { timings } = response
  const call: ModelCall = {
    provider: spec.id,
    model: response.model,
    usage: response.usage,
    cost: priced.cost,
    ...(priced.note ? { costNote: priced.note } : {}),
    timings: { queueMs: timings.queueMs, ttftMs: timings.ttftMs, e2eMs: timings.e2eMs },
    cached,
    attempts,
  }
  scope?.calls.push(call)
  return { output: response.output, model: response.model, finishReason: response.finishReason, usage: response.usage, cost: priced.cost, timings, cached }
}
