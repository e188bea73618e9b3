import type { ModelParams } from '../types.ts'

/**
 * Where to download a model from when no local GGUF is found: a URL and the
 * sha256 the downloaded bytes must have. `false` disables downloading.
 */
export interface LocalModelDownload {
  url: string
  /** More places serving the same file (same sha256), tried in order after `url` fails. */
  mirrors?: readonly string[] | undefined
  sha256: string
}

/**
 * The `local` provider's spec: a GGUF model run in-process by node-llama-cpp.
 * (Mirror of `LocalProviderSpec` in `../spec.ts`; to be reconciled with it.)
 */
export interface LocalProviderSpec {
  type: 'local'
  id: string
  /** GGUF file; a relative path is taken against `process.cwd()`. */
  modelPath?: string | undefined
  concurrency: number
  /** Default model parameters; a request's own params win. */
  params?: ModelParams | undefined
  download?: LocalModelDownload | false | undefined
}
