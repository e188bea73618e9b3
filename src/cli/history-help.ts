export const HISTORY_HELP = `Usage: llm-test-bench history [--project llm] [--dataset d] [--provider p]
                              [--last 30] [--output-dir bench-results] [--json]
       llm-test-bench history reindex [--output-dir bench-results]
       llm-test-bench history --html [path] [--project llm] [--dataset d]
                              [--provider p] [--last n] [--output-dir bench-results]

The runs in the output folder, oldest first, from its index
(<output-dir>/history.sqlite, kept up to date at the end of every run): id,
start (UTC), commit (* when the tree had changes), cases, pass rate with its
95% interval, E2E p95, cost, and a mark where the run changed significantly
from the previous run of the same project (or group): "▼ regressed" or
"▲ improved" (mid-p McNemar on the cases both runs ran, p < 0.05).

With --dataset or --provider, one row per run and matching group (dataset x
provider x model x variant), each compared with the group's previous run.

"reindex" makes the index again from the run folders (they are the source of
truth). A missing, damaged or older index is rebuilt on its own.

Options:
  --project <name>     only this project's runs (default: every project)
  --dataset <name>     only this dataset's groups
  --provider <id>      only this provider's groups
  --last <n>           the latest n runs (default: 30)
  --output-dir <dir>   the llmBench outputDir (default: bench-results)
  --json               JSON instead of a table
  --html [path]        write the trend dashboard instead (default
                       <output-dir>/history.html): pass rate with its interval,
                       p95 and cost per run for each dataset x provider, commits
                       on hover, links to each run's report.html, the latest run
                       of each provider/model side by side; every run unless
                       --last is given
  -h, --help           this help

Needs Node 22.13 or later (node:sqlite).
`
