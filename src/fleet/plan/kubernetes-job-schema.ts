import { z } from 'zod'

/**
 * The structure the Kubernetes API server requires of a `batch/v1` Job, as
 * far as the generated fleet Jobs use it (kubernetes.io, "Jobs" and the Job
 * API reference): DNS-1123 names and label values of at most 63 characters,
 * `restartPolicy` Never or OnFailure, an Indexed Job's `completions` set,
 * containers with a name and an image, and every volume mount naming a
 * volume of the pod.
 */
const dnsLabel = z.string().max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit')
const labelValue = z.string().max(63).regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, 'a label value: at most 63 letters, digits, "-", "_", "."')
const labelKey = z.string().regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, 'a label key: [prefix/]name')
const labels = z.record(labelKey, labelValue)

const EnvVarSchema = z.union([
  z.strictObject({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), value: z.string() }),
  z.strictObject({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), valueFrom: z.strictObject({ secretKeyRef: z.strictObject({ name: dnsLabel, key: z.string().min(1), optional: z.boolean().optional() }) }) }),
])

const ContainerSchema = z.strictObject({
  name: dnsLabel,
  image: z.string().min(1),
  workingDir: z.string().startsWith('/').optional(),
  command: z.array(z.string()).min(1),
  env: z.array(EnvVarSchema).optional(),
  volumeMounts: z.array(z.strictObject({ name: dnsLabel, mountPath: z.string().startsWith('/') })).optional(),
  resources: z.looseObject({}).optional(),
})

const PodSpecSchema = z
  .strictObject({
    restartPolicy: z.enum(['Never', 'OnFailure']),
    containers: z.array(ContainerSchema).min(1),
    volumes: z.array(z.strictObject({ name: dnsLabel, persistentVolumeClaim: z.strictObject({ claimName: z.string().min(1).max(253) }) })).optional(),
  })
  .superRefine((spec, ctx) => {
    const volumes = new Set((spec.volumes ?? []).map((v) => v.name))
    spec.containers.forEach((c, i) => {
      ;(c.volumeMounts ?? []).forEach((m, j) => {
        if (!volumes.has(m.name)) ctx.addIssue({ code: 'custom', path: ['containers', i, 'volumeMounts', j, 'name'], message: `mounts volume "${m.name}", which the pod does not declare` })
      })
    })
  })

export const KubernetesJobSchema = z
  .strictObject({
    apiVersion: z.literal('batch/v1'),
    kind: z.literal('Job'),
    metadata: z.strictObject({ name: dnsLabel, labels: labels.optional(), annotations: z.record(z.string(), z.string()).optional() }),
    spec: z.strictObject({
      completionMode: z.enum(['NonIndexed', 'Indexed']).optional(),
      completions: z.int().positive().optional(),
      parallelism: z.int().min(0).optional(),
      backoffLimit: z.int().min(0).optional(),
      ttlSecondsAfterFinished: z.int().min(0).optional(),
      template: z.strictObject({ metadata: z.strictObject({ labels: labels.optional() }).optional(), spec: PodSpecSchema }),
    }),
  })
  .superRefine((job, ctx) => {
    if (job.spec.completionMode === 'Indexed' && job.spec.completions === undefined) ctx.addIssue({ code: 'custom', path: ['spec', 'completions'], message: 'an Indexed Job needs completions' })
  })

export type KubernetesJob = z.output<typeof KubernetesJobSchema>
