import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import { GitHubWorkflowSchema } from '../../src/fleet/plan/github-workflow-schema.ts'
import { dnsName } from '../../src/fleet/plan/kubernetes.ts'
import { KubernetesJobSchema } from '../../src/fleet/plan/kubernetes-job-schema.ts'
import { REPO } from '../helpers/run-vitest.ts'
import { cli } from './run/fleet-run-helpers.ts'
import { fleetWorkspace } from './workspace.ts'

/**
 * `fleet plan --for github-actions|kubernetes`: the files parse as YAML, fit
 * the structure their platforms require (our schemas, themselves tested on
 * broken files), and their shell steps do what they claim when run.
 */
const NODE = path.join(REPO, 'node_modules', '.bin', 'node')
const CLI = path.join(REPO, 'src', 'cli.ts')
const workspace = fleetWorkspace()
afterAll(() => workspace.remove())

const MANIFEST = `fleet_id: Plan_Fleet.With.A.Rather.Long.Name.That.Kubernetes.Would.Refuse.As.Is
version: 1
repositories:
  - { repo_id: docs-bot, path: repos/docs-bot, adapter: generic, datasets: "datasets/**/*.dataset.yaml", scenarios: [summaries] }
providers:
  - openai:gpt-4o-mini
  - openai:stories@http://127.0.0.1:9/v1
scenario_profiles:
  summaries: { dataset: "**/*summaries.dataset.yaml" }
output: { base_dir: results/fleet }
`

interface Step {
  id?: string
  uses?: string
  run?: string
  with?: Record<string, string>
}
interface Job {
  needs?: string | string[]
  if?: string
  env?: Record<string, string>
  outputs?: Record<string, string>
  strategy?: { matrix: { shard: number[] }; 'fail-fast': boolean }
  steps: Step[]
}

describe('fleet plan --for github-actions', () => {
  test('a workflow of plan, one shard job per shard and a merge, valid for GitHub, its paths where the shards write', async () => {
    workspace.write('plan.yaml', MANIFEST)
    const run = await cli(workspace.dir, ['fleet', 'plan', 'plan.yaml', '--for', 'github-actions', '--shards', '3', '--out', '.github/workflows/fleet.yml'])
    expect(run.code, run.output).toBe(0)
    const text = readFileSync(path.join(workspace.dir, '.github/workflows/fleet.yml'), 'utf8')
    const workflow = parse(text) as { on: unknown; jobs: Record<string, Job> }
    expect(GitHubWorkflowSchema.safeParse(workflow).success).toBe(true)
    expect(Object.keys(workflow.jobs)).toEqual(['plan', 'shard', 'merge'])
    const { plan, shard, merge } = workflow.jobs as { plan: Job; shard: Job; merge: Job }
    expect(shard.strategy).toEqual({ matrix: { shard: [1, 2, 3] }, 'fail-fast': false })
    expect(shard.needs).toBe('plan')
    expect(merge.needs).toEqual(['plan', 'shard'])
    expect(merge.if).toContain('!cancelled()')
    // the key of the official OpenAI provider comes from the repository's secrets; the local server needs none
    expect(shard.env).toEqual({ OPENAI_API_KEY: '${{ secrets.OPENAI_API_KEY }}' })
    const runStep = shard.steps.find((s) => s.run?.includes('--shard') === true)
    expect(runStep?.run).toBe('npx llm-test-bench fleet run plan.yaml --shard ${{ matrix.shard }}/3 --run-id ${{ needs.plan.outputs.run-id }}')
    const upload = shard.steps.find((s) => s.uses?.startsWith('actions/upload-artifact') === true)
    expect(upload?.with?.path).toBe('results/fleet/${{ needs.plan.outputs.run-id }}/blobs/blob-${{ matrix.shard }}.json\nresults/fleet/${{ needs.plan.outputs.run-id }}/shards/shard-${{ matrix.shard }}.json\n')
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact') === true)
    expect(download?.with).toMatchObject({ pattern: 'fleet-shard-*', 'merge-multiple': true, path: 'results/fleet/${{ needs.plan.outputs.run-id }}' })
    expect(merge.steps.map((s) => s.run).filter(Boolean)).toContain('npx llm-test-bench fleet merge results/fleet/${{ needs.plan.outputs.run-id }}/blobs --manifest plan.yaml --shards 3')
    // the plan job's id step, run as GitHub runs it (bash, $GITHUB_OUTPUT), with npx llm-test-bench as this checkout's CLI
    const idStep = plan.steps.find((s) => s.id === 'id')
    const output = path.join(workspace.dir, 'github-output.txt')
    const script = (idStep?.run ?? '').replace('npx llm-test-bench', `${NODE} ${CLI}`)
    execFileSync('bash', ['-e', '-c', script], { cwd: workspace.dir, env: { ...process.env, GITHUB_OUTPUT: output, PATH: `${path.dirname(NODE)}:${process.env.PATH ?? ''}` } })
    expect(readFileSync(output, 'utf8')).toMatch(/^run-id=plan_fleet\.with\.a\.rather\.long\.name\.that\.kubernetes\.would\.refuse\.as\.is-\d{8}-\d{6}-[0-9a-f]{8}\n$/i)
    expect(plan.outputs).toEqual({ 'run-id': '${{ steps.id.outputs.run-id }}' })
  }, 120_000)

  test('bad invocations and a broken manifest write nothing', async () => {
    workspace.write('plan.yaml', MANIFEST)
    expect((await cli(workspace.dir, ['fleet', 'plan', 'plan.yaml'])).stderr).toContain('fleet plan needs --for github-actions|kubernetes')
    expect((await cli(workspace.dir, ['fleet', 'plan', 'plan.yaml', '--for', 'nomad'])).stderr).toContain('--for takes github-actions or kubernetes; found "nomad"')
    expect((await cli(workspace.dir, ['fleet', 'plan', 'plan.yaml', '--for', 'kubernetes'])).stderr).toContain('fleet plan --for kubernetes needs --image')
    workspace.write('broken.yaml', MANIFEST.replace('scenarios: [summaries]', 'scenarios: [sumaries]'))
    const broken = await cli(workspace.dir, ['fleet', 'plan', 'broken.yaml', '--for', 'github-actions', '--out', 'never.yml'])
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(/broken\.yaml:4:\d+/)
    expect(existsSync(path.join(workspace.dir, 'never.yml'))).toBe(false)
  }, 120_000)
})

