import { execFileSync } from 'node:child_process'
import { CompareError } from './read-run.ts'

/** The commit where the current branch left the main line, and the ref it was found against. */
export interface MergeBase {
  commit: string
  /** `origin/main`, `main`, `master`, ... */
  against: string
}

/**
 * `git merge-base HEAD <main line>` in `cwd`, the main line being origin's default
 * branch (refs/remotes/origin/HEAD) when set, else the first of main, master,
 * origin/main, origin/master that exists. A CompareError says why there is none
 * (not a git repository, no main line).
 */
export function findMergeBase(cwd: string): MergeBase {
  const git = (...args: string[]): string | null => {
    try {
      return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    } catch {
      return null
    }
  }
  if (git('rev-parse', '--is-inside-work-tree') !== 'true') throw new CompareError(`--base merge-base: ${cwd} is not in a git repository; name the base run instead (--base <run>)`)
  const originHead = git('symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD')
  const candidates = [...(originHead ? [originHead] : []), 'main', 'master', 'origin/main', 'origin/master']
  for (const ref of candidates) {
    if (git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`) === null) continue
    const commit = git('merge-base', 'HEAD', ref)
    if (commit) return { commit, against: ref }
  }
  throw new CompareError(`--base merge-base: no main line to find the merge base with (looked for ${candidates.join(', ')}); name the base run instead (--base <run>)`)
}

/** Two spellings of one commit: full ids, or one a prefix (7+ characters) of the other. */
export function sameCommit(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  return short.length >= 7 && long.startsWith(short)
}
