import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/**
 * Checks of the repository's Markdown: relative links and `#anchors` resolve
 * (GitHub's heading slugs), and every `npm run X` names a script of package.json.
 */

export interface Problem {
  file: string
  line: number
  message: string
}

/** Lines outside fenced code blocks, with their 1-based numbers. */
function proseLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = []
  let fence: string | undefined
  text.split('\n').forEach((line, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (marker !== undefined) {
      if (fence === undefined) fence = marker
      else if (marker.startsWith(fence)) fence = undefined
      return
    }
    if (fence === undefined) out.push({ line: index + 1, text: line })
  })
  return out
}

/** GitHub's slug of a heading: inline code marks and links unwrapped, lowercased, punctuation dropped, spaces → `-`. */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase()
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-')
}

/** Every anchor a Markdown text defines: its headings' slugs (repeats get `-1`, `-2`, ...) and explicit `id`/`name` anchors. */
export function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const { text: line } of proseLines(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1]
    if (heading !== undefined) {
      const slug = githubSlug(heading)
      const count = seen.get(slug) ?? 0
      seen.set(slug, count + 1)
      anchors.add(count === 0 ? slug : `${slug}-${count}`)
    }
    for (const match of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1] ?? '')
  }
  return anchors
}

/** Link targets in prose: `[text](target)` and `![alt](target)`, without a title. */
function linksOf(text: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = []
  for (const { line, text: content } of proseLines(text)) {
    const withoutCode = content.replace(/`[^`]*`/g, '')
    for (const match of withoutCode.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ line, target: match[1] ?? '' })
    }
  }
  return links
}

/** Relative links and anchors of `file` (a path under `root`) that do not resolve. */
export function linkProblems(root: string, file: string): Problem[] {
  const problems: Problem[] = []
  const absolute = path.join(root, file)
  const text = readFileSync(absolute, 'utf8')
  for (const { line, target } of linksOf(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // https:, mailto:, ...
    const hash = target.indexOf('#')
    const filePart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash))
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1))
    const resolved = filePart === '' ? absolute : path.resolve(path.dirname(absolute), filePart)
    if (!resolved.startsWith(root + path.sep) && resolved !== root) {
      problems.push({ file, line, message: `link ${target} leaves the repository` })
      continue
    }
    if (!existsSync(resolved)) {
      problems.push({ file, line, message: `link ${target}: ${path.relative(root, resolved)} does not exist` })
      continue
    }
    if (anchor === undefined || anchor === '') continue
    if (!statSync(resolved).isFile() || !resolved.endsWith('.md')) {
      problems.push({ file, line, message: `link ${target}: an anchor into ${path.relative(root, resolved)}, which is no Markdown file` })
      continue
    }
    const anchors = anchorsOf(resolved === absolute ? text : readFileSync(resolved, 'utf8'))
    if (!anchors.has(anchor)) {
      problems.push({ file, line, message: `link ${target}: no heading with anchor #${anchor} in ${path.relative(root, resolved)}` })
    }
  }
  return problems
}

/** `npm run X` mentions (in prose and code) whose script X is not in `scripts`. */
export function npmRunProblems(file: string, text: string, scripts: Readonly<Record<string, string>>): Problem[] {
  const problems: Problem[] = []
  text.split('\n').forEach((content, index) => {
    for (const match of content.matchAll(/\bnpm run ([A-Za-z0-9:_.-]+)/g)) {
      const name = (match[1] ?? '').replace(/[.:]+$/, '')
      if (!(name in scripts)) problems.push({ file, line: index + 1, message: `npm run ${name}: no script "${name}" in package.json` })
    }
  })
  return problems
}

/** `<!-- consumer-file: PATH -->` markers not followed at once by a fenced block, or with an unsafe path. */
export function consumerMarkerProblems(file: string, text: string): Problem[] {
  const problems: Problem[] = []
  const lines = text.split('\n')
  lines.forEach((content, index) => {
    const target = /^<!--\s*consumer-file:\s*(\S+)\s*-->\s*$/.exec(content)?.[1]
    if (target === undefined) return
    if (!/^\s*(```|~~~)/.test(lines[index + 1] ?? '')) {
      problems.push({ file, line: index + 1, message: `consumer-file ${target}: the next line must open a fenced code block` })
    }
    if (path.isAbsolute(target) || target.split('/').includes('..')) {
      problems.push({ file, line: index + 1, message: `consumer-file ${target}: must be a relative path inside the project` })
    }
  })
  return problems
}

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')
}
