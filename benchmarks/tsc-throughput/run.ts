/**
 * Checks per second at a run's concurrency: toCompileWithTsc in process (TypeScript 6's API,
 * shared host with cached lib SourceFiles) versus spawning a compiler per check, the
 * approach of seed 004 (`tsc --noEmit` on a temp file): TypeScript 7's native tsc and
 * TypeScript 6's tsc, each in its own temp folder as cwd.
 *
 *   node benchmarks/tsc-throughput/run.ts [--concurrency 16] [--checks 400] [--spawned 48]
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import toCompileWithTsc from '../../src/evaluators/matchers/to-compile-with-tsc.ts'
import { tsSnippet, unfenced, vueSnippet } from './snippets.ts'

const { values } = parseArgs({
  options: { concurrency: { type: 'string', default: '16' }, checks: { type: 'string', default: '400' }, spawned: { type: 'string', default: '48' } },
})
const concurrency = Number(values.concurrency)
const checks = Number(values.checks)
const spawned = Number(values.spawned)
const repo = fileURLToPath(new URL('../../', import.meta.url))

interface Measured {
  label: string
  checks: number
  failed: number
  seconds: number
}

/** Runs `count` jobs with at most `concurrency` at once; returns how many reported a failure. */
async function pool(count: number, job: (i: number) => Promise<boolean>): Promise<number> {
  let next = 0
  let failed = 0
  const runner = async (): Promise<void> => {
    while (next < count) {
      const i = next++
      if (!(await job(i))) failed++
    }
  }
  await Promise.all(Array.from({ length: concurrency }, runner))
  return failed
}

async function measure(label: string, count: number, job: (i: number) => Promise<boolean>): Promise<Measured> {
  const start = performance.now()
  const failed = await pool(count, job)
  const result = { label, checks: count, failed, seconds: (performance.now() - start) / 1000 }
  console.log(`${label.padEnd(44)} ${String(count).padStart(4)} checks ${result.seconds.toFixed(2).padStart(7)} s ${rate(result).toFixed(1).padStart(7)} checks/s (${failed} failed)`)
  return result
}

const rate = (m: Measured): number => m.checks / m.seconds

const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: 'es2022', lib: ['es2023', 'dom', 'dom.iterable'], module: 'esnext', moduleResolution: 'bundler', noEmit: true, skipLibCheck: true, types: [] },
  files: ['output.ts'],
})

function folder(root: string, name: string): string {
  mkdirSync(join(root, name))
  return join(root, name)
}

function spawnTsc(compiler: string, root: string): (i: number) => Promise<boolean> {
  return (i) => {
    const dir = join(root, `check-${i}`)
    mkdirSync(dir)
    writeFileSync(join(dir, 'output.ts'), unfenced(tsSnippet(i)))
    writeFileSync(join(dir, 'tsconfig.json'), TSCONFIG)
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [compiler, '-p', 'tsconfig.json'], { cwd: dir, stdio: 'ignore' })
      child.on('error', reject)
      child.on('exit', (code) => resolve(code === 0))
    })
  }
}

console.log(`node ${process.version}, concurrency ${concurrency}\n`)
const cold = performance.now()
await toCompileWithTsc.evaluate(tsSnippet(1))
console.log(`in process: first check (loads and parses the standard library) ${(performance.now() - cold).toFixed(0)} ms`)
const vueCold = performance.now()
await toCompileWithTsc.evaluate(vueSnippet(1))
console.log(`in process: first Vue check (loads Vue's declarations) ${(performance.now() - vueCold).toFixed(0)} ms\n`)

const inProcess = await measure('toCompileWithTsc in process (.ts)', checks, async (i) => (await toCompileWithTsc.evaluate(tsSnippet(i))).pass)
await measure('toCompileWithTsc in process (Vue SFC)', checks, async (i) => (await toCompileWithTsc.evaluate(vueSnippet(i))).pass)

const root = mkdtempSync(join(tmpdir(), 'tsc-throughput-'))
try {
  const ts7 = await measure('spawn TypeScript 7 tsc per check (native)', spawned, spawnTsc(join(repo, 'node_modules/typescript/bin/tsc'), folder(root, '7')))
  const ts6 = await measure('spawn TypeScript 6 tsc per check', spawned, spawnTsc(join(repo, 'node_modules/typescript6/bin/tsc'), folder(root, '6')))
  console.log(`\nin process vs spawned TypeScript 7 tsc: ${(rate(inProcess) / rate(ts7)).toFixed(1)}x`)
  console.log(`in process vs spawned TypeScript 6 tsc: ${(rate(inProcess) / rate(ts6)).toFixed(1)}x`)
  const expectedFailures = (count: number): number => Math.ceil(count / 4)
  for (const m of [inProcess, ts7, ts6]) {
    if (m.failed !== expectedFailures(m.checks)) console.log(`WARNING: ${m.label} reported ${m.failed} failures, expected ${expectedFailures(m.checks)}`)
  }
} finally {
  rmSync(root, { recursive: true, force: true })
}
