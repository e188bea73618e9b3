import { afterAll, expect, test } from 'vitest'
import { createBaseline } from '../../src/report/gates/create-baseline.ts'
import { startOpenAITestServer } from '../helpers/openai-test-server.ts'
import { cleanupAll, configSource, createProject, describeRun, yamlDataset } from '../helpers/run-vitest.ts'

/**
 * A baseline file that is there but cannot be used is a visible warning even
 * when no gate is configured (the gate report, which says it otherwise, is
 * empty then): real Vitest runs, which still exit 0.
 */

afterAll(({}, suite) => cleanupAll(suite))

test('an unreadable baseline, one of another project and one of an unknown version are each a warning, with no gate configured', async () => {
  const server = await startOpenAITestServer({ answer: 'an answer' })
  const providers = [{ type: 'openai', model: 'm', baseURL: server.baseURL }]
  const project = await createProject({
    config: configSource(`{ name: 'llm', datasets: 'datasets/*.dataset.yaml', providers: ${JSON.stringify(providers)}, report: { html: false, csv: false } }`),
    files: { 'datasets/a.dataset.yaml': yamlDataset('a', ['one']) },
  })
  const first = await project.run(['run', '--project', 'llm'])
  expect(first.code, describeRun(first)).toBe(0)
  expect(first.stdout + first.stderr).not.toContain('warning: the baseline') // no file: nothing to say
  const baseline = createBaseline(first.results())

  const cases: Array<[string, string, RegExp]> = [
    ['not JSON', '{ "version": 1, ', /warning: the baseline was not compared: llm-baseline\.json: not a baseline: the file is not valid JSON/],
    ['another project', JSON.stringify({ ...baseline, project: 'other' }), /warning: the baseline was not compared: llm-baseline\.json is the baseline of project "other", not of "llm"/],
    ['unknown version', JSON.stringify({ ...baseline, version: 99 }), /warning: the baseline was not compared: llm-baseline\.json: baseline format version 99 is not supported/],
  ]
  for (const [what, text, warning] of cases) {
    await project.write('llm-baseline.json', text)
    const run = await project.run(['run', '--project', 'llm'])
    expect(run.code, `${what}\n${describeRun(run)}`).toBe(0)
    expect(run.stdout + run.stderr, what).toMatch(warning)
  }
  // a usable baseline is compared, with no warning
  await project.write('llm-baseline.json', JSON.stringify(baseline))
  const good = await project.run(['run', '--project', 'llm'])
  expect(good.stdout + good.stderr).not.toContain('warning: the baseline')
  await server.close()
}, 240_000)
