import { describe, expect, test } from 'vitest'
import type { SystemReport } from '../../../src/metrics/system/types.ts'
import type { CaseRecord } from '../../../src/record/schema.ts'
import { formatSummaryMarkdown, MAX_FAILING_CASES } from '../../../src/report/artifacts/markdown.ts'
import { escapeMarkdown, fenced } from '../../../src/report/artifacts/markdown-text.ts'
import { buildRunResults, type RunInfo } from '../../../src/report/run-results.ts'
import { at, NO_RESPONSE, record, regex, rubric } from './fixtures.ts'

const info: RunInfo = { runId: 'llm-20260101-000000-abcdef12', project: 'llm', mode: 'run', startedAt: new Date(0), endedAt: new Date(1000), reason: 'failed' }
const timings = (e2eMs: number, ttftMs: number): CaseRecord['timings'] => ({ queueMs: 0, ttftMs, e2eMs, tpotMs: 5, itlMs: [5], streamed: true })
const records = [
  record({ caseId: 'one', provider: 'gpt', model: 'gpt-4o', cost: 0.002, timings: timings(100, 20), startedAt: at(0), endedAt: at(1) }),
  record({
    caseId: 'two|<b>x</b>',
    provider: 'gpt',
    model: 'gpt-4o',
    cost: 0.004,
    status: 'failed',
    evaluations: [regex(false), rubric(0.5, { calls: 2, inputTokens: 100, outputTokens: 10, cost: 0.0001 })],
    timings: timings(300, 40),
    startedAt: at(0),
    endedAt: at(2),
  }),
  record({ caseId: 'one', provider: 'local', model: 'stories', cost: null, timings: timings(50, 5), startedAt: at(0), endedAt: at(1) }),
  record({ caseId: 'two|<b>x</b>', provider: 'local', model: 'stories', status: 'error', error: { class: 'timeout', message: 'no answer\nin 30000 ms | gave up' }, ...NO_RESPONSE }),
]

