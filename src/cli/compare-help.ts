export const COMPARE_HELP = `Usage: llm-test-bench compare [base-run current-run] [options]
       llm-test-bench compare [current-run] [--base previous|merge-base|<run>]

Compares two finished runs of one project, case by case (paired by dataset,
case id, provider and variant; with repeats, by pass fraction): newly failing
and newly passing cases with their outputs side by side, matcher score changes,
latency (E2E and TTFT p50/p95) and cost per provider, and the paired verdicts
(regressed, improved, or no detectable change with the smallest change the
sample could detect). A run is a run id in the output folder, a run folder, or
a results.json. Default: the newest finished run against the one before it.

Options:
  --base <which>       the base run when at most one run is named: previous
                       (default; the newest finished run before it, same
                       project and mode), merge-base (the newest run made at
                       the merge base of HEAD and main/master or origin's
                       default branch; needs results.json provenance), or a run
  --project <name>     the llmBench project (default: llm)
  --output-dir <dir>   where the run folders are (default: bench-results)
  --markdown           Markdown for a pull-request comment (text escaped)
  --json               the comparison as JSON (schema: src/history/compare/schema.ts)
  --fail-on-regression exit 1 when a verdict says regressed
  -h, --help           this help

Exit codes: 0 compared, 1 a verdict regressed (with --fail-on-regression),
2 the runs could not be compared (none found, unfinished, another project's,
a damaged results.json: the message names the file).
`
