import type { z } from 'zod'
import {
  AssertionSchema,
  CaseConfigSchema,
  DatasetSchema,
  DefaultsSchema,
  TestCaseSchema,
  type Assertion,
  type CaseConfig,
  type DatasetTestCase,
  type Defaults,
} from './schema.ts'
import type { TemplateVariables } from './template.ts'
import { partialVariants, type NamedVariant } from './variants.ts'

/** An `assert` entry that passed the schema, with its place in its list. */
export interface IndexedAssertion {
  index: number
  entry: Assertion
}

/** The fields of a map, each checked on its own. */
export interface PartialFields<T> {
  /** The fields that passed the schema. */
  valid: Partial<T>
  /** Every field the map sets, valid or not. */
  present: ReadonlySet<string>
  /** The known fields that failed the schema. */
  invalid: ReadonlySet<string>
}

/** A case's fields, each checked on its own, with the case's place in `test_cases`. */
export interface PartialCase extends PartialFields<DatasetTestCase> {
  index: number
  /** The case's `config` fields, each checked on its own. */
  config: PartialFields<CaseConfig>
  /** The `assert` entries that passed the schema. */
  assert: IndexedAssertion[]
}

/**
 * The parts of a dataset that are valid on their own, so that the checks after
 * the schema can run (and report) even when other parts of the file are broken.
 * A `null` field is present but invalid: checks that need it are skipped, so a
 * problem is not reported twice.
 */
export interface PartialDataset {
  promptFile: string | undefined | null
  variables: TemplateVariables | null
  defaults: Partial<Defaults>
  assert: IndexedAssertion[]
  cases: PartialCase[]
  /** The `variants` entries that passed the schema, each with its place (empty without variants). */
  variants: NamedVariant[]
  /** `reference_variant` when it is a string. */
  referenceVariant: string | undefined
}

export function partialDataset(data: unknown): PartialDataset {
  const fields = asRecord(data)
  const shape = DatasetSchema.shape
  return {
    promptFile: fields['prompt_file'] === undefined ? undefined : validOrNull(shape.prompt_file.unwrap(), fields['prompt_file']),
    variables: fields['variables'] === undefined ? {} : validOrNull(shape.variables.unwrap(), fields['variables']),
    defaults: validFields(DefaultsSchema, fields['defaults']).valid,
    assert: validAssertions(fields['assert']),
    cases: asList(fields['test_cases']).map(partialCase),
    variants: partialVariants(fields['variants']),
    referenceVariant: typeof fields['reference_variant'] === 'string' ? fields['reference_variant'] : undefined,
  }
}

function partialCase(raw: unknown, index: number): PartialCase {
  const fields = asRecord(raw)
  const config = validFields(CaseConfigSchema, fields['config'])
  return { index, ...validFields(TestCaseSchema, raw), config, assert: validAssertions(fields['assert']) }
}

/** Checks each known field of a map on its own. */
function validFields<T extends z.ZodObject>(schema: T, raw: unknown): PartialFields<z.output<T>> {
  const valid: Record<string, unknown> = {}
  const invalid = new Set<string>()
  const fields = asRecord(raw)
  for (const [key, fieldSchema] of Object.entries(schema.shape)) {
    if (fields[key] === undefined) continue
    const result = fieldSchema.safeParse(fields[key])
    if (result.success) valid[key] = result.data
    else invalid.add(key)
  }
  // Sound by construction: each value passed its field's schema.
  return { valid: valid as Partial<z.output<T>>, present: new Set(Object.keys(fields)), invalid }
}

function validAssertions(list: unknown): IndexedAssertion[] {
  return asList(list).flatMap((item, index) => {
    const result = AssertionSchema.safeParse(item)
    return result.success ? [{ index, entry: result.data }] : []
  })
}

function validOrNull<T extends z.ZodType>(schema: T, value: unknown): z.output<T> | null {
  const result = schema.safeParse(value)
  return result.success ? result.data : null
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {}
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : []
}