describe('summary.md', () => {
  const md = formatSummaryMarkdown(buildRunResults(info, records, []))
  const lines = md.split('\n')

  test('a header with the run id, mode and reason, and the overall pass rate', () => {
    expect(lines[0]).toBe('## llm-test-bench: llm (run)')
    expect(md).toContain('Run `llm-20260101-000000-abcdef12` · failed · 2 cases · 2 providers')
    // Wilson 2/4 at 95%: [0.150039, 0.849961], ±35.0 points
    expect(md).toContain('**Pass rate: 50.0% ±35.0 [15.0–85.0]** (2 passed, 1 failed, 1 errored, 0 timed out, 0 skipped)')
  })

  test('a table per provider: pass rate, E2E p50/p95, TTFT p50, tok/s, tokens, cost (unknown marked ?)', () => {
    const start = lines.indexOf('### By provider')
    expect(lines.slice(start + 2, start + 6)).toEqual([
      '| provider | model | cases | pass rate | E2E p50 | E2E p95 | TTFT p50 | out tok/s | tokens in / out | cost |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      // E2E [100, 300]: p50 200, p95 290; 10 output tokens over the 300 ms in flight (both sent at 0 s)
      // Wilson 1/2: [0.094531, 0.905469]
      '| gpt | gpt-4o | 2 | 50.0% ±40.5 [9.5–90.5] | 200ms | 290ms | 30ms | 33.3 | 20 / 10 | $0.0060 |',
      // 5 output tokens over its one call's 50 ms
      '| local | stories | 2 | 50.0% ±40.5 [9.5–90.5] | 50ms | 50ms | 5.0ms | 100 | 10 / 5 | ? |',
    ])
  })

  test('a table per dataset', () => {
    const start = lines.indexOf('### By dataset')
    expect(lines[start + 2]).toBe('| dataset | cases | passed | failed | errored | pass rate | E2E p50 | E2E p95 | TTFT p50 | out tok/s | cost |')
    // 15 output tokens over the 300 ms in flight (three calls sent at 0 s, the longest 300 ms)
    expect(lines[start + 4]).toBe('| d | 4 | 2 | 1 | 1 | 50.0% ±35.0 [15.0–85.0] | 100ms | 280ms | 20ms | 50.0 | $0.0060+? |')
  })

  test('failing cases with why; untrusted text escaped so a pipe, HTML or a newline cannot break the table', () => {
    const start = lines.indexOf('### Failing cases (2)')
    expect(start).toBeGreaterThan(0)
    expect(lines.slice(start + 4, start + 6)).toEqual([
      '| d | two\\|\\<b\\>x\\</b\\> | gpt | failed | toMatchRegex: no match for /x/; toSatisfyRubric: judge openai:judge: weighted score 0.5 |',
      '| d | two\\|\\<b\\>x\\</b\\> | local | error | timeout: no answer in 30000 ms \\| gave up |',
    ])
  })

  test('errors by class, the unknown cost and the judge apart', () => {
    expect(md).toContain('### Errors by class\n\n| class | records |\n| --- | ---: |\n| timeout | 1 |')
    expect(md).toContain('- Cost unknown for 1 record (no price for the model)')
    expect(md).toContain('- Judge (not in the totals above): 2 calls for 1 evaluation, 100 input + 10 output tokens, cost $0.0001.')
  })

  test('no GPU line without a system report; extra sections come last, in order', () => {
    expect(md).not.toContain('GPU')
    const extra = formatSummaryMarkdown(buildRunResults(info, records, []), ['### Gates\n\nall passed', '### More'])
    expect(extra.endsWith('### Gates\n\nall passed\n\n### More\n')).toBe(true)
  })

  test('the GPU line: the reason when unavailable, else average and peak utilization', () => {
    const unavailable = system({ gpuUnavailable: 'GPU sampling unavailable: nvidia-smi not found on PATH' })
    expect(formatSummaryMarkdown(buildRunResults(info, records, [], { system: unavailable }))).toContain('- GPU: GPU sampling unavailable: nvidia-smi not found on PATH\n')
    const sampled = system({ gpuUnavailable: null, warnings: ['average GPU utilization 41% during local cases'] })
    const md2 = formatSummaryMarkdown(buildRunResults(info, records, [], { system: sampled }))
    expect(md2).toContain('- GPU (1 GPU): utilization avg 63%, peak 98%, memory peak 2048 MiB.')
    expect(md2).toContain('- ⚠️ average GPU utilization 41% during local cases')
  })

  test('failing cases are capped at 50 with "and N more"', () => {
    const many = Array.from({ length: 57 }, (_, i) => record({ caseId: `c${String(i).padStart(2, '0')}`, status: 'failed', evaluations: [regex(false)] }))
    const text = formatSummaryMarkdown(buildRunResults(info, many, []))
    expect(text).toContain('### Failing cases (57)')
    expect(text.match(/^\| d \| c\d\d \|/gm)).toHaveLength(MAX_FAILING_CASES)
    expect(text).toContain('| d | c49 |')
    expect(text).not.toContain('| d | c50 |')
    expect(text).toContain('… and 7 more (all in `csv/cases.csv` and `results.json`)')
  })

  test('bench mode: samples columns, failing samples counted, and the most variable cases', () => {
    const samples = [100, 200, 300, 400].map((e2e, n) => record({ caseId: 'x', sample: n, timings: timings(e2e, 10), status: n === 2 ? 'failed' : 'passed', evaluations: [regex(n !== 2)] }))
    const text = formatSummaryMarkdown(buildRunResults({ ...info, mode: 'bench' }, samples, []))
    expect(text).toContain('## llm-test-bench: llm (bench)')
    expect(text).toContain('1 case · 4 samples · 1 provider')
    expect(text).toContain('| provider | model | cases | samples | pass rate |')
    expect(text).toContain('| d | x | p | failed (1/4 samples) | toMatchRegex: no match for /x/ |')
    // CV sqrt(0.2) = 44.7%
    expect(text).toContain('| d | x | p | 4 | 3 | 100ms | 250ms | 400ms | 44.7% |')
  })

  test('failing groups in key order (dataset, case, provider, variant), passing twins of a failing case id left out; cases counted per dataset', () => {
    const fail = (over: Partial<CaseRecord> & { caseId: string }): CaseRecord => record({ status: 'failed', evaluations: [regex(false)], ...over })
    const mixed = [
      record({ caseId: 'x', dataset: 'b' }),
      fail({ caseId: 'x', dataset: 'a', provider: 'q', sample: 0 }),
      record({ caseId: 'x', dataset: 'a', provider: 'q', sample: 1 }),
      record({ caseId: 'x', dataset: 'a', provider: 'p', sample: 0 }),
      fail({ caseId: 'y', dataset: 'a', provider: 'p', sample: 0 }),
      fail({ caseId: 'x', dataset: 'a', provider: 'p', sample: 1 }),
      record({ caseId: 'y', dataset: 'a', provider: 'p', sample: 1, status: 'skipped', evaluations: [] }),
      record({ caseId: 'z', dataset: 'a' }),
    ]
    const text = formatSummaryMarkdown(buildRunResults({ ...info, mode: 'bench' }, mixed, []))
    expect(text).toContain('4 cases · ')
    const rows = text.split('\n').filter((line) => /^\| [ab] \| [xyz] \| .* samples\) \|/.test(line))
    expect(rows).toEqual([
      '| a | x | p | failed (1/2 samples) | toMatchRegex: no match for /x/ |',
      '| a | x | q | failed (1/2 samples) | toMatchRegex: no match for /x/ |',
      '| a | y | p | failed (1/1 samples) | toMatchRegex: no match for /x/ |',
    ])
    expect(text).toContain('### Failing cases (3)')
  })

  test('a dataset that could not be loaded is shown in a fence it cannot close', () => {
    const text = formatSummaryMarkdown(buildRunResults(info, records, [{ file: '/x/bad.dataset.yaml', message: 'bad.dataset.yaml:1:1 ```oops```' }]))
    expect(text).toContain('### Datasets not run (1)\n\n````text\nbad.dataset.yaml:1:1 ```oops```\n````')
  })
})

describe('Markdown escaping', () => {
  test('pipes, HTML, emphasis, links, math and line breaks are escaped', () => {
    expect(escapeMarkdown('a|b <script>*x* [l](javascript:) $m$ `c`\nnext\r\nend')).toBe('a\\|b \\<script\\>\\*x\\* \\[l\\](javascript:) \\$m\\$ \\`c\\` next end')
  })

  test('a fence is longer than any backtick run inside', () => {
    expect(fenced('plain')).toBe('```text\nplain\n```')
    expect(fenced('a ```` b')).toBe('`````text\na ```` b\n`````')
  })
})

function system(over: Partial<SystemReport>): SystemReport {
  const avgPeak = (avg: number | null, peak: number | null): { avg: number | null; peak: number | null; samples: number } => ({ avg, peak, samples: 10 })
  return {
    gpuUnavailable: null,
    hosts: ['h'],
    gpus: [{ index: 0, name: 'NVIDIA H100', host: 'h' }],
    gpu: { utilizationPct: avgPeak(63.2, 98), memoryUsedMiB: avgPeak(1500, 2048), temperatureC: avgPeak(50, 60), powerW: avgPeak(200, 300) },
    host: { cpuPct: avgPeak(20, 40), memoryUsedBytes: avgPeak(1e9, 2e9) },
    byProvider: {},
    warnings: [],
    samples: { gpu: [], host: [] },
    ...over,
  }
}
