/** Model answers for the compile and AST tests: real TypeScript, TSX and Vue code. */

export const FENCED_IN_PROSE = [
  'Sure! Here is a typed helper:',
  '',
  '```ts',
  'export function add(a: number, b: number): number {',
  '  return a + b',
  '}',
  '```',
  '',
  'It adds two numbers.',
].join('\n')

/** A shell block first, then the TypeScript one (line 7 holds the type error). */
export const SEVERAL_BLOCKS = [
  'Install it first:',
  '```sh',
  'npm install left-pad',
  '```',
  'Then:',
  '```typescript',
  'const count: number = "three"',
  'export { count }',
  '```',
].join('\n')

/** Implicit `any` parameters: fine without strict, errors with it. */
export const LOOSE = 'export function first(items) {\n  return items[0]\n}\n'

export const SYNTAX_ERROR = 'export function broken(a: number {\n  return a\n}\n'

/** Two type errors: line 3 col 9 and line 6 col 3. */
export const TYPE_ERRORS = [
  'interface User { name: string; age: number }',
  'export function label(user: User): string {',
  '  const n: number = user.name',
  '  return `${user.name} (${n})`',
  '}',
  'label({ name: "Ada" })',
].join('\n')

export const TSX = [
  '```tsx',
  'type Props = { label: string; onPress: () => void }',
  'export function Button({ label, onPress }: Props) {',
  '  return <button className="btn" onClick={(event) => { event; onPress() }}>{label.toUpperCase()}</button>',
  '}',
  'export const page = <Button label="Go" onPress={() => undefined} />',
  '```',
].join('\n')

export const TSX_ERROR = TSX.replace('label="Go"', 'label={42}')

export const VUE_OK = `<script setup lang="ts">
import { ref, computed } from 'vue'

interface CounterProps {
  start: number
  step?: number
}

const props = defineProps<CounterProps>()
const count = ref(props.start)
const next = computed(() => count.value + (props.step ?? 1))
</script>

<template>
  <button @click="count = next">{{ count }}</button>
</template>
`

/** Line 10: a number assigned to a string; line 11: a prop that does not exist. */
export const VUE_TYPE_ERROR = VUE_OK.replace(
  'const next = computed(() => count.value + (props.step ?? 1))',
  'const label: string = props.start\nconst other = props.missing',
)

/** Code that would end the process if it ran: the check must never run it. */
export const WOULD_EXIT = 'process.exitCode = 99\nthrow new Error("executed!")\n'
