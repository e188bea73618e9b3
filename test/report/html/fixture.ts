import type { GpuSample, HostSample, SystemReport, AvgPeak } from '../../../src/metrics/system/types.ts'
import type { CaseRecord, Evaluation } from '../../../src/record/schema.ts'
import type { GateReport } from '../../../src/report/gates/types.ts'
import { buildRunResults, type RunResults } from '../../../src/report/run-results.ts'

/**
 * Realistic results for the report's tests and its screenshot: four providers
 * (two priced APIs, a local Ollama model on the GPU, a vLLM server on the LAN
 * with no known price), four datasets, streamed timings, errors, timeouts,
 * judge usage, a GPU timeline and gates. Deterministic (seeded).
 */

export const EVIL = {
  script: '<script>window.__pwned=1</script>',
  img: '<img src=x onerror="window.__pwned=1">',
  breakout: '</script><script>window.__pwned=1</script>',
}
export const EVIL_TEXT = `${EVIL.script} ${EVIL.img} ${EVIL.breakout} \u2028 & <!-- -->`

interface ProviderProfile {
  provider: string
  providerType: string
  model: string
  ttft: [number, number]
  tokensPerSecond: number
  /** USD per 1M input / output tokens; null: unknown price. */
  price: [number, number] | null
  passBias: number
  concurrency: number
}

export const PROVIDERS: ProviderProfile[] = [
  { provider: 'openai:gpt-4o-mini', providerType: 'openai', model: 'gpt-4o-mini', ttft: [280, 650], tokensPerSecond: 85, price: [0.15, 0.6], passBias: 0.9, concurrency: 32 },
  { provider: 'anthropic:claude-haiku-4-5', providerType: 'anthropic', model: 'claude-haiku-4-5', ttft: [380, 900], tokensPerSecond: 70, price: [1, 5], passBias: 0.93, concurrency: 16 },
  { provider: 'ollama:llama3.2', providerType: 'ollama', model: 'llama3.2', ttft: [60, 220], tokensPerSecond: 48, price: [0, 0], passBias: 0.62, concurrency: 4 },
  { provider: 'openai:qwen2.5-7b@http://gpu-box:8000/v1', providerType: 'openai', model: 'qwen2.5-7b-instruct', ttft: [45, 160], tokensPerSecond: 130, price: null, passBias: 0.78, concurrency: 8 },
]

const DATASETS = [
  { name: 'coding', category: 'typescript', prompt: (id: string) => `Write a TypeScript function for "${id}". Use strict types, no any, and explain edge cases in one sentence.` },
  { name: 'reasoning', category: 'math', prompt: (id: string) => `Solve step by step (${id}): a train leaves at 9:40 and travels 171 km at 76 km/h. When does it arrive? Answer as HH:MM on the last line.` },
  { name: 'summarization', category: 'news', prompt: (id: string) => `Summarize the article ${id} in three bullet points for a busy engineer. Keep every number that appears in it.` },
  { name: 'instruction-following', category: null, prompt: (id: string) => `Return JSON {"title": string, "tags": string[]} for the note ${id}. No prose, no code fence.` },
]

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface FixtureOptions {
  /** Cases per dataset and provider. */
  casesPerDataset?: number
  /** Bench mode: samples per case. */
  samples?: number
  seed?: number
  /** Add cases whose texts try to inject markup and scripts. */
  evil?: boolean
  runStart?: number
}

export const RUN_START = Date.UTC(2026, 4, 12, 9, 30, 0)

export function makeRecords(options: FixtureOptions = {}): CaseRecord[] {
  const random = rng(options.seed ?? 7)
  const perDataset = options.casesPerDataset ?? 3
  const samples = options.samples ?? 0
  const runStart = options.runStart ?? RUN_START
  const records: CaseRecord[] = []
  for (const [p, profile] of PROVIDERS.entries()) {
    // each provider works through its cases with its own concurrency, all providers at once
    const lanes = new Array<number>(Math.min(profile.concurrency, 8)).fill(runStart + p * 1500)
    for (const dataset of DATASETS) {
      for (let n = 0; n < perDataset; n++) {
        const caseId = `${dataset.name.slice(0, 4)}-${String(n + 1).padStart(4, '0')}`
        for (let s = 0; s < Math.max(1, samples); s++) {
          const lane = lanes.indexOf(Math.min(...lanes))
          const record = makeRecord(random, profile, dataset, caseId, samples > 0 ? s : null, lanes[lane] as number)
          lanes[lane] = Date.parse(record.endedAt) + 20
          records.push(record)
        }
      }
    }
  }
  if (options.evil) records.push(...evilRecords(runStart))
  return records
}

