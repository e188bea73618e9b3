import { readdirSync, readFileSync } from 'node:fs'
import { isAbsolute, join, normalize } from 'node:path'

/** A whole file the docs show, to be written verbatim into a consumer project. */
export interface ConsumerFile {
  /** Where it goes, relative to the consumer project's root. */
  path: string
  content: string
  /** Where the docs hold it: `README.md:75`. */
  source: string
}

const MARKER = /^<!--\s*consumer-file:\s*(\S+)\s*-->\s*$/
const FENCE_OPEN = /^(`{3,}|~{3,})[^`]*$/

/** The Markdown files whose examples the consumer test checks: README.md and docs/*.md. */
export function docFiles(repo: string): string[] {
  const docs = readdirSync(join(repo, 'docs'), { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => join('docs', entry.name))
    .sort()
  return ['README.md', ...docs]
}

/**
 * Every fenced code block immediately preceded by `<!-- consumer-file: PATH -->`.
 * A marker not followed by a fence, a path that leaves the project, or one path
 * given twice is an error naming the file and line.
 */
export function extractConsumerFiles(repo: string, files: readonly string[] = docFiles(repo)): ConsumerFile[] {
  const found: ConsumerFile[] = []
  const problems: string[] = []
  for (const file of files) {
    const lines = readFileSync(join(repo, file), 'utf8').split(/\r?\n/)
    for (let i = 0; i < lines.length; i++) {
      const marker = MARKER.exec(lines[i] as string)
      if (!marker) continue
      const at = `${file}:${i + 1}`
      const path = marker[1] as string
      const open = FENCE_OPEN.exec(lines[i + 1] ?? '')
      if (!open) {
        problems.push(`${at}: expected a fenced code block on the next line after the consumer-file marker, found ${JSON.stringify(lines[i + 1] ?? '(end of file)')}`)
        continue
      }
      const fence = open[1] as string
      const end = lines.findIndex((line, j) => j > i + 1 && line.trimEnd() === fence)
      if (end < 0) {
        problems.push(`${at}: the code block after the consumer-file marker is never closed (expected a line ${fence})`)
        continue
      }
      const clean = normalize(path)
      if (isAbsolute(path) || clean.startsWith('..')) {
        problems.push(`${at}: consumer-file path ${JSON.stringify(path)} must be relative to the project and stay inside it`)
        continue
      }
      const twice = found.find((f) => f.path === clean)
      if (twice) {
        problems.push(`${at}: consumer-file ${clean} is already given at ${twice.source}`)
        continue
      }
      found.push({ path: clean, content: `${lines.slice(i + 2, end).join('\n')}\n`, source: at })
      i = end
    }
  }
  if (problems.length > 0) throw new Error(`consumer-file markers:\n  ${problems.join('\n  ')}`)
  return found
}

/** The kinds of file the consumer test needs at least one of, and how each is recognised. */
export const REQUIRED_KINDS: ReadonlyArray<{ kind: string; test: (path: string) => boolean }> = [
  { kind: 'a Vitest config (vitest.config.{ts,mts,js,mjs})', test: (p) => /^vitest\.config\.(ts|mts|js|mjs)$/.test(p) },
  { kind: 'a dataset (*.dataset.{yaml,yml,json})', test: (p) => /\.dataset\.(yaml|yml|json)$/.test(p) },
  { kind: 'a hand-written test (*.test.ts or *.test.mts)', test: (p) => /\.test\.m?ts$/.test(p) },
]

/** What the extracted files lack, one line per missing kind (empty when complete). */
export function missingKinds(files: readonly ConsumerFile[]): string[] {
  return REQUIRED_KINDS.filter(({ test }) => !files.some((f) => test(f.path))).map(({ kind }) => kind)
}

