export const FLEET_HELP = `Usage: llm-test-bench fleet validate <fleet.yaml> [--replay] [--json]
       llm-test-bench fleet run <fleet.yaml> --dry-run [--replay] [--json]
       llm-test-bench fleet run <fleet.yaml> [--wait] [--shards N] [--resume <run-id>]
       llm-test-bench fleet status <run-id> [--base-dir <folder>] [--json]
       llm-test-bench fleet list [--base-dir <folder>] [--json]
       llm-test-bench fleet merge <run-folder>/blobs

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
  merge      vitest --merge-reports on a sharded run's blobs/

Options:
  --dry-run   print the matrix, run nothing (fleet run)
  --wait      run in this process until the fleet has finished (fleet run)
  --shards N  N Vitest shards in parallel, then merged (default output.shards)
  --resume ID continue a killed fleet run (fleet run)
  --base-dir  the folder of run folders (fleet status, fleet list)
  --replay    do not ask for API keys: recordings will be replayed (also
              LLM_BENCH_CACHE=replay)
  --json      print the result as JSON
  -h, --help  this help

Exit code: 0 valid (warnings are printed), 1 the manifest has problems (every
one is printed, at its file:line:column), 2 the command could not run.
`