function makeRecord(
  random: () => number,
  profile: ProviderProfile,
  dataset: (typeof DATASETS)[number],
  caseId: string,
  sample: number | null,
  start: number,
): CaseRecord {
  const roll = random()
  const status: CaseRecord['status'] = roll < 0.015 ? 'skipped' : roll < 0.04 ? 'error' : roll < 0.055 ? 'timeout' : random() < profile.passBias ? 'passed' : 'failed'
  const prompt = dataset.prompt(caseId)
  const queueMs = Math.round(random() * 40)
  const base = {
    runId: null,
    dataset: dataset.name,
    datasetFile: `datasets/builtin/${dataset.name}.dataset.yaml`,
    caseId,
    category: dataset.category,
    provider: profile.provider,
    providerType: profile.providerType,
    model: profile.model,
    requestHash: hex(random) + hex(random),
    prompt,
    serverTimings: null,
    cached: false,
    sample,
  }
  if (status === 'skipped') {
    return { ...base, output: null, finishReason: null, status, error: null, usage: { inputTokens: null, outputTokens: null, source: 'none' }, cost: null, timings: null, attempts: 0, retries: 0, evaluations: [], startedAt: iso(start), endedAt: iso(start) }
  }
  if (status === 'error' || status === 'timeout') {
    const took = status === 'timeout' ? 60_000 : 300 + random() * 2000
    const error = status === 'timeout'
      ? { class: 'timeout', message: `no response within 60000 ms from ${profile.provider}` }
      : random() < 0.6
        ? { class: 'rate_limit', message: '429 Too Many Requests: rate limit reached for requests (retried 3 times, Retry-After 2s)' }
        : { class: 'connection', message: `connect ECONNRESET while reading the stream from ${profile.provider}` }
    return { ...base, output: null, finishReason: null, status, error, usage: { inputTokens: null, outputTokens: null, source: 'none' }, cost: null, timings: null, attempts: status === 'error' ? 4 : 1, retries: status === 'error' ? 3 : 0, evaluations: [], startedAt: iso(start), endedAt: iso(start + took) }
  }
  const inputTokens = Math.round(prompt.length / 3.6 + 40)
  const outputTokens = Math.round(60 + random() * 340)
  const ttft = profile.ttft[0] + random() * (profile.ttft[1] - profile.ttft[0])
  const tpot = (1000 / profile.tokensPerSecond) * (0.8 + random() * 0.5)
  const e2e = ttft + (outputTokens - 1) * tpot
  const gaps = Math.min(outputTokens - 1, 48)
  const itlMs = Array.from({ length: gaps }, () => round(((outputTokens - 1) * tpot / gaps) * (0.6 + random() * 0.8)))
  const passed = status === 'passed'
  const cost = profile.price === null ? null : (inputTokens * profile.price[0] + outputTokens * profile.price[1]) / 1e6
  const record: CaseRecord = {
    ...base,
    output: outputFor(dataset.name, caseId, outputTokens),
    finishReason: 'stop',
    status,
    error: null,
    usage: { inputTokens, outputTokens, source: 'provider' },
    cost,
    timings: { queueMs, ttftMs: round(ttft), e2eMs: round(e2e), tpotMs: round(tpot), itlMs, streamed: true },
    attempts: 1,
    retries: 0,
    evaluations: evaluationsFor(dataset.name, passed, random),
    startedAt: iso(start),
    endedAt: iso(start + queueMs + e2e),
  }
  if (cost === null) record.costNote = `no price known for ${profile.model}: add one with the provider's "price" option`
  if (profile.providerType === 'ollama') record.serverTimings = { prompt_eval_duration_ms: round(ttft * 0.7), eval_duration_ms: round(e2e - ttft), eval_count: outputTokens }
  return record
}

