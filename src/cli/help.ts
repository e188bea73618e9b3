import type { VitestCommand } from './args.ts'

export const MAIN_HELP = `Usage: llm-test-bench <command> [options]

Runs the llmBench projects of vitest.config.* in the current directory.

Commands:
  run      run the project once (vitest run --project llm)
  watch    run it, then re-run what changes (vitest --project llm)
  bench    bench mode: timed samples per case (vitest bench --project llm)
  runs     list the runs in bench-results: id, start, cases, finished or not

Run "llm-test-bench <command> --help" for a command's options.
`

const COMMON = `Options:
  --project <name>     the llmBench project (default: llm); repeat for several
  --cache <mode>       response cache mode for this run (sets LLM_BENCH_CACHE):
                       off, read-write, record or replay
  -h, --help           this help

Every other argument goes to Vitest unchanged: filters, -t <pattern>,
--maxWorkers=<n>, --reporter=<name>, ... The exit code is Vitest's.`

const RESUME = `  --resume [run-id]    continue the latest unfinished run of the project, or the
                       run with that id (sets LLM_BENCH_RESUME): its folder and
                       id are reused, its finished cases are not run again`

const COMMAND_HELP: Record<VitestCommand, string> = {
  run: `Usage: llm-test-bench run [--project llm] [--resume [run-id]] [--cache <mode>] [vitest args...]

Runs the project once (vitest run --project llm).

${RESUME}
${COMMON}
`,
  watch: `Usage: llm-test-bench watch [--project llm] [--resume [run-id]] [--cache <mode>] [vitest args...]

Runs the project, then re-runs the datasets whose dataset or prompt files
change (vitest --project llm). With --resume, the first run continues an
unfinished run; later runs are new runs.

${RESUME}
${COMMON}
`,
  bench: `Usage: llm-test-bench bench [--project llm] [--cache <mode>] [vitest args...]

Bench mode (vitest bench --project llm): each case runs the project's
bench.warmup times unrecorded, then bench.iterations recorded samples.
Add --run to run once instead of watching. Bench runs are not resumed.

${COMMON}
`,
}

export function commandHelp(command: VitestCommand): string {
  return COMMAND_HELP[command]
}

export const RUNS_HELP = `Usage: llm-test-bench runs [--project llm] [--all] [--output-dir bench-results] [--json]

Lists the runs of a project in the output folder, oldest first: id, start
time (UTC), cases, and whether the run finished. An unfinished run (killed,
crashed or interrupted) can be continued with "llm-test-bench run --resume".

Options:
  --project <name>     the project whose runs to list (default: llm; its bench
                       runs too); repeat for several
  --all                every run in the folder
  --output-dir <dir>   the llmBench outputDir (default: bench-results)
  --json               one JSON array instead of a table
  -h, --help           this help
`
