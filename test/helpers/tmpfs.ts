import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/**
 * Small tmpfs file systems for disk-fault tests (a full disk, a read-only
 * one). Mounting needs root: `tmpfsProblem()` says why it cannot be done
 * here (the tests skip, saying so), or null when it can.
 */

let probed: string | null | undefined

/** Why a tmpfs cannot be mounted here, or null when it can (probed once per process). */
export function tmpfsProblem(): string | null {
  if (probed !== undefined) return probed
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-bench-mount-probe-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'pipe' })
    execFileSync('umount', [dir], { stdio: 'pipe' })
    probed = null
  } catch (error) {
    probed = `mount -t tmpfs is not permitted here (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return probed
}

/** The tmpfs mounts a test made, to unmount when it ends. */
export class Tmpfs {
  readonly #mounted: string[] = []

  /** Mounts a tmpfs at `dir` (created if missing) with mount options such as `size=64k` or `ro,size=1m`. */
  mount(dir: string, options: string): string {
    mkdirSync(dir, { recursive: true })
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' })
    this.#mounted.push(dir)
    return dir
  }

  /** Changes a mounted tmpfs's options (e.g. grows it: `size=8m`) without touching its files. */
  remount(dir: string, options: string): void {
    execFileSync('mount', ['-o', `remount,${options}`, dir], { stdio: 'pipe' })
  }

  /** Unmounts everything mounted so far, newest first (lazily when a file is still open there). */
  unmountAll(): void {
    for (const dir of this.#mounted.splice(0).reverse()) {
      try {
        execFileSync('umount', [dir], { stdio: 'pipe' })
      } catch {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' })
      }
    }
  }
}
