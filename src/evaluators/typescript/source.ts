import { extractCodeBlock } from '../code-block.ts'

export type CodeLanguage = 'ts' | 'tsx' | 'vue'

/** Fence tags that name TypeScript-checkable code, preferred over other blocks. */
export const PREFERRED_FENCES = ['ts', 'typescript', 'tsx', 'vue', 'mts', 'cts', 'jsx'] as const

const FENCE_LANGUAGES: Readonly<Record<string, CodeLanguage>> = {
  ts: 'ts', typescript: 'ts', mts: 'ts', cts: 'ts', js: 'ts', javascript: 'ts', mjs: 'ts',
  tsx: 'tsx', jsx: 'tsx', vue: 'vue',
}

/** The code a matcher checks, where it sits in the received text, and its language. */
export interface ModelCode {
  code: string
  language: CodeLanguage
  /** 0-based line of the received text where `code` starts. */
  startLine: number
  fenced: boolean
}

/** Picks the code out of a (possibly Markdown) answer and decides its language: option, fence tag, then content. */
export function modelCode(received: string, language?: CodeLanguage): ModelCode {
  const block = extractCodeBlock(received, { prefer: PREFERRED_FENCES })
  const fromFence = block.language === null ? undefined : FENCE_LANGUAGES[block.language]
  return { code: block.code, language: language ?? fromFence ?? languageOf(block.code), startLine: block.startLine, fenced: block.fenced }
}

/** A Vue SFC starts with a top-level `<script>` or `<template>`; closing tags or `/>` suggest TSX; else TS. */
export function languageOf(code: string): CodeLanguage {
  if (/^\s*<(script|template)\b/m.test(code)) return 'vue'
  if (/<\/[A-Za-z]|\/>/.test(code)) return 'tsx'
  return 'ts'
}

/** A piece of the received text that is checked: its content and where its first character sits. */
export interface Segment {
  content: string
  /** 0-based line and column, in the received text, of the content's first character. */
  line: number
  column: number
}

/**
 * Several segments checked as one virtual file (a Vue `<script>` then `<script setup>`),
 * joined by line breaks; maps the file's 0-based line/column back to the received text.
 */
export class LineMap {
  readonly text: string
  readonly #starts: Array<{ virtualLine: number; segment: Segment }> = []

  constructor(segments: readonly Segment[]) {
    let virtualLine = 0
    for (const segment of segments) {
      this.#starts.push({ virtualLine, segment })
      virtualLine += segment.content.split('\n').length
    }
    this.text = segments.map((segment) => segment.content).join('\n')
  }

  /** The received text's 1-based line and column for the virtual file's 0-based ones. */
  toReceived(line: number, column: number): { line: number; column: number } {
    const start = [...this.#starts].reverse().find((entry) => entry.virtualLine <= line) ?? this.#starts[0]
    if (start === undefined) return { line: line + 1, column: column + 1 }
    const within = line - start.virtualLine
    return { line: start.segment.line + within + 1, column: (within === 0 ? start.segment.column : 0) + column + 1 }
  }
}
