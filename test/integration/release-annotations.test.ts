import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { cleanupAll, createProject, describeRun, SRC_INDEX, type VitestRun } from '../helpers/run-vitest.ts'

/**
 * A passed case is not annotated (and any annotations it has leave Vitest's
 * main process after its result) when none of the run's reporters reads them
 * later (default: Vitest's own default reporter prints only failed tests'
 * annotations), and is annotated and keeps them when one does (JUnit,
 * verbose, a reporter of the user's own). What Vitest's main process holds at the end is read by
 * a plugin of the user's config (`configureVitest`, as Vitest starts to close), and what
 * the user sees from Vitest's reporters and our artifacts.
 */

afterAll(({}, suite) => cleanupAll(suite))

const ANSWER = `export default async function answer(input: { prompt: string }): Promise<string> {
  return 'answer to ' + input.prompt
}
`

const DATASET = [
  'name: a',
  'test_cases:',
  '  - id: passes',
  '    prompt: p',
  '    assert:',
  '      - toMatchRegex: { pattern: "answer" }',
  '  - id: fails',
  '    prompt: q',
  '    assert:',
  '      - toMatchRegex: { pattern: "never there" }',
  '',
].join('\n')

/** A root plugin writes each dataset test's annotations as Vitest's main process has them when Vitest closes. */
const CONFIG = `import { writeFileSync } from 'node:fs'
import { defineConfig } from 'vitest/config'
import { llmBench } from ${JSON.stringify(SRC_INDEX)}

export default defineConfig({
  plugins: [{
    name: 'annotations-probe',
    configureVitest({ vitest }) {
      // read as Vitest starts to close (its projects' close clears the test tree), not as a reporter: a reporter of the user's own may read annotations, so it would keep them
      // how many annotations of each test reached the main process (Vitest reports each one to the reporters)
      const annotated = {}
      const report = vitest.report.bind(vitest)
      vitest.report = (name, ...args) => {
        if (name === 'onTestCaseAnnotate') annotated[args[0].name] = (annotated[args[0].name] ?? 0) + 1
        return report(name, ...args)
      }
      const close = vitest.close.bind(vitest)
      vitest.close = () => {
        const held = {}
        const visit = (task) => {
          if (task.type === 'test') held[task.name] = task.annotations.map((a) => a.type)
          for (const child of task.tasks ?? []) visit(child)
        }
        for (const file of vitest.state.getFiles()) visit(file)
        writeFileSync('held-annotations.json', JSON.stringify(held))
        writeFileSync('annotated.json', JSON.stringify(annotated))
        return close()
      }
    },
  }],
  test: {
    projects: [llmBench({ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: [{ type: 'function', module: './answer.ts', id: 'fn' }] })],
  },
})
`

async function run(reporters: string[]): Promise<{ run: VitestRun; held: Record<string, string[]>; annotated: Record<string, number> }> {
  const project = await createProject({ config: CONFIG, files: { 'answer.ts': ANSWER, 'datasets/a.dataset.yaml': DATASET, 'quiet-reporter.ts': 'export default class QuietReporter {}\n' } })
  const result = await project.run(['run', '--project', 'llm', ...reporters.map((r) => `--reporter=${r}`), '--outputFile.junit=junit.xml'])
  const held = JSON.parse(readFileSync(path.join(project.dir, 'held-annotations.json'), 'utf8')) as Record<string, string[]>
  if (Object.keys(held).length === 0) throw new Error(`no test held at the end: ${describeRun(result)}`)
  const annotated = JSON.parse(readFileSync(path.join(project.dir, 'annotated.json'), 'utf8')) as Record<string, number>
  return { run: result, held, annotated }
}

/** The annotations a test of this case holds at the end (its test is named after the case). */
function heldBy(held: Record<string, string[]>, caseId: string): string[] {
  const name = Object.keys(held).find((n) => n.includes(caseId))
  if (name === undefined) throw new Error(`no test for ${caseId} in ${JSON.stringify(held)}`)
  return held[name] ?? []
}

/** How many annotations of this case's test reached the main process. */
function sentBy(annotated: Record<string, number>, caseId: string): number {
  return Object.entries(annotated).find(([n]) => n.includes(caseId))?.[1] ?? 0
}

const ALL = ['llm-bench:output', 'llm-bench:scores', 'llm-bench:metrics']

describe("a passed case's annotations in Vitest's main process", () => {
  test('with the default reporter a passed case is not annotated and holds none; a failed case keeps its annotations, printed in the failure', async () => {
    const { run: result, held, annotated } = await run(['default'])
    expect(result.code, describeRun(result)).toBe(1)
    // the worker did not annotate the passed case at all (the main process said nothing reads it)
    expect(sentBy(annotated, 'passes')).toBe(0)
    expect(sentBy(annotated, 'fails')).toBe(3)
    expect(heldBy(held, 'passes')).toEqual([])
    expect(heldBy(held, 'fails')).toEqual(ALL)
    // the default reporter's failure block still shows the failed case's annotations
    const printed = result.stdout + result.stderr
    expect(printed).toContain('llm-bench:output')
    expect(printed).toContain('answer to q')
    // the records keep what the annotations said
    const cases = result.results().cases
    expect(cases.map((c) => [c.caseId, c.status])).toEqual([['fails', 'failed'], ['passes', 'passed']])
    expect(cases.find((c) => c.caseId === 'passes')?.output).toBe('answer to p')
  })

  test('with a reporter that reads them at the end (JUnit) they stay, and JUnit writes them', async () => {
    const { run: result, held, annotated } = await run(['default', 'junit'])
    expect(result.code, describeRun(result)).toBe(1)
    expect(sentBy(annotated, 'passes')).toBe(3)
    expect(heldBy(held, 'passes')).toEqual(ALL)
    const xml = readFileSync(path.join(result.dir, 'junit.xml'), 'utf8')
    expect(xml).toContain('<property name="llm-bench:output" value="answer to p (11 chars)">')
  })

  test('with the verbose reporter (which prints them as each result comes) they stay and are printed', async () => {
    const { run: result, held } = await run(['verbose'])
    expect(result.code, describeRun(result)).toBe(1)
    expect(heldBy(held, 'passes')).toEqual(ALL)
    expect(result.stdout).toContain('answer to p')
  })

  test("with a reporter of the user's own (which may read them) they stay", async () => {
    const { run: result, held } = await run(['default', './quiet-reporter.ts'])
    expect(result.code, describeRun(result)).toBe(1)
    expect(heldBy(held, 'passes')).toEqual(ALL)
  })
})
