import type { FieldPath } from './locate.ts'
import { resolveCase, type CaseContext } from './resolve-case.ts'
import { VariantFieldsSchema, VariantNameSchema, type DatasetFile, type DatasetTestCase, type DatasetVariants } from './schema.ts'
import type { ResolvedCase } from './types.ts'
import type { z } from 'zod'

/** A variant's settings (the map form's value, the list form's entry without its name). */
export type VariantFields = z.infer<typeof VariantFieldsSchema>

/** One variant of `variants:`, whichever form the file uses, with where it is in the file. */
export interface NamedVariant {
  name: string
  /** `['variants', 2]` (list form) or `['variants', 'terse']` (map form). */
  path: FieldPath
  fields: VariantFields
}

/** The dataset's variants in file order; empty when it declares none. */
export function namedVariants(variants: DatasetVariants | undefined): NamedVariant[] {
  if (variants === undefined) return []
  if (Array.isArray(variants)) return variants.map(({ name, ...fields }, index) => ({ name, path: ['variants', index], fields }))
  return Object.entries(variants).map(([name, fields]) => ({ name, path: ['variants', name], fields }))
}

/**
 * The variants of a file that is not valid as a whole, for the checks after the schema: each
 * entry with a valid name, with the fields that pass the schema on their own (an invalid one is
 * left out: the schema reported it), and its place. Never throws.
 */
export function partialVariants(raw: unknown): NamedVariant[] {
  if (Array.isArray(raw)) {
    return raw.flatMap((entry: unknown, index) => {
      const name = VariantNameSchema.safeParse(isMap(entry) ? entry['name'] : undefined)
      return name.success ? [{ name: name.data, path: ['variants', index], fields: validFields(entry) }] : []
    })
  }
  if (!isMap(raw)) return []
  return Object.entries(raw).flatMap(([key, entry]) => {
    const name = VariantNameSchema.safeParse(key)
    return name.success ? [{ name: name.data, path: ['variants', key], fields: validFields(entry) }] : []
  })
}

function validFields(entry: unknown): VariantFields {
  if (!isMap(entry)) return {}
  const fields: Record<string, unknown> = {}
  for (const [key, schema] of Object.entries(VariantFieldsSchema.shape)) {
    const parsed = schema.safeParse(entry[key])
    if (entry[key] !== undefined && parsed.success) fields[key] = parsed.data
  }
  // sound by construction: each field passed its own schema
  return fields as VariantFields
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The variant the others are compared with: `reference_variant`, else the first; null without variants. */
export function referenceVariant(dataset: DatasetFile): string | null {
  const names = namedVariants(dataset.variants).map((v) => v.name)
  if (names.length === 0) return null
  return dataset.reference_variant !== undefined && names.includes(dataset.reference_variant) ? dataset.reference_variant : (names[0] ?? null)
}

/**
 * The dataset as one variant sees it: the variant's prompt file in place of the dataset's
 * `prompt_file`, its system prompt and params over `defaults`.
 */
export function variantDataset(dataset: DatasetFile, variant: VariantFields): DatasetFile {
  const defaults = { ...dataset.defaults, ...variant.params, ...(variant.system === undefined ? {} : { system: variant.system }) }
  const promptFile = variant.prompt !== undefined ? {} : variant.prompt_file === undefined ? {} : { prompt_file: variant.prompt_file }
  return { ...dataset, ...promptFile, defaults }
}

/**
 * A case with variants: resolved once per variant (`variant` set on each), the first variant's
 * resolution carrying them all in `variants`. A dataset without variants resolves as before.
 */
export function resolveCaseVariants(testCase: DatasetTestCase, context: CaseContext): ResolvedCase {
  const variants = namedVariants(context.dataset.variants)
  if (variants.length === 0) return resolveCase(testCase, context)
  const resolved = variants.map(({ name, fields }) => {
    const variantContext: CaseContext = { ...context, dataset: variantDataset(context.dataset, fields), ...(fields.prompt === undefined ? {} : { prompt: fields.prompt }) }
    return { ...resolveCase(testCase, variantContext), variant: name }
  })
  const first = resolved[0] as ResolvedCase
  return { ...first, variants: resolved }
}

/** The case once per variant (each with its `variant`), or the case alone when the dataset has none. */
export function caseVariants(testCase: ResolvedCase): readonly ResolvedCase[] {
  return testCase.variants ?? [testCase]
}
