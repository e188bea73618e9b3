import type { Usage } from '../providers/types.ts'
import type { ModelCall } from '../record/schema.ts'

/** A record's tokens and cost. */
export interface Totals {
  usage: Usage
  cost: number | null
  costNote: string | null
}

/**
 * A record's usage and cost with the model calls it made from code included
 * (an app making two calls per case reports their sum). Token counts add up
 * where known; a part with nothing counted (`source: 'none'`, e.g. a function
 * provider that returns no usage) adds nothing to the cost. The cost is null
 * as soon as one part that answered has an unknown price (never 0 for an
 * unknown), with that part's note.
 */
export function withCalls(own: Totals | null, calls: readonly ModelCall[]): Totals {
  if (calls.length === 0) return own ?? { usage: { inputTokens: null, outputTokens: null, source: 'none' }, cost: null, costNote: null }
  const answered = calls.filter((c) => c.error === undefined).map((c) => ({ usage: c.usage, cost: c.cost, costNote: c.costNote ?? null }))
  // a part that counted nothing and has no price of its own (a function provider returning a bare string) prices nothing
  const ownPriced = own && (own.usage.source !== 'none' || own.cost !== null) ? [own] : []
  const priced = [...ownPriced, ...answered]
  const counted = priced.filter((p) => p.usage.source !== 'none')
  const unknown = priced.find((p) => p.cost === null)
  return {
    usage: {
      inputTokens: sumOf(counted.map((p) => p.usage.inputTokens)),
      outputTokens: sumOf(counted.map((p) => p.usage.outputTokens)),
      source: counted.some((p) => p.usage.source === 'tokenizer') ? 'tokenizer' : counted.length > 0 ? 'provider' : 'none',
    },
    cost: unknown || priced.length === 0 ? null : priced.reduce((total, p) => total + (p.cost ?? 0), 0),
    costNote: unknown ? (unknown.costNote ?? 'unknown price') : priced.length === 0 ? 'no model call answered' : null,
  }
}

/** The sum of the known numbers; null when none is known. */
function sumOf(values: readonly (number | null | undefined)[]): number | null {
  const known = values.filter((v): v is number => typeof v === 'number')
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0)
}
