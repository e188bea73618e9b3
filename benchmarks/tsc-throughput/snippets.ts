/** Distinct model-like answers for the benchmark: a typed module each; every 4th has a type error. */
export function tsSnippet(i: number): string {
  const broken = i % 4 === 0
  return `\`\`\`ts
export interface Item${i} { id: number; name: string; tags: string[] }

export function summarize${i}(items: Item${i}[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const item of items) {
    for (const tag of item.tags) counts.set(tag, (counts.get(tag) ?? 0) + item.id)
  }
  return counts
}

export const top${i} = (items: Item${i}[], n = ${i % 7 + 1}): string[] =>
  [...summarize${i}(items).entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([tag]) => tag)

const sample: Item${i} = { id: ${i}, name: 'x${i}', tags: ['a', 'b'] }
export const label${i}: string = ${broken ? 'sample.id' : 'sample.name'}
\`\`\``
}

export function vueSnippet(i: number): string {
  return `<script setup lang="ts">
import { computed, ref } from 'vue'
interface Props${i} { title: string; count: number; items: string[] }
const props = defineProps<Props${i}>()
const extra = ref(${i})
const doubled = computed(() => props.count * 2 + extra.value)
${i % 4 === 0 ? 'const wrong: string = doubled.value' : 'const right: number = doubled.value'}
</script>
<template><h1>{{ title }} {{ doubled }}</h1></template>
`
}

/** The code of a fenced snippet, as a file for the spawned tsc. */
export function unfenced(snippet: string): string {
  return snippet.replace(/^```ts\n/, '').replace(/\n```$/, '\n')
}
