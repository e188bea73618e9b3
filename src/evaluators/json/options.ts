import { z } from 'zod'

/** How toBeValidJson and toMatchSchema find the JSON in an output. */
export const JsonOptionsSchema = z.strictObject({
  /** Find JSON inside the output: a ```json fence, or the first object/array after prose (default). */
  extract: z.boolean().default(true),
  /** The whole output (trimmed) must be JSON, with nothing around it. */
  strict: z.boolean().default(false),
})

export type JsonOptions = z.input<typeof JsonOptionsSchema>

/** The mode a message names. */
export function jsonMode(options: z.output<typeof JsonOptionsSchema>): string {
  return options.strict ? 'strict' : options.extract ? 'extract' : 'whole output'
}
