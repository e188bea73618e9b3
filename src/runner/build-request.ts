import type { ResolvedCase } from '../dataset/types.ts'
import type { ProviderSpec } from '../providers/spec.ts'
import type { ProviderRequest } from '../providers/types.ts'
import { localModelId } from '../providers/local/model-identity.ts'
import type { RequestTarget } from '../record/request-hash.ts'

/** The provider request for a case: provider defaults, overridden by the dataset's and the case's parameters. */
export function buildRequest(testCase: ResolvedCase, spec: ProviderSpec): Omit<ProviderRequest, 'signal' | 'queuedAt'> {
  const params = { ...(spec.params ?? {}), ...testCase.params }
  // a function provider (the user's code) is told its case; the hash never sees it
  const forCase = spec.type === 'function' ? { case: { id: testCase.id, vars: { ...testCase.variables }, expected: testCase.expected, metadata: testCase.metadata } } : {}
  if (testCase.messages) return { messages: testCase.messages, params, ...forCase }
  return { prompt: testCase.prompt ?? '', system: testCase.system ?? undefined, params, ...forCase }
}

/** The request as one readable text, for the case record and the report. */
export function promptText(request: Omit<ProviderRequest, 'signal' | 'queuedAt'>): string {
  if (request.messages) return request.messages.map((m) => `${m.role}: ${m.content}`).join('\n\n')
  return request.system ? `system: ${request.system}\n\n${request.prompt ?? ''}` : (request.prompt ?? '')
}

/**
 * The endpoint part of a request's identity: never the provider's id, limits
 * or key. A local model is named by its file's content (`modelId`), found
 * without loading or downloading it: switching `LLM_BENCH_MODEL` to another
 * GGUF is another request.
 */
export async function requestTarget(spec: ProviderSpec): Promise<RequestTarget> {
  switch (spec.type) {
    case 'openai':
      return { type: spec.type, model: spec.model, baseURL: spec.baseURL, api: spec.api }
    case 'anthropic':
      return { type: spec.type, model: spec.model, baseURL: spec.baseURL }
    case 'ollama':
      return { type: spec.type, model: spec.model, baseURL: spec.host, api: spec.api }
    case 'local':
      return { type: spec.type, model: spec.model, modelId: await localModelId(spec) }
    case 'function':
      // the function's identity: its module as configured and its export (two functions never share recordings)
      return { type: spec.type, model: spec.export, module: spec.module }
  }
}
