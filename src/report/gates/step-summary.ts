import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Appends Markdown to the file named by `$GITHUB_STEP_SUMMARY` (GitHub Actions
 * shows it on the run's page), creating it when missing. Never throws: a
 * summary that cannot be written must not fail the run. Returns the file
 * written, or null (variable not set, nothing to write, or the write failed).
 */
export function appendGithubStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const file = env['GITHUB_STEP_SUMMARY']
  if (!file || markdown.trim() === '') return null
  try {
    mkdirSync(dirname(file), { recursive: true })
    appendFileSync(file, markdown.endsWith('\n') ? `${markdown}\n` : `${markdown}\n\n`)
    return file
  } catch {
    return null
  }
}
