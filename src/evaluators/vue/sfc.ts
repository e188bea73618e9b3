import { compileScript, parse, type SFCDescriptor } from '@vue/compiler-sfc'
import type { Segment } from '../typescript/source.ts'

/** A problem Vue's own compiler reports, at a 0-based position of the SFC. */
export interface VueProblem {
  line: number
  column: number
  message: string
}

export interface VueScripts {
  descriptor: SFCDescriptor | null
  /** `<script>` then `<script setup>` contents, where they sit in the SFC. */
  segments: Segment[]
  /** The `lang` of `<script setup>`: null when it has none, undefined when there is no `<script setup>`. */
  setupLang: string | null | undefined
  /** `tsx` when a script says `lang="tsx"`. */
  kind: 'ts' | 'tsx'
  problems: VueProblem[]
}

interface Located {
  message: string
  loc?: { start: { line: number; column: number } } | null
}

/**
 * Reads an SFC with Vue's compiler: `parse` (syntax), then `compileScript` (macro rules:
 * `defineProps` arguments, bindings...) for its errors only. The scripts' own text is what
 * gets type-checked: compileScript's output types the props as `any`, which would hide
 * every props error, while the script text plus Vue's global macro types keeps them.
 */
export function readVueScripts(source: string, filename = 'component.vue'): VueScripts {
  const { descriptor, errors } = parse(source, { filename, sourceMap: false, ignoreEmpty: false })
  const problems = errors.map((error) => located(error as Located))
  const blocks = [descriptor.script, descriptor.scriptSetup].filter((block) => block !== null)
  const segments = blocks.map((block) => ({ content: block.content, line: block.loc.start.line - 1, column: block.loc.start.column - 1 }))
  const kind = blocks.some((block) => block.lang === 'tsx') ? 'tsx' : 'ts'
  if (problems.length === 0 && blocks.length > 0) {
    try {
      compileScript(descriptor, { id: 'llm-bench-check', inlineTemplate: false, sourceMap: false })
    } catch (error) {
      const start = blocks[blocks.length - 1]?.loc.start
      problems.push({ line: (start?.line ?? 1) - 1, column: 0, message: firstLine(error) })
    }
  }
  const setupLang = descriptor.scriptSetup ? (descriptor.scriptSetup.lang ?? null) : undefined
  return { descriptor, segments, setupLang, kind, problems }
}

function located(error: Located): VueProblem {
  const start = error.loc?.start
  return { line: (start?.line ?? 1) - 1, column: (start?.column ?? 1) - 1, message: error.message }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return (message.split('\n')[0] ?? message).replace(/^\[@vue\/compiler-sfc\]\s*/, '')
}

/** Pulls Vue's declarations into the program: its `declare global` gives the macros (`defineProps`...). */
export const VUE_PRELUDE = "import type {} from 'vue'\nexport {}\n"
