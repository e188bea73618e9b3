/**
 * A dated snapshot's base model: `gpt-4o-2024-08-06` → `gpt-4o`,
 * `claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`, `claude-3-5-haiku-latest`
 * → `claude-3-5-haiku`, `claude-sonnet-4-5@20250929` (Vertex) → `claude-sonnet-4-5`.
 * Only a date (or `-latest`) suffix is removed: `gpt-4o-mini` stays itself,
 * never `gpt-4o`. Null when the name has no such suffix.
 */
export function snapshotBase(model: string): string | null {
  const match = /^(.+?)(?:-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|-latest)$/.exec(model)
  return match?.[1] ?? null
}

/** The names a model's price may be listed under, most specific first (lower case). */
export function modelNameCandidates(model: string): string[] {
  const name = model.trim().toLowerCase()
  const base = snapshotBase(name)
  return base === null ? [name] : [name, base]
}
