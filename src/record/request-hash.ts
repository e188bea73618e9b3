import { createHash } from 'node:crypto'
import type { ProviderRequest } from '../providers/types.ts'
import { stableStringify } from './stable-json.ts'

/** What identifies a provider endpoint in a request hash (never its key). */
export interface RequestTarget {
  type: string
  model: string
  baseURL?: string | undefined
  api?: string | undefined
  /**
   * A local model's content key (`gguf:<size>:<fingerprint>` or `sha256:<hex>`,
   * see providers/local/model-identity.ts): another GGUF is another request.
   * Absent for remote providers, whose `model` names the model.
   */
  modelId?: string | undefined
  /** A function provider's module path, as configured (its `model` is the export's name). */
  module?: string | undefined
}

/**
 * A hash of the exact request: provider type, model, endpoint, parameters and
 * prompt or messages. Equal requests hash equal; the abort signal and queue
 * time are not part of it.
 */
/**
 * The hash a case's repeat is recorded and resumed under: repeat 0 (and a case without repeats)
 * keeps the request's own hash, so recordings made before repeats existed still replay; repeat i
 * hashes the request's hash with i, so a live run never serves one repeat from another's answer.
 */
export function repeatHash(hash: string, repeat: number | undefined): string {
  if (repeat === undefined || repeat === 0) return hash
  return createHash('sha256').update(`${hash}#repeat:${repeat}`).digest('hex').slice(0, 16)
}

/**
 * The hash a prompt variant's request is recorded and resumed under (`variants:`): the request's
 * hash with the variant's name, so two variants whose requests happen to be equal never share a
 * recording or a resume entry. A dataset without variants keeps the request's own hash.
 */
export function variantHash(hash: string, variant: string | undefined): string {
  if (variant === undefined) return hash
  return createHash('sha256').update(`${hash}#variant:${variant}`).digest('hex').slice(0, 16)
}

export function requestHash(target: RequestTarget, request: ProviderRequest): string {
  const canonical = stableStringify({
    target,
    prompt: request.prompt ?? null,
    system: request.system ?? null,
    messages: request.messages ?? null,
    params: request.params,
  })
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16)
}