function outputFor(dataset: string, caseId: string, tokens: number): string {
  switch (dataset) {
    case 'coding':
      return `Here is a typed implementation for ${caseId}:\n\n\`\`\`ts\nexport function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {\n  let timer: ReturnType<typeof setTimeout> | undefined\n  return (...args: A) => {\n    clearTimeout(timer)\n    timer = setTimeout(() => fn(...args), ms)\n  }\n}\n\`\`\`\n\nEdge case: calls within ${tokens % 97} ms of each other collapse into one.`
    case 'reasoning':
      return `171 km / 76 km/h = 2.25 h = 2 h 15 min.\n9:40 + 2:15 = 11:55.\n11:55`
    case 'summarization':
      return `- Revenue rose 12% to $4.1B in Q3 (${caseId}).\n- The company cut 3 of 11 product lines.\n- Guidance for Q4: 8\u201310% growth, margins flat.`
    default:
      return `{"title": "Note ${caseId}", "tags": ["planning", "q3", "follow-up"]}`
  }
}

function evaluationsFor(dataset: string, passed: boolean, random: () => number): Evaluation[] {
  const score = passed ? 0.8 + random() * 0.2 : random() * 0.6
  switch (dataset) {
    case 'coding':
      return [
        { name: 'toContainReferences', pass: passed, score: round(score), threshold: 0.75, reason: passed ? 'found 4 of 4 references: debounce, setTimeout, clearTimeout, generic' : 'found 1 of 4 references; missing: clearTimeout, generic, setTimeout' },
        { name: 'toCompileWithTsc', pass: passed || random() < 0.5, score: passed ? 1 : 0, threshold: 1, reason: passed ? 'compiles with strict: true' : "error TS7006: Parameter 'args' implicitly has an 'any' type." },
      ]
    case 'reasoning':
      return [{ name: 'toMatchRegex', pass: passed, score: passed ? 1 : 0, threshold: 1, reason: passed ? 'last line matches /^11:55$/' : 'last line "11:45" does not match /^11:55$/' }]
    case 'summarization': {
      const judgeIn = Math.round(600 + random() * 300)
      const judgeOut = Math.round(80 + random() * 60)
      return [{
        name: 'toSatisfyRubric',
        pass: passed,
        score: round(score),
        threshold: 0.7,
        reason: passed ? 'all criteria met: three bullets, numbers kept, no opinion' : 'criterion "keeps every number" failed: 4.1B missing',
        details: { judge: { provider: 'openai', model: 'gpt-4o', calls: 1, inputTokens: judgeIn, outputTokens: judgeOut, cost: (judgeIn * 2.5 + judgeOut * 10) / 1e6, costNote: null, attempts: 1, retries: 0 } },
      }]
    }
    default:
      return [{ name: 'toMatchJsonSchema', pass: passed, score: passed ? 1 : 0, threshold: 1, reason: passed ? 'valid against the schema' : '/tags: expected array, got string' }]
  }
}

/** Cases whose every untrusted text tries to inject markup or script. */
function evilRecords(runStart: number): CaseRecord[] {
  const evalReason = `reason ${EVIL_TEXT}`
  return [
    {
      runId: null, dataset: 'xss', datasetFile: 'datasets/xss.dataset.yaml', caseId: `evil-${EVIL.script}`, category: `cat ${EVIL.img}`,
      provider: 'openai:gpt-4o-mini', providerType: 'openai', model: 'gpt-4o-mini', requestHash: 'deadbeefdeadbeef',
      prompt: `prompt ${EVIL_TEXT}`, output: `output ${EVIL_TEXT}`, finishReason: 'stop', status: 'failed', error: null,
      usage: { inputTokens: 40, outputTokens: 30, source: 'provider' }, cost: null, costNote: `note ${EVIL.img}`,
      timings: { queueMs: 1, ttftMs: 200, e2eMs: 900, tpotMs: 24, itlMs: [20, 28], streamed: true }, serverTimings: null,
      attempts: 1, retries: 0, cached: false,
      evaluations: [{ name: `toMatch${EVIL.img}`, pass: false, score: 0, threshold: 1, reason: evalReason }],
      sample: null, startedAt: iso(runStart + 1000), endedAt: iso(runStart + 1900),
    },
    {
      runId: null, dataset: 'xss', datasetFile: 'datasets/xss.dataset.yaml', caseId: `evil-error-${EVIL.breakout}`, category: null,
      provider: 'openai:gpt-4o-mini', providerType: 'openai', model: 'gpt-4o-mini', requestHash: 'feedfacefeedface',
      prompt: `prompt ${EVIL_TEXT}`, output: null, finishReason: null, status: 'error', error: { class: `bad_request ${EVIL.img}`, message: `message ${EVIL_TEXT}` },
      usage: { inputTokens: null, outputTokens: null, source: 'none' }, cost: null, timings: null, serverTimings: null,
      attempts: 1, retries: 0, cached: false, evaluations: [], sample: null, startedAt: iso(runStart + 1000), endedAt: iso(runStart + 1200),
    },
  ]
}

