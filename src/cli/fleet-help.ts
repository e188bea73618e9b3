export const FLEET_HELP = `Usage: llm-test-bench fleet validate <fleet.yaml> [--replay] [--json]
       llm-test-bench fleet run <fleet.yaml> --dry-run [--replay] [--json]
       llm-test-bench fleet run <fleet.yaml> [--wait] [--shards N] [--resume <run-id>]
       llm-test-bench fleet status <run-id> [--base-dir <folder>] [--json]
       llm-test-bench fleet list [--base-dir <folder>] [--json]
       llm-test-bench fleet run <fleet.yaml> --shard i/N --run-id <id> [--base-dir <folder>]
       llm-test-bench fleet merge <run-folder>/blobs [--manifest <fleet.yaml>] [--shards N]
       llm-test-bench fleet plan <fleet.yaml> --for github-actions|kubernetes [--shards N] [--out <file>]

A fleet manifest (YAML or JSON) lists repositories, providers and scenario
profiles; the fleet is every repository x scenario x provider (see
docs/fleet.md).

  validate   checks the manifest and everything it points at: the schema,
             scenario names, repository folders and their datasets (each
             loaded as a run would), provider specs, duplicate ids, API keys,
             num_examples against the datasets' sizes (a warning)
  run        with --dry-run: validates, then prints the matrix (cases per
             repository, scenario and provider, totals, a token and cost
             estimate) and the run id; runs nothing. Without --dry-run: runs
             every repository x scenario as an llmBench project through Vitest
             in {base_dir}/{run-id}/, detached unless --wait
  status     a run's state (running, finished, failed, died) and its cells
  list       every fleet run under --base-dir (default fleet-results)
  merge      vitest --merge-reports on a sharded run's blobs/, then the fleet's
             artifacts; blobs gathered from other machines need --manifest;
             with --shards N a missing blob is a shard that died
  plan       writes the files that run the fleet on N machines: a GitHub
             Actions workflow (plan, a matrix job per shard, merge) or a
             Kubernetes Indexed Job and a merge Job (--image required)

Options:
  --dry-run   print the matrix, run nothing (fleet run)
  --wait      run in this process until the fleet has finished (fleet run)
  --shards N  N Vitest shards in parallel, then merged (default output.shards)
  --resume ID continue a killed fleet run (fleet run)
  --shard i/N run only shard i of N here, one machine of a multi-host run
              (fleet run; needs --run-id, the id every machine shares)
  --manifest  the manifest (fleet merge of blobs from other machines)
  --for       github-actions or kubernetes (fleet plan)
  --out FILE  where fleet plan writes (default: printed)
  --image     the container image holding the repository (fleet plan --for
              kubernetes); --volume-claim the PVC for blobs (llm-bench-results)
  --base-dir  the folder of run folders (fleet status, fleet list; fleet run:
              instead of the manifest's output.base_dir)
  --replay    do not ask for API keys: recordings will be replayed (also
              LLM_BENCH_CACHE=replay)
  --json      print the result as JSON
  -h, --help  this help

Exit code: 0 valid (warnings are printed), 1 the manifest has problems (every
one is printed, at its file:line:column), 2 the command could not run.
`
