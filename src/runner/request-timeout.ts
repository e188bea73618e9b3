import { ProviderError } from '../providers/errors.ts'
import type { Provider, ProviderRequest, ProviderResponse } from '../providers/types.ts'
import { caseSignal } from './case-signal.ts'

/**
 * One attempt of a provider call, bounded by `timeoutMs` from the moment it
 * holds a slot: when the time is up its signal aborts the request and the
 * attempt ends at once with a retryable `timeout` ProviderError (a provider
 * that ignores the signal cannot keep the slot: its late answer is dropped).
 * Without `timeoutMs` only `parent` (a cancelled run) ends it early.
 */
export async function requestWithTimeout(
  provider: Provider,
  request: Omit<ProviderRequest, 'signal'>,
  parent: AbortSignal,
  timeoutMs: number | undefined,
): Promise<ProviderResponse> {
  if (timeoutMs === undefined) return provider.complete({ ...request, signal: parent })
  const bound = caseSignal(parent, timeoutMs)
  let fire: (error: ProviderError) => void = () => undefined
  const timedOut = new Promise<never>((_, reject) => {
    fire = reject
  })
  const onAbort = (): void => {
    if (bound.timedOut) fire(requestTimeout(provider.id, timeoutMs))
  }
  bound.signal.addEventListener('abort', onAbort, { once: true })
  const call = provider.complete({ ...request, signal: bound.signal })
  try {
    return await Promise.race([call, timedOut])
  } catch (error) {
    throw bound.timedOut ? requestTimeout(provider.id, timeoutMs) : error
  } finally {
    bound.signal.removeEventListener('abort', onAbort)
    bound.dispose()
    // whichever lost the race settles unobserved
    call.catch(() => undefined)
    timedOut.catch(() => undefined)
  }
}

/** The error of an attempt that ran out of time (retryable, like any timeout). */
export function requestTimeout(providerId: string, timeoutMs: number): ProviderError {
  return new ProviderError(`${providerId}: the request did not finish within ${timeoutMs} ms [timeout]`, { errorClass: 'timeout', providerId })
}
