/**
 * Prompt templates: `{{ name }}` is replaced by the variable's value. That is
 * the whole language: no conditions, loops or filters.
 *
 * - Names match `[A-Za-z_][A-Za-z0-9_.-]*`; spaces inside the braces are allowed
 *   (`{{topic}}` and `{{ topic }}` are the same).
 * - Values are strings, numbers or booleans; numbers and booleans are written
 *   with `String()` (`3`, `0.5`, `true`).
 * - `\{{` writes a literal `{{` (the backslash is dropped), e.g. to show
 *   Handlebars syntax inside a prompt: `\{{ not a variable }}` → `{{ not a variable }}`.
 *   The backslash must reach the template: in YAML write it in a plain,
 *   single-quoted or block scalar (a double-quoted YAML string, like a JSON
 *   string, needs `\\{{`).
 * - `{{` not followed by a valid name and `}}` is left as it is.
 */

export type TemplateValue = string | number | boolean
export type TemplateVariables = Readonly<Record<string, TemplateValue>>

/** An escape (`\{{`, group-less) or a placeholder (name in group 1). */
const TOKEN = /\\\{\{|\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g

/** Replaces every placeholder; throws when a variable has no value (the loader checks this first). */
export function renderTemplate(template: string, variables: TemplateVariables): string {
  return template.replace(TOKEN, (token, name: string | undefined) => {
    if (name === undefined) return '{{'
    if (!Object.hasOwn(variables, name)) throw new Error(`template variable "${name}" has no value`)
    return String(variables[name])
  })
}

/** The names of the placeholders in a template, each once, in order of appearance. */
export function templateVariables(template: string): string[] {
  const names = [...template.matchAll(TOKEN)].map((match) => match[1])
  return [...new Set(names.filter((name) => name !== undefined))]
}
