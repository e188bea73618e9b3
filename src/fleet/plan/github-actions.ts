import { stringify } from 'yaml'
import { GitHubWorkflowSchema, type GitHubWorkflow } from './github-workflow-schema.ts'
import { shellWord, type PlanContext } from './plan-context.ts'

const CHECKOUT = { uses: 'actions/checkout@v4' }
const SETUP_NODE = { uses: 'actions/setup-node@v4', with: { 'node-version': 24, cache: 'npm' } }
const INSTALL = { run: 'npm ci' }

/**
 * A GitHub Actions workflow that runs the fleet on `shards` machines: a `plan`
 * job fixes the run id every machine shares (from `fleet run --dry-run
 * --json`), a matrix job runs one Vitest shard per machine (`fleet run
 * --shard i/N`, a blob report) and uploads its blob, and a `merge` job (also
 * when a shard failed) gathers the blobs and runs `fleet merge`, then uploads
 * the fleet's artifacts. API keys come from the repository's secrets of the
 * same names.
 */
export function githubActionsWorkflow(context: PlanContext): GitHubWorkflow {
  const { manifest, shards } = context
  const runId = '${{ needs.plan.outputs.run-id }}'
  const runDir = `${context.baseDir}/${runId}`
  const env = Object.fromEntries(context.keyVariables.map((v) => [v, `\${{ secrets.${v} }}`]))
  const workflow = {
    name: `LLM fleet ${context.fleetId}`,
    on: { workflow_dispatch: {} },
    permissions: { contents: 'read' },
    concurrency: { group: `llm-fleet-${context.fleetId}-\${{ github.ref }}`, 'cancel-in-progress': false },
    jobs: {
      plan: {
        'runs-on': 'ubuntu-latest',
        outputs: { 'run-id': '${{ steps.id.outputs.run-id }}' },
        steps: [
          CHECKOUT,
          SETUP_NODE,
          INSTALL,
          {
            id: 'id',
            name: 'Fix the run id every shard shares',
            run: `echo "run-id=$(npx llm-test-bench fleet run ${shellWord(manifest)} --dry-run --json --replay | node -p 'JSON.parse(require("fs").readFileSync(0, "utf8")).runId')" >> "$GITHUB_OUTPUT"`,
          },
        ],
      },
      shard: {
        needs: 'plan',
        'runs-on': 'ubuntu-latest',
        'timeout-minutes': 120,
        strategy: { 'fail-fast': false, matrix: { shard: Array.from({ length: shards }, (_, i) => i + 1) } },
        ...(Object.keys(env).length === 0 ? {} : { env }),
        steps: [
          CHECKOUT,
          SETUP_NODE,
          INSTALL,
          { name: 'Run this shard', run: `npx llm-test-bench fleet run ${shellWord(manifest)} --shard \${{ matrix.shard }}/${shards} --run-id ${runId}` },
          {
            name: 'Upload the shard\'s blob report',
            if: '${{ always() }}',
            uses: 'actions/upload-artifact@v4',
            with: {
              name: 'fleet-shard-${{ matrix.shard }}',
              path: `${runDir}/blobs/blob-\${{ matrix.shard }}.json\n${runDir}/shards/shard-\${{ matrix.shard }}.json\n`,
              'if-no-files-found': 'warn',
              'retention-days': 7,
            },
          },
        ],
      },
      merge: {
        needs: ['plan', 'shard'],
        if: "${{ !cancelled() && needs.plan.result == 'success' }}",
        'runs-on': 'ubuntu-latest',
        steps: [
          CHECKOUT,
          SETUP_NODE,
          INSTALL,
          { name: 'Gather the shards\' blobs', uses: 'actions/download-artifact@v4', with: { pattern: 'fleet-shard-*', 'merge-multiple': true, path: runDir } },
          { name: 'Merge into the fleet\'s artifacts', run: `npx llm-test-bench fleet merge ${runDir}/blobs --manifest ${shellWord(manifest)} --shards ${shards}` },
          { name: 'Upload the fleet\'s artifacts', if: '${{ always() }}', uses: 'actions/upload-artifact@v4', with: { name: 'fleet-results', path: runDir } },
        ],
      },
    },
  }
  return GitHubWorkflowSchema.parse(workflow)
}

/** The workflow as a YAML file, with a header saying how it was made. */
export function githubActionsYaml(context: PlanContext, command: string): string {
  return `# Written by: ${command}\n# Runs the fleet ${context.fleetId} as ${context.shards} shards on ${context.shards} machines, then merges them (docs/fleet.md).\n${stringify(githubActionsWorkflow(context), { lineWidth: 0 })}`
}
