export const DATASET_HELP = `Usage: llm-test-bench dataset from-logs <files...> --out FILE [options]

Builds a dataset file from production logs (JSONL, one object a line):
  {timestamp, input | messages, output, feedback, metadata}     production samples
  {request: {model, messages}, response: {choices, usage}}      OpenAI chat-completions logs
  (also request.body / response.body, and Batch API input lines {custom_id, body})
  results.jsonl of an llm-test-bench run
Bad lines are reported with file:line and skipped; it fails only when none is usable.
E-mail addresses, phone numbers and API keys are redacted before anything is written.

Options:
  -o, --out FILE              the dataset to write (e.g. datasets/prod.dataset.yaml)
  --strategy S                random (default), feedback-weighted or stratified
  --by PATH                   field to stratify by (default metadata.category)
  --count N                   how many cases (default: every usable line)
  --seed S                    seed of the sampling (default 1): same seed, same file
  --since T                   only lines from the last T (30d, 12h, 2w) or since an ISO date
  --require-labels            only lines with feedback
  --expected M                none (default), output (the production output becomes
                              "expected") or reference (it becomes a reference)
  --dedup M                   near (default), exact or none
  --near-threshold J          near-duplicate similarity, 0..1 (default 0.8)
  --redact REGEX              also redact matches of REGEX (repeatable)
  --name NAME                 the dataset's name (default: from the out file)
  -h, --help                  this help
`
