import { stableStringify } from '../record/stable-json.ts'
import { describeProviderSpec, parseProviderSpec, PROVIDER_SPEC_FORMS, ProviderSpecError, type ProviderSpec } from '../providers/spec.ts'
import type { ProviderInput } from './options.ts'

/** The `providers` option checked: every spec valid, every id distinct. */
export interface CheckedProviders {
  /** The inputs, with an `id` set on the objects that needed one to be told apart. */
  providers: ProviderInput[]
  /** One entry per problem, `providers[2]: ...`; empty when all is well. */
  problems: string[]
}

interface Entry {
  index: number
  input: unknown
  spec: ProviderSpec
  /** The id was given (`id:`), not derived from the spec. */
  explicit: boolean
}

/**
 * Validates every provider spec (all problems at once) and makes sure no two
 * providers share an id: results, baselines and recordings are keyed by it.
 * Specs whose derived ids are equal but whose `params` differ get the params
 * that tell them apart in their ids (`openai:m[temperature=0.7]`; a spec that
 * sets none of them keeps the plain id). The same spec twice, two specs that
 * differ in anything but `params`, or an `id` given twice is refused, naming
 * both places.
 */
export function checkProviders(inputs: readonly unknown[]): CheckedProviders {
  const problems: string[] = []
  const entries: Entry[] = []
  inputs.forEach((input, index) => {
    try {
      const spec = parseProviderSpec(input)
      entries.push({ index, input, spec, explicit: typeof input === 'object' && input !== null && 'id' in input && input.id !== undefined })
    } catch (error) {
      if (!(error instanceof ProviderSpecError)) throw error
      problems.push(`providers[${index}]: ${error.message.replace(`\n${PROVIDER_SPEC_FORMS}`, '')}`)
    }
  })
  const invalid = problems.length > 0
  const ids = new Map<number, string>()
  for (const group of groupBy(entries, (e) => e.spec.id)) {
    for (const [entry, id] of distinctIds(group)) ids.set(entry.index, id)
  }
  const seen = new Map<string, Entry>()
  for (const entry of entries) {
    const id = ids.get(entry.index) ?? entry.spec.id
    const first = seen.get(id)
    if (first === undefined) seen.set(id, entry)
    else problems.push(duplicateMessage(first, entry, id))
  }
  // what a spec may look like, said once after the specs that are not one
  if (invalid) problems.push(`providers: ${PROVIDER_SPEC_FORMS}`)
  const providers = inputs.map((input, index): ProviderInput => {
    const id = ids.get(index)
    if (id === undefined || typeof input !== 'object' || input === null) return input as ProviderInput
    // a parsed spec's input: an object of one provider type
    return { ...(input as Exclude<ProviderInput, string>), id }
  })
  return { providers, problems }
}

/**
 * Ids for a group of specs with the same derived id: when none of them has an
 * explicit id and their `params` differ pairwise, each gets the params that
 * differ within the group; otherwise nothing changes (and the duplicate is
 * reported).
 */
function distinctIds(group: Entry[]): Array<[Entry, string]> {
  if (group.length < 2 || group.some((e) => e.explicit)) return []
  const params = group.map((e) => paramsOf(e.spec))
  const texts = params.map((p) => stableStringify(p))
  if (new Set(texts).size !== texts.length) return []
  const keys = [...new Set(params.flatMap((p) => Object.keys(p)))].filter((key) => new Set(params.map((p) => stableStringify(p[key] ?? null))).size > 1).sort()
  return group.flatMap((entry, i): Array<[Entry, string]> => {
    const own = params[i] ?? {}
    const parts = keys.filter((key) => own[key] !== undefined).map((key) => `${key}=${valueText(own[key])}`)
    return parts.length === 0 ? [] : [[entry, `${entry.spec.id}[${parts.join(',')}]`]]
  })
}

function paramsOf(spec: ProviderSpec): Record<string, unknown> {
  return (spec.params ?? {}) as Record<string, unknown>
}

function valueText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : stableStringify(value)
}

function duplicateMessage(first: Entry, second: Entry, id: string): string {
  const same = stableStringify(first.spec) === stableStringify(second.spec) ? 'the same provider twice' : 'two providers with one id'
  return (
    `providers[${first.index}] ${describeProviderSpec(first.input)} and providers[${second.index}] ${describeProviderSpec(second.input)} ` +
    `have the same id "${id}" (${same}): results, baselines and recordings are keyed by it. ` +
    `Remove one, or give each its own id: { ..., id: '${id}-2' }`
  )
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) group.push(item)
    else groups.set(k, [item])
  }
  return [...groups.values()]
}
