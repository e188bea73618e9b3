import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { ProjectShape } from '../overhead/projects.ts'

/**
 * promptfoo 0.123 in its own folder (`npm install --prefix`, once); returns its
 * CLI's script, or null (with the reason printed) when it cannot be installed.
 */
export function installPromptfoo(dir: string): string | null {
  const pkg = join(dir, 'node_modules', 'promptfoo', 'package.json')
  if (!existsSync(pkg)) {
    mkdirSync(dir, { recursive: true })
    try {
      console.log(`installing promptfoo@0.123 into ${dir} ...`)
      execFileSync('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--loglevel=error', 'promptfoo@0.123'], { stdio: 'inherit' })
    } catch (error) {
      console.log(`promptfoo: npm install failed: ${String(error).slice(0, 300)}`)
      return null
    }
  }
  const manifest = JSON.parse(readFileSync(pkg, 'utf8')) as { bin?: string | Record<string, string> }
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.promptfoo
  return bin ? join(dirname(pkg), bin) : null
}

/** The same cases for `promptfoo eval`: an openai-compatible provider at the test server, one regex assertion, 4 CSV files. */
export function writePromptfooProject(dir: string, shape: ProjectShape, baseURL: string): void {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const tests: string[] = []
  for (let f = 0; f < shape.files; f++) {
    const rows = Array.from({ length: shape.casesPerFile }, (_, i) => `case ${i}: tell a story`)
    writeFileSync(join(dir, `cases-${f}.csv`), `prompt\n${rows.join('\n')}\n`)
    tests.push(`  - file://cases-${f}.csv`)
  }
  writeFileSync(
    join(dir, 'promptfooconfig.yaml'),
    `prompts:
  - '{{prompt}}'
providers:
  - id: openai:chat:m
    config:
      apiBaseUrl: ${baseURL}
      apiKey: sk-no-key
      temperature: 0
      max_tokens: 16
defaultTest:
  assert:
    - type: regex
      value: robot
tests:
${tests.join('\n')}
`,
  )
}
