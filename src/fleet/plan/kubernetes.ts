import { stringify } from 'yaml'
import { KubernetesJobSchema, type KubernetesJob } from './kubernetes-job-schema.ts'
import { shellWord, type PlanContext } from './plan-context.ts'

export interface KubernetesOptions {
  /** An image holding the repository with its node_modules installed (its WORKDIR the repository root). */
  image: string
  /** The PersistentVolumeClaim (ReadWriteMany) the shards write their blobs to and the merge reads. */
  volumeClaim: string
  /** The run id every shard shares, fixed when the plan is written. */
  runId: string
}

/** Where the claim is mounted in every pod. */
const RESULTS = '/results'
/** The Secret the API keys are read from (each key optional: a provider without one is reported, as a local run reports it). */
export const KEYS_SECRET = 'llm-bench-keys'

/**
 * Two Jobs: an Indexed Job of `shards` pods, each running `fleet run --shard
 * $((JOB_COMPLETION_INDEX + 1))/N` with its blob written to the shared
 * volume, and a merge Job to apply once the first has completed (`kubectl wait
 * --for=condition=complete`), running `fleet merge` on the volume. The run id
 * is fixed in the plan: write a new plan for each run.
 */
export function kubernetesJobs(context: PlanContext, options: KubernetesOptions): KubernetesJob[] {
  const base = dnsName(context.fleetId)
  const runLabel = labelValue(options.runId)
  const common = { 'app.kubernetes.io/name': 'llm-test-bench', 'llm-test-bench/fleet': labelValue(context.fleetId), 'llm-test-bench/run-id': runLabel }
  const env = context.keyVariables.map((name) => ({ name, valueFrom: { secretKeyRef: { name: KEYS_SECRET, key: name, optional: true } } }))
  const runDir = `${RESULTS}/${options.runId}`
  const labelsOf = (part: 'shards' | 'merge'): Record<string, string> => ({ ...common, 'llm-test-bench/part': part })
  const pod = (name: 'shard' | 'merge', script: string): KubernetesJob['spec']['template'] => ({
    metadata: { labels: labelsOf(name === 'shard' ? 'shards' : 'merge') },
    spec: {
      restartPolicy: 'Never',
      containers: [{ name, image: options.image, command: ['sh', '-c', script], ...(env.length === 0 ? {} : { env }), volumeMounts: [{ name: 'results', mountPath: RESULTS }] }],
      volumes: [{ name: 'results', persistentVolumeClaim: { claimName: options.volumeClaim } }],
    },
  })
  const manifest = shellWord(context.manifest)
  const shards: KubernetesJob = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${base}-shards`, labels: labelsOf('shards') },
    spec: {
      completionMode: 'Indexed',
      completions: context.shards,
      parallelism: context.shards,
      backoffLimit: context.shards,
      template: pod('shard', `exec npx llm-test-bench fleet run ${manifest} --shard "$((JOB_COMPLETION_INDEX + 1))/${context.shards}" --run-id ${shellWord(options.runId)} --base-dir ${RESULTS}`),
    },
  }
  const merge: KubernetesJob = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `${base}-merge`, labels: labelsOf('merge') },
    spec: {
      completions: 1,
      backoffLimit: 1,
      template: pod('merge', `exec npx llm-test-bench fleet merge ${shellWord(`${runDir}/blobs`)} --manifest ${manifest} --shards ${context.shards}`),
    },
  }
  return [KubernetesJobSchema.parse(shards), KubernetesJobSchema.parse(merge)]
}

/** Both Jobs as one YAML file of two documents, with a header saying how to apply them. */
export function kubernetesYaml(context: PlanContext, options: KubernetesOptions, command: string): string {
  const [shards, merge] = kubernetesJobs(context, options) as [KubernetesJob, KubernetesJob]
  const header = [
    `# Written by: ${command}`,
    `# Runs the fleet ${context.fleetId} (run ${options.runId}) as an Indexed Job of ${context.shards} pods on a shared volume, then merges (docs/fleet.md):`,
    `#   kubectl create secret generic ${KEYS_SECRET} --from-literal=OPENAI_API_KEY=...   # the providers' API keys, if any`,
    `#   kubectl apply -f <this file> -l llm-test-bench/part=shards`,
    `#   kubectl wait --for=condition=complete --timeout=2h job/${shards.metadata.name}   # a failed shard is reported by the merge`,
    `#   kubectl apply -f <this file> -l llm-test-bench/part=merge`,
    `# Write a new plan for each run: the run id is fixed in it.`,
  ]
  return `${header.join('\n')}\n${stringify(shards, { lineWidth: 0 })}---\n${stringify(merge, { lineWidth: 0 })}`
}

/** A DNS-1123 label of at most 56 characters (room for "-shards"). */
export function dnsName(text: string): string {
  const name = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56).replace(/-+$/, '')
  return name === '' ? 'llm-fleet' : name
}

function labelValue(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '')
}
