import type { VitestCommand } from './args.ts'

export const MAIN_HELP = `Usage: llm-test-bench <command> [options]

Runs the llmBench projects of vitest.config.* in the current directory.

Commands:
  run      run the project once (vitest run --project llm)
  watch    run it, then re-run what changes (vitest --project llm)
  bench    bench mode: timed samples per case (vitest bench --project llm)
  runs     list the runs in bench-results: id, start, cases, finished or not
  baseline write the baseline from a run (update), or compare a run with it
           and hold it against regression gates (compare)
  recordings prune
           remove recorded responses no current case and provider requests
  fleet validate | fleet run --dry-run
           check a fleet manifest (repositories x providers x scenarios),
           print its matrix with a token and cost estimate
  dataset from-logs <files...> --out FILE
           build a dataset from production logs (sampled, deduplicated, redacted)
  compare [base-run current-run]
           compare two runs: newly failing/passing cases, outputs side by
           side, latency and cost per provider, paired verdicts
  history [reindex]
           the runs over time from the run index: pass rate with its interval,
           p95, cost, commit, and where a change was significant

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
                       id are reused, its finished cases are not run again
  --repeats <n>        run each case n independent times (sets LLM_BENCH_REPEATS;
                       a dataset's or case's repeats wins); Vitest's own
                       --repeats (reruns) goes after --`

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

export const BASELINE_HELP = `Usage: llm-test-bench baseline update [run] [--baseline llm-baseline.json]
                                       [--project llm] [--output-dir bench-results]
       llm-test-bench baseline compare [run] [--baseline llm-baseline.json]
                                       [--project llm] [--output-dir bench-results]
                                       [gate flags] [--json | --markdown]

The baseline is one finished run's outcome per case (status, mean score, per
matcher scores, E2E, cost) and per provider (pass rate, E2E p95 and cost over
the records that called the provider, not the replayed ones). Commit it:
"vitest run" compares every run with it (llmBench option "baseline") and holds
it against the "gates" option.

  update    writes the baseline file from a run (sorted keys: small diffs)
  compare   prints what changed against the baseline: newly failing and newly
            passing cases, score changes of 0.05 or more, new and missing
            cases; then the gates given as flags

[run] is "latest" (the default: the newest finished run of the project, its
bench runs included), a run id in the output folder, or a path to a run
folder or its results.json. In bench mode a case passes when all of its
samples pass.

Options:
  --baseline <file>          the baseline file (default: <project>-baseline.json, llm-baseline.json for llm)
  --project <name>           the llmBench project whose runs "latest" means
                             (default: llm)
  --output-dir <dir>         the llmBench outputDir (default: bench-results)
  -h, --help                 this help

Gate flags (compare; fractions like 0.9 or percentages like 90%):
  --min-pass-rate <r>        the run's pass rate is at least r
  --max-pass-rate-drop <d>   the pass rate fell by at most d (0.05 = 5 points)
  --no-new-failures          no case that passed on the baseline fails now
  --majority                 with --no-new-failures: count a case only when it fails in
                             a majority of its repeats (and passed in a majority before)
  --significant-drop <d>     gates.passRate.maxDrop: fail only when the drop is significant
                             and larger than d; --confidence <c> (0.95), --inconclusive
                             warn|fail (warn)
  --max-p95-increase <x>     per provider, E2E p95 rose by at most x (0.2 = +20%)
  --max-cost-increase <x>    per provider, total cost rose by at most x
  --json                     print the gate report as JSON
  --markdown                 print it as Markdown (for $GITHUB_STEP_SUMMARY)

Exit code: 0 done and every gate passed, 1 a gate failed, 2 the command could
not run (bad flags, no finished run, no or bad baseline file).
`

export const RECORDINGS_HELP = `Usage: llm-test-bench recordings prune [recording file...] [--dry-run]

Recordings (datasets/__recordings__/<dataset>.recording.yaml) keep every
answer a case has been given, keyed by its request hash: a prompt reverted to
an earlier text replays. "prune" removes the entries no current request uses.

It loads every llmBench project of vitest.config.* in the current directory
(as a replay run would: no API key needed), reads their datasets, and builds
each case's request on each of its providers the way the runner does
(provider defaults, dataset and case parameters, the local model's key from
its GGUF file: set LLM_BENCH_MODEL as your runs do). An entry is kept when its
request hash is one of those; every other entry is removed. Files that
nothing would change are not written.

  [recording file...]  only these files (default: the recording file of every
                       dataset of the config)
  --dry-run            list what would be removed; write nothing
  -h, --help           this help

Exit code: 0 done, 2 the command could not run (no config or project, a bad
dataset, a missing or corrupt recording file: the message names the file,
line and field).
`