/** A plausible GPU and host timeline: the GPU busy while the Ollama model's cases run. */
export function makeSystem(records: readonly CaseRecord[], options: { gpu?: boolean; intervalMs?: number } = {}): SystemReport {
  const intervalMs = options.intervalMs ?? 1000
  const random = rng(99)
  const start = Math.min(...records.map((r) => Date.parse(r.startedAt))) - 3000
  const end = Math.max(...records.map((r) => Date.parse(r.endedAt))) + 3000
  // the local model's cases in flight at each instant: a sweep over sorted starts and ends
  const local = records.filter((r) => r.providerType === 'ollama' && r.timings)
  const starts = local.map((r) => Date.parse(r.startedAt)).sort((a, b) => a - b)
  const ends = local.map((r) => Date.parse(r.endedAt)).sort((a, b) => a - b)
  let started = 0
  let ended = 0
  const host = 'bench-01'
  const gpuSamples: Array<GpuSample & { host: string }> = []
  const hostSamples: Array<HostSample & { host: string }> = []
  for (let t = start; t <= end; t += intervalMs) {
    while (started < starts.length && (starts[started] as number) <= t) started++
    while (ended < ends.length && (ends[ended] as number) < t) ended++
    const inFlight = started - ended
    const load = Math.min(1, inFlight / 3)
    const util = Math.round(Math.min(100, load * (78 + random() * 20) + random() * 4))
    if (options.gpu !== false) {
      gpuSamples.push({ t, host, gpu: 0, utilizationPct: util, memoryUsedMiB: Math.round(inFlight > 0 || t > start + 4000 ? 6900 + load * 2400 + random() * 300 : 480), memoryTotalMiB: 24564, temperatureC: Math.round(42 + load * 30), powerW: Math.round(60 + load * 320) })
      gpuSamples.push({ t, host, gpu: 1, utilizationPct: Math.round(random() * 6), memoryUsedMiB: 410, memoryTotalMiB: 24564, temperatureC: 38, powerW: 24 })
    }
    hostSamples.push({ t, host, cpuPct: round(18 + load * 22 + random() * 12), memoryUsedBytes: Math.round((21 + load * 3.5 + random()) * 1024 ** 3), memoryTotalBytes: 64 * 1024 ** 3 })
  }
  const avgPeak = (values: Array<number | null>): AvgPeak => {
    const known = values.filter((v): v is number => v !== null)
    return { avg: known.length ? known.reduce((a, b) => a + b, 0) / known.length : null, peak: known.length ? Math.max(...known) : null, samples: known.length }
  }
  const gpuSummary = (list: GpuSample[]) => ({
    utilizationPct: avgPeak(list.map((s) => s.utilizationPct)),
    memoryUsedMiB: avgPeak(list.map((s) => s.memoryUsedMiB)),
    temperatureC: avgPeak(list.map((s) => s.temperatureC)),
    powerW: avgPeak(list.map((s) => s.powerW)),
  })
  const hostSummary = (list: HostSample[]) => ({ cpuPct: avgPeak(list.map((s) => s.cpuPct)), memoryUsedBytes: avgPeak(list.map((s) => s.memoryUsedBytes)) })
  const byProvider: SystemReport['byProvider'] = {}
  for (const p of PROVIDERS) {
    const mine = records.filter((r) => r.provider === p.provider && r.timings)
    const from = Math.min(...mine.map((r) => Date.parse(r.startedAt)))
    const to = Math.max(...mine.map((r) => Date.parse(r.endedAt)))
    byProvider[p.provider] = { gpu: gpuSummary(gpuSamples.filter((s) => s.t >= from && s.t <= to)), host: hostSummary(hostSamples.filter((s) => s.t >= from && s.t <= to)) }
  }
  const gpuOk = options.gpu !== false
  return {
    gpuUnavailable: gpuOk ? null : 'GPU sampling unavailable: nvidia-smi not found on PATH',
    hosts: [host],
    gpus: gpuOk ? [{ host, index: 0, name: 'NVIDIA GeForce RTX 4090' }, { host, index: 1, name: 'NVIDIA GeForce RTX 4090' }] : [],
    gpu: gpuSummary(gpuSamples),
    host: hostSummary(hostSamples),
    byProvider,
    warnings: gpuOk ? ['GPU 1 (NVIDIA GeForce RTX 4090) averaged 3% utilization while ollama:llama3.2 ran: is the model on GPU 0 only?'] : [],
    samples: { gpu: gpuSamples, host: hostSamples },
  }
}

