import { Redactor } from './redactor.ts'
import { runSecrets, specSecrets, type SecretSources } from './secrets.ts'

/**
 * The process's secret registry: every value a run knows to be secret, in
 * one matcher that every writer goes through (case records in the worker,
 * thrown test errors, recordings, and in the main process every artifact, log
 * line and the step summary). Values are only ever added: a secret once seen
 * stays redacted for the life of the process.
 */

const secrets = new Set<string>()
let redactor: Redactor | null = null

/** Adds values to redact (blank ones are ignored; very short ones are kept but never matched). */
export function addSecrets(values: Iterable<string | undefined>): void {
  for (const value of values) {
    if (value === undefined || value === '' || secrets.has(value)) continue
    secrets.add(value)
    redactor = null
  }
}

/** Adds what the options and the environment name (see `runSecrets`). */
export function addRunSecrets(sources: SecretSources, env: NodeJS.ProcessEnv = process.env): void {
  addSecrets(runSecrets(sources, env))
}

/** Adds the secrets of one provider spec (a judge, an embedder, a provider created at run time). */
export function addSpecSecrets(spec: unknown, env: NodeJS.ProcessEnv = process.env): void {
  addSecrets(specSecrets(spec, env))
}

/** Every value known to be secret so far (for a process of the run's own that redacts as this one does). */
export function knownSecrets(): string[] {
  return [...secrets]
}

function current(): Redactor {
  redactor ??= new Redactor(secrets)
  return redactor
}

/** The text without any known secret (or partial echo of one). */
export function redactText(text: string): string {
  return current().text(text)
}

/** A JSON-like value (a case record, a recording entry) with every string redacted; unchanged parts are not copied. */
export function redactValue<T>(value: T): T {
  return current().value(value)
}

/** Redacts every string of an object graph in place (serialized test errors). */
export function redactInPlace(target: unknown): void {
  current().inPlace(target)
}

/** Forgets every secret (tests). */
export function clearSecrets(): void {
  secrets.clear()
  redactor = null
}
