import { RequestTimer } from '../../metrics/timings.ts'
import { ProviderError, redactSecrets } from '../errors.ts'
import type { FunctionProviderSpec } from '../spec.ts'
import type { Provider, ProviderRequest, ProviderResponse, Usage } from '../types.ts'
import { isFunctionProviderDefinition, type FunctionProviderAnswer, type FunctionProviderComplete, type FunctionProviderInput } from './define-provider.ts'
import { importUserModule, resolveUserModule } from './import-module.ts'

/**
 * The user's own code as a provider: `export` of `module`, imported through
 * Vite in the worker. It gets the rendered request, the case and the signal;
 * it returns a string, `{ output, usage?, model?, cost? }` or an async iterable
 * of text chunks (streamed: TTFT and ITL measured, TPOT per chunk unless it
 * reports output tokens). Whatever it throws is a `function_error` whose
 * cause keeps the stack (see runner/classify-error.ts). Limits, timeouts,
 * retries and recordings are the runner's, as for any provider.
 */
export function createFunctionProvider(spec: FunctionProviderSpec): Provider {
  const file = resolveUserModule(spec.module)
  // imported at each call (Vite's module runner caches it): an edited module is picked up in watch mode
  const load = async (): Promise<FunctionProviderComplete> => {
    let module: unknown
    try {
      module = await importUserModule(file)
    } catch (error) {
      throw functionError(spec.id, error, `cannot load ${spec.module}: `)
    }
    const exported: unknown = typeof module === 'object' && module !== null ? Reflect.get(module, spec.export) : undefined
    if (isFunctionProviderDefinition(exported)) return exported.complete
    if (typeof exported === 'function') return (input) => Reflect.apply(exported, undefined, [input]) as ReturnType<FunctionProviderComplete>
    throw new ProviderError(
      `${spec.id}: ${spec.module} has no export "${spec.export}" that is a function or a defineProvider({ id, complete }) (found ${exported === undefined ? 'nothing' : typeof exported}) [function_error]`,
      { errorClass: 'function_error', providerId: spec.id, retryable: false },
    )
  }
  return {
    id: spec.id,
    type: 'function',
    model: spec.export,
    // the first import (Vite transforms the module and its imports) is a start-up, never part of a request's timeout
    async ready(): Promise<void> {
      await load()
    },
    async complete(request: ProviderRequest): Promise<ProviderResponse> {
      const complete = await load()
      const signal = request.signal ?? new AbortController().signal
      const timer = new RequestTimer(request.queuedAt)
      timer.start()
      let result: unknown
      try {
        result = await complete(inputOf(request, signal))
      } catch (error) {
        throw functionError(spec.id, error)
      }
      if (isAsyncIterable(result)) return streamed(spec, result, timer)
      const answer = answerOf(spec.id, result)
      timer.end()
      const usage = usageOf(answer)
      return { output: answer.output, usage, finishReason: 'stop', timings: timer.finish(usage.outputTokens, false), model: answer.model ?? spec.export, cost: answer.cost }
    },
  }
}

function inputOf(request: ProviderRequest, signal: AbortSignal): FunctionProviderInput {
  return {
    prompt: request.messages ? undefined : (request.prompt ?? ''),
    messages: request.messages?.map((m) => ({ ...m })),
    system: request.system,
    vars: request.case?.vars ?? {},
    expected: request.case?.expected ?? null,
    metadata: request.case?.metadata ?? {},
    caseId: request.case?.id ?? '',
    params: { ...request.params },
    signal,
  }
}

async function streamed(spec: FunctionProviderSpec, chunks: AsyncIterable<unknown>, timer: RequestTimer): Promise<ProviderResponse> {
  const parts: string[] = []
  try {
    for await (const chunk of chunks) {
      if (typeof chunk !== 'string') throw new TypeError(`a streamed chunk must be a string, got ${describe(chunk)}`)
      timer.chunk()
      parts.push(chunk)
    }
  } catch (error) {
    throw functionError(spec.id, error)
  }
  timer.end()
  // no token counts from a stream of text: TPOT is per chunk
  const usage: Usage = { inputTokens: null, outputTokens: null, source: 'none' }
  return { output: parts.join(''), usage, finishReason: 'stop', timings: timer.finish(parts.length, true), model: spec.export }
}

function answerOf(providerId: string, result: unknown): FunctionProviderAnswer {
  if (typeof result === 'string') return { output: result }
  if (typeof result === 'object' && result !== null && typeof Reflect.get(result, 'output') === 'string') {
    const answer = result as FunctionProviderAnswer
    const cost = answer.cost
    if (cost !== undefined && (typeof cost !== 'number' || !Number.isFinite(cost) || cost < 0)) {
      throw malformed(providerId, `its cost must be a number of USD (0 or more), got ${describe(cost)}`)
    }
    return answer
  }
  throw malformed(providerId, `it must return a string, { output: string, usage?, model?, cost? } or an async iterable of strings, got ${describe(result)}`)
}

function usageOf(answer: FunctionProviderAnswer): Usage {
  const inputTokens = count(answer.usage?.inputTokens)
  const outputTokens = count(answer.usage?.outputTokens)
  return { inputTokens, outputTokens, source: inputTokens === null && outputTokens === null ? 'none' : 'provider' }
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, Symbol.asyncIterator) === 'function'
}

/** What the function threw, as a `function_error` (the original kept as the cause: its stack goes to the record). */
export function functionError(providerId: string, error: unknown, prefix = ''): ProviderError {
  if (error instanceof ProviderError) return error
  const message = error instanceof Error ? error.message : String(error)
  // the run's secrets never reach a message (the stack is redacted where it is recorded: runner/classify-error.ts)
  return new ProviderError(redactSecrets(`${providerId}: ${prefix}${message} [function_error]`), { errorClass: 'function_error', providerId, cause: error })
}

function malformed(providerId: string, what: string): ProviderError {
  return new ProviderError(`${providerId}: ${what} [malformed_response]`, { errorClass: 'malformed_response', providerId, retryable: false })
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? `an object with keys ${JSON.stringify(Object.keys(value))}` : `${typeof value} ${JSON.stringify(value) ?? ''}`.trim()
}
