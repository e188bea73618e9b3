import { readFileSync } from 'node:fs'
import { z } from 'zod'

/**
 * The part of results.json's `provenance` (written by the history work, issue 14 §1)
 * that comparing reads: the git commit and branch the run was made from. Read on
 * its own from the raw JSON, loosely, so that a run written before provenance
 * existed (or with more fields than this knows) still compares.
 */
export const GitProvenanceSchema = z.looseObject({
  commit: z.string().min(1),
  branch: z.string().nullable().optional(),
  dirty: z.boolean().optional(),
})

const ProvenanceHolderSchema = z.looseObject({
  provenance: z.looseObject({ git: GitProvenanceSchema.nullable().optional() }).nullable().optional(),
})

export interface GitProvenance {
  commit: string
  branch: string | null
  dirty: boolean | null
}

/** The run's git commit and branch from parsed results.json data; null when it has none (or an unreadable one). */
export function gitProvenance(data: unknown): GitProvenance | null {
  const parsed = ProvenanceHolderSchema.safeParse(data)
  const git = parsed.success ? parsed.data.provenance?.git : null
  if (!git) return null
  return { commit: git.commit, branch: git.branch ?? null, dirty: git.dirty ?? null }
}

/** The git provenance of a results.json file; null when it has none or cannot be read. */
export function readRunGit(file: string): GitProvenance | null {
  try {
    return gitProvenance(JSON.parse(readFileSync(file, 'utf8')))
  } catch {
    return null
  }
}