describe('fleet plan --for kubernetes', () => {
  test('an Indexed Job of N pods and a merge Job on one volume, valid for the API server; the shard index arithmetic runs in sh', async () => {
    workspace.write('plan.yaml', MANIFEST)
    const run = await cli(workspace.dir, ['fleet', 'plan', 'plan.yaml', '--for', 'kubernetes', '--shards', '4', '--image', 'ghcr.io/acme/evals:1.4', '--volume-claim', 'evals-rwx'])
    expect(run.code, run.output).toBe(0)
    const docs = parseAllDocuments(run.stdout).map((d) => d.toJS() as unknown)
    expect(docs).toHaveLength(2)
    const [shards, merge] = docs.map((d) => KubernetesJobSchema.parse(d))
    if (shards === undefined || merge === undefined) throw new Error('two Jobs expected')
    expect(shards.metadata.name).toBe(`${dnsName('Plan_Fleet.With.A.Rather.Long.Name.That.Kubernetes.Would.Refuse.As.Is')}-shards`)
    expect(shards.metadata.name.length).toBeLessThanOrEqual(63)
    expect(shards.spec).toMatchObject({ completionMode: 'Indexed', completions: 4, parallelism: 4 })
    expect(shards.metadata.labels?.['llm-test-bench/part']).toBe('shards')
    expect(merge.metadata.labels?.['llm-test-bench/part']).toBe('merge')
    const pod = shards.spec.template.spec
    expect(pod.volumes).toEqual([{ name: 'results', persistentVolumeClaim: { claimName: 'evals-rwx' } }])
    const container = pod.containers[0]
    expect(container?.image).toBe('ghcr.io/acme/evals:1.4')
    expect(container?.env).toEqual([{ name: 'OPENAI_API_KEY', valueFrom: { secretKeyRef: { name: 'llm-bench-keys', key: 'OPENAI_API_KEY', optional: true } } }])
    // the pod's command, with npx swapped for echo, in a real sh with the index Kubernetes sets
    const [sh, flag, script] = container?.command ?? []
    expect([sh, flag]).toEqual(['sh', '-c'])
    const runId = /--run-id (\S+)/.exec(script ?? '')?.[1] ?? ''
    expect(runId).toMatch(/-\d{8}-\d{6}-[0-9a-f]{8}$/)
    const echoed = execFileSync('sh', ['-c', (script ?? '').replace('exec npx', 'echo')], { env: { ...process.env, JOB_COMPLETION_INDEX: '2' }, encoding: 'utf8' })
    expect(echoed.trim()).toBe(`llm-test-bench fleet run plan.yaml --shard 3/4 --run-id ${runId} --base-dir /results`)
    expect(merge.spec.template.spec.containers[0]?.command[2]).toBe(`exec npx llm-test-bench fleet merge /results/${runId}/blobs --manifest plan.yaml --shards 4`)
    expect(run.stdout).toContain(`kubectl wait --for=condition=complete --timeout=2h job/${shards.metadata.name}`)
  }, 120_000)
})

