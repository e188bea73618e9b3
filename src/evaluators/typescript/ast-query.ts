import { z } from 'zod'

const names = z.array(z.string().min(1))
const typeText = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)])

/** What toMatchAst looks for; every entry (and `scriptSetup`, `noAny`) is one check. */
export const AstQuerySchema = z.strictObject({
  /** A Vue SFC with `<script setup>` (and this `lang`, when given). */
  scriptSetup: z.strictObject({ lang: z.string().optional() }).optional(),
  /** Declared interfaces, with member names that must all be present. */
  interfaces: z.array(z.strictObject({ name: z.string().min(1), members: names.default([]) })).default([]),
  /** Declared type aliases; `members` for an object-literal type. */
  types: z.array(z.strictObject({ name: z.string().min(1), members: names.default([]) })).default([]),
  /** A parameter, variable or property named `name` annotated with `type` (whitespace-insensitive; a list gives alternatives). */
  typeAnnotations: z.array(z.strictObject({ name: z.string().min(1), type: typeText })).default([]),
  /** Imports from module `from` with these imported names (`default` import and `* as` names by local name). */
  imports: z.array(z.strictObject({ from: z.string().min(1), names: names.default([]), typeOnly: z.boolean().optional() })).default([]),
  /** Calls of `callee` (its source text: `defineProps`, `console.log`), with these type arguments. */
  calls: z
    .array(z.strictObject({ callee: z.string().min(1), typeArguments: names.optional(), arguments: z.number().int().min(0).optional() }))
    .default([]),
  /** Functions exported by name (declarations, `const f = () =>`, `export { f }`, `export default function f`). */
  exportedFunctions: names.default([]),
  /** Variables declared by name (`const props = ...`). */
  variables: names.default([]),
  /** No `any` type anywhere in the code. */
  noAny: z.boolean().optional(),
})

export type AstQuery = z.input<typeof AstQuerySchema>
export type ParsedAstQuery = z.output<typeof AstQuerySchema>

/** Matcher options beside the query. */
export const AstOptionsSchema = z.strictObject({
  /** The fraction of checks (0..1) that must be met for a pass (default 1: all). */
  min: z.number().min(0).max(1).default(1),
  /** `ts`, `tsx` or `vue`; default: from the fence tag, else from the content. */
  language: z.enum(['ts', 'tsx', 'vue']).optional(),
})

export type AstOptions = z.input<typeof AstOptionsSchema>

/** The count of checks a query makes. */
export function checkCount(query: ParsedAstQuery): number {
  const lists = [query.interfaces, query.types, query.typeAnnotations, query.imports, query.calls, query.exportedFunctions, query.variables]
  return lists.reduce((sum, list) => sum + list.length, 0) + (query.scriptSetup ? 1 : 0) + (query.noAny ? 1 : 0)
}
