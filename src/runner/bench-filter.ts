/**
 * `vitest bench` clones every project as "<name> (bench)", so `--project llm`
 * matches no benchmark project. These helpers read the CLI the way Vitest does
 * to tell when the plain name should serve the bench run.
 */

/** The `--project` filters of a `vitest bench` command line, or null when it is not `vitest bench`. */
export function benchProjectFilters(argv: readonly string[]): string[] | null {
  const args = argv.slice(2)
  const command = args.find((arg) => !arg.startsWith('-'))
  if (command !== 'bench') return null
  const filters: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (arg === '--project' && args[i + 1] !== undefined) filters.push(args[++i] as string)
    else if (arg.startsWith('--project=')) filters.push(arg.slice('--project='.length))
  }
  return filters
}

/** Vitest's `--project` matching: `*` wildcards, `!` negation, whole-name match. */
export function matchesProjectFilter(filters: readonly string[], name: string): boolean {
  if (filters.some((f) => f.startsWith('!') && wildcard(f.slice(1)).test(name))) return false
  const positives = filters.filter((f) => !f.startsWith('!'))
  return positives.length === 0 || positives.some((f) => wildcard(f).test(name))
}

/** Whether the project `name` must itself run as the bench project (its "(bench)" clone is filtered out). */
export function servesBenchUnderPlainName(argv: readonly string[], name: string): boolean {
  const filters = benchProjectFilters(argv)
  if (!filters || filters.length === 0) return false
  return matchesProjectFilter(filters, name) && !matchesProjectFilter(filters, `${name} (bench)`)
}

function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
  return new RegExp(`^${escaped}$`)
}
