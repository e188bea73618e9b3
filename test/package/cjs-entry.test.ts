import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * `require('llm-test-bench')` (package.json exports "require"): what a vitest.config.ts in a
 * "type": "commonjs" project does once Vite bundles it to CommonJS. Runs real Node on the built
 * dist/ (npm install's prepare and CI's build make it).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const ENTRY = fileURLToPath(new URL('../../cjs/index.cjs', import.meta.url))

function node(flags: string[], code: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [...flags, '-e', code], { encoding: 'utf8', cwd: ROOT })
  return { status: run.status, stdout: run.stdout, stderr: run.stderr }
}

describe.skipIf(!existsSync(new URL('../../dist/index.js', import.meta.url)))('the CommonJS entry', () => {
  it('loads the ES module build with require: llmBench works from a CommonJS config', () => {
    const run = node([], `const { llmBench } = require(${JSON.stringify(ENTRY)}); console.log(llmBench({ name: 'llm' }).test.name)`)
    expect(run.stdout.trim(), run.stderr).toBe('llm')
    expect(run.status).toBe(0)
  })

  it('where Node cannot require ES modules, the error names the fix', () => {
    const run = node(['--no-experimental-require-module'], `require(${JSON.stringify(ENTRY)})`)
    expect(run.status).not.toBe(0)
    expect(run.stderr).toContain('llm-test-bench is an ES module')
    expect(run.stderr).toContain('Rename the config to vitest.config.mts, or set "type": "module" in package.json (npm pkg set type=module)')
  })
})
