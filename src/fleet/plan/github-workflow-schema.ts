import { z } from 'zod'

/**
 * The structure GitHub Actions requires of a workflow file, as far as a
 * generated fleet workflow uses it (docs.github.com, "Workflow syntax for
 * GitHub Actions"): job ids, `runs-on`, steps with exactly one of `uses` and
 * `run`, `needs` naming jobs that exist (no cycle), and expressions that name
 * only what is in scope (`needs.<job>` of a needed job, `matrix.<key>` of the
 * job's matrix, `steps.<id>` of an earlier step).
 */
const scalar = z.union([z.string(), z.number(), z.boolean()])
const expressionOrBoolean = z.union([z.string(), z.boolean()])

const StepSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/).optional(),
    name: z.string().min(1).optional(),
    if: expressionOrBoolean.optional(),
    uses: z.string().regex(/^(?:[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[A-Za-z0-9_./-]+|\.\/.+|docker:\/\/.+)$/, 'owner/repo@ref, ./path or docker://image').optional(),
    run: z.string().min(1).optional(),
    with: z.record(z.string(), scalar).optional(),
    env: z.record(z.string(), scalar).optional(),
    shell: z.string().optional(),
    'working-directory': z.string().optional(),
    'continue-on-error': expressionOrBoolean.optional(),
    'timeout-minutes': z.number().positive().optional(),
  })
  .refine((step) => (step.uses === undefined) !== (step.run === undefined), { message: 'a step has exactly one of "uses" and "run"' })

const JobSchema = z.strictObject({
  name: z.string().optional(),
  needs: z.union([z.string(), z.array(z.string()).min(1)]).optional(),
  if: expressionOrBoolean.optional(),
  'runs-on': z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  permissions: z.union([z.string(), z.record(z.string(), z.enum(['read', 'write', 'none']))]).optional(),
  environment: z.union([z.string(), z.looseObject({ name: z.string() })]).optional(),
  concurrency: z.union([z.string(), z.strictObject({ group: z.string(), 'cancel-in-progress': expressionOrBoolean.optional() })]).optional(),
  outputs: z.record(z.string(), z.string()).optional(),
  env: z.record(z.string(), scalar).optional(),
  'timeout-minutes': z.number().positive().optional(),
  strategy: z
    .strictObject({
      matrix: z.record(z.string(), z.union([z.array(scalar).min(1), z.string()])),
      'fail-fast': expressionOrBoolean.optional(),
      'max-parallel': z.int().positive().optional(),
    })
    .optional(),
  'continue-on-error': expressionOrBoolean.optional(),
  steps: z.array(StepSchema).min(1),
})

export const GitHubWorkflowSchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    'run-name': z.string().optional(),
    on: z.union([z.string(), z.array(z.string()).min(1), z.record(z.string(), z.unknown())]),
    permissions: z.union([z.string(), z.record(z.string(), z.enum(['read', 'write', 'none']))]).optional(),
    env: z.record(z.string(), scalar).optional(),
    concurrency: z.union([z.string(), z.strictObject({ group: z.string(), 'cancel-in-progress': expressionOrBoolean.optional() })]).optional(),
    jobs: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'a job id starts with a letter or "_" and holds only letters, digits, "-" and "_"'), JobSchema),
  })
  .superRefine((workflow, ctx) => {
    const ids = new Set(Object.keys(workflow.jobs))
    if (ids.size === 0) ctx.addIssue({ code: 'custom', path: ['jobs'], message: 'a workflow has at least one job' })
    const needsOf = (id: string): string[] => {
      const needs = workflow.jobs[id]?.needs
      return needs === undefined ? [] : typeof needs === 'string' ? [needs] : needs
    }
    for (const [id, job] of Object.entries(workflow.jobs)) {
      const needs = needsOf(id)
      for (const need of needs) if (!ids.has(need)) ctx.addIssue({ code: 'custom', path: ['jobs', id, 'needs'], message: `needs "${need}", which is not a job of this workflow` })
      const matrixKeys = new Set(Object.keys(job.strategy?.matrix ?? {}))
      const stepIds: string[] = []
      const check = (text: string, where: PropertyKey[], stepIdsInScope: readonly string[]): void => {
        for (const expression of text.matchAll(/\$\{\{(.*?)\}\}/g)) {
          const body = expression[1] ?? ''
          for (const m of body.matchAll(/\bneeds\.([A-Za-z0-9_-]+)/g)) if (!needs.includes(m[1] ?? '')) ctx.addIssue({ code: 'custom', path: where, message: `uses needs.${m[1]} but job "${id}" does not need it` })
          for (const m of body.matchAll(/\bmatrix\.([A-Za-z0-9_-]+)/g)) if (!matrixKeys.has(m[1] ?? '')) ctx.addIssue({ code: 'custom', path: where, message: `uses matrix.${m[1]} but job "${id}" has no such matrix key` })
          for (const m of body.matchAll(/\bsteps\.([A-Za-z0-9_-]+)/g)) if (!stepIdsInScope.includes(m[1] ?? '')) ctx.addIssue({ code: 'custom', path: where, message: `uses steps.${m[1]}, not an earlier step of job "${id}"` })
        }
      }
      job.steps.forEach((step, i) => {
        for (const [key, value] of Object.entries(step)) if (typeof value === 'string') check(value, ['jobs', id, 'steps', i, key], stepIds)
        for (const [key, value] of Object.entries(step.with ?? {})) if (typeof value === 'string') check(value, ['jobs', id, 'steps', i, 'with', key], stepIds)
        if (step.id !== undefined) {
          if (stepIds.includes(step.id)) ctx.addIssue({ code: 'custom', path: ['jobs', id, 'steps', i, 'id'], message: `step id "${step.id}" twice in job "${id}"` })
          stepIds.push(step.id)
        }
      })
      for (const [key, value] of Object.entries(job.outputs ?? {})) check(value, ['jobs', id, 'outputs', key], stepIds)
      for (const key of ['if', 'runs-on'] as const) {
        const value = job[key]
        if (typeof value === 'string') check(value, ['jobs', id, key], [])
      }
    }
    // needs must not form a cycle
    const state = new Map<string, 'visiting' | 'done'>()
    const visit = (id: string, trail: string[]): void => {
      if (state.get(id) === 'done') return
      if (state.get(id) === 'visiting') {
        ctx.addIssue({ code: 'custom', path: ['jobs', id, 'needs'], message: `jobs need each other in a cycle: ${[...trail, id].join(' -> ')}` })
        return
      }
      state.set(id, 'visiting')
      for (const need of needsOf(id)) if (ids.has(need)) visit(need, [...trail, id])
      state.set(id, 'done')
    }
    for (const id of ids) visit(id, [])
  })

export type GitHubWorkflow = z.output<typeof GitHubWorkflowSchema>
