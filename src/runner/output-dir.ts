import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { describeErrno, errnoCode } from '../record/atomic-write.ts'

/**
 * Whether a project's `outputDir` can take run folders: it is made when
 * missing, must be a folder, and must take writes (a read-only mount fails
 * here, before any case runs). Returns null when it can, else one line naming
 * the project, the `outputDir` option, the path and the errno.
 */
export function outputDirProblem(projectName: string, option: string, path: string): string | null {
  try {
    try {
      mkdirSync(path, { recursive: true })
    } catch (error) {
      // a recursive mkdir on a read-only mount says ENOENT: the folder that exists says why
      if (errnoCode(error) === 'ENOENT') accessSync(existingAncestor(path), constants.W_OK)
      throw error
    }
    if (!statSync(path).isDirectory()) return problem(projectName, option, path, 'ENOTDIR', 'a file is in the way')
    accessSync(path, constants.W_OK)
    return null
  } catch (error) {
    const code = errnoCode(error) ?? 'UNKNOWN'
    return problem(projectName, option, path, code, describeErrno(code) ?? (error instanceof Error ? error.message : String(error)))
  }
}

function problem(projectName: string, option: string, path: string, code: string, reason: string): string {
  return `llm-test-bench: project ${projectName} not run: its \`outputDir\` option (${JSON.stringify(option)}) cannot be used: ${path}: ${code} (${reason})`
}

function existingAncestor(path: string): string {
  let dir = path
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}