export function makeGates(): GateReport {
  const newlyFailing = [
    { dataset: 'coding', caseId: 'codi-0002', provider: 'ollama:llama3.2', before: 'passed' as const, after: 'failed' as const, scoreBefore: 0.92, scoreAfter: 0.31 },
    { dataset: 'reasoning', caseId: 'reas-0001', provider: 'openai:qwen2.5-7b@http://gpu-box:8000/v1', before: 'passed' as const, after: 'error' as const, scoreBefore: 1, scoreAfter: null },
  ]
  return {
    baseline: {
      baselineFile: 'bench-results/baseline.json',
      baselineRunId: 'llm-20260511-181204-a41c09de',
      passRate: { before: 0.84, after: 0.8 },
      newlyFailing,
      newlyPassing: [{ dataset: 'summarization', caseId: 'summ-0003', provider: 'anthropic:claude-haiku-4-5', before: 'failed', after: 'passed', scoreBefore: 0.55, scoreAfter: 0.9 }],
      scoreChanges: [],
      newCases: [],
      missingCases: [],
    },
    baselineNote: null,
    gates: [
      { gate: 'minPassRate', passed: true, limit: 0.75, actual: 0.8, message: 'pass rate 80.0% is at least 75.0%' },
      { gate: 'noNewFailures', passed: false, limit: true, actual: 2, message: '2 cases passed on the baseline and fail now', cases: newlyFailing.map((c) => `${c.dataset} › ${c.caseId} › ${c.provider}`) },
      { gate: 'maxP95LatencyIncrease', provider: 'openai:gpt-4o-mini', passed: true, limit: 0.2, actual: 0.04, values: { before: 5410, after: 5626 }, message: 'p95 E2E rose 4.0% (limit +20.0%)' },
      { gate: 'maxCostIncrease', provider: 'ollama:llama3.2', passed: true, limit: 0.1, actual: null, skipped: 'only replayed cases', message: 'not checked: every record was replayed' },
    ],
    passed: false,
  }
}

export function makeResults(options: FixtureOptions & { system?: 'gpu' | 'no-gpu' | 'none'; gates?: boolean; mode?: string } = {}): RunResults {
  const records = makeRecords(options)
  const runStart = options.runStart ?? RUN_START
  const end = Math.max(...records.map((r) => Date.parse(r.endedAt)))
  const mode = options.mode ?? (options.samples ? 'bench' : 'run')
  const runId = `llm${mode === 'bench' ? '-bench' : ''}-20260512-093000-5f3a9c1e`
  return buildRunResults(
    { runId, project: 'llm', mode, startedAt: new Date(runStart), endedAt: new Date(end + 500), reason: 'failed' },
    records.map((r) => ({ ...r, runId })),
    options.evil ? [{ file: `datasets/broken-${EVIL.img}.dataset.yaml`, message: `line 3, column 5: cases[0].id: expected a string, found ${EVIL.script}` }] : [],
    {
      system: options.system === 'none' ? null : makeSystem(records, { gpu: options.system !== 'no-gpu' }),
      gates: options.gates === false ? null : makeGates(),
    },
  )
}

function iso(ms: number): string {
  return new Date(Math.round(ms)).toISOString()
}

function round(v: number): number {
  return Math.round(v * 100) / 100
}

function hex(random: () => number): string {
  return Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0')
}