describe('the platform schemas reject what the platforms reject', () => {
  const job = { 'runs-on': 'ubuntu-latest', steps: [{ run: 'true' }] }
  const bad: Array<[string, unknown, RegExp]> = [
    ['a need of no job', { on: 'push', jobs: { a: { ...job, needs: 'ghost' } } }, /needs "ghost"/],
    ['a cycle', { on: 'push', jobs: { a: { ...job, needs: 'b' }, b: { ...job, needs: 'a' } } }, /cycle/],
    ['a step with uses and run', { on: 'push', jobs: { a: { ...job, steps: [{ uses: 'actions/checkout@v4', run: 'x' }] } } }, /exactly one/],
    ['a step with neither', { on: 'push', jobs: { a: { ...job, steps: [{ name: 'x' }] } } }, /exactly one/],
    ['no runs-on', { on: 'push', jobs: { a: { steps: [{ run: 'x' }] } } }, /jobs\.a\.runs-on/],
    ['a bad job id', { on: 'push', jobs: { '1job': job } }, /jobs\.1job: .*key/i],
    ['a matrix key that is not there', { on: 'push', jobs: { a: { ...job, steps: [{ run: 'echo ${{ matrix.nope }}' }] } } }, /matrix\.nope/],
    ['needs. of a job not needed', { on: 'push', jobs: { a: job, b: { ...job, steps: [{ run: 'echo ${{ needs.a.outputs.x }}' }] } } }, /does not need it/],
    ['steps. of a later step', { on: 'push', jobs: { a: { ...job, steps: [{ run: 'echo ${{ steps.later.outputs.x }}' }, { id: 'later', run: 'x' }] } } }, /not an earlier step/],
    ['uses without a ref', { on: 'push', jobs: { a: { ...job, steps: [{ uses: 'actions/checkout' }] } } }, /owner\/repo@ref/],
  ]
  test.each(bad)('GitHub Actions: %s', (_name, workflow, message) => {
    const result = GitHubWorkflowSchema.safeParse(workflow)
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')).toMatch(message)
  })

  const container = { name: 'shard', image: 'node:24', command: ['sh', '-c', 'true'] }
  const pod = { restartPolicy: 'Never', containers: [container] }
  const jobOf = (spec: unknown, name = 'fleet-shards'): unknown => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name }, spec: { template: { spec: pod }, ...(spec as object) } })
  const badJobs: Array<[string, unknown, RegExp]> = [
    ['an upper-case name', jobOf({}, 'Fleet-Shards'), /DNS-1123/],
    ['a name over 63 characters', jobOf({}, 'a'.repeat(64)), /63/],
    ['restartPolicy Always', jobOf({ template: { spec: { ...pod, restartPolicy: 'Always' } } }), /spec\.template\.spec\.restartPolicy/],
    ['an Indexed Job without completions', jobOf({ completionMode: 'Indexed' }), /needs completions/],
    ['a mount of no volume', jobOf({ template: { spec: { ...pod, containers: [{ ...container, volumeMounts: [{ name: 'results', mountPath: '/results' }] }] } } }), /does not declare/],
    ['a container without an image', jobOf({ template: { spec: { ...pod, containers: [{ name: 'x', command: ['true'] }] } } }), /containers\.0\.image/],
    ['apiVersion v1', { ...(jobOf({}) as object), apiVersion: 'v1' }, /batch\/v1/],
  ]
  test.each(badJobs)('Kubernetes: %s', (_name, job, message) => {
    const result = KubernetesJobSchema.safeParse(job)
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')).toMatch(message)
  })
})
