// Calibration of the significance-aware pass-rate gate (issue 13 §2): node benchmarks/calibration/run.ts [runs]
// Each simulated CI run draws a baseline and a current run of the same cases from a seeded simulated
// provider whose true per-case pass rates are known, writes the baseline with createBaseline, and holds
// the current run against it with evaluateGates (gates.passRate: { maxDrop: 0.05, confidence: 0.95 }).
// Prints, per scenario, the share of runs in which each gate fails; with no change that is the false-alarm rate.
import { mulberry32 } from '../../src/report/stats/prng.ts'
import { baselineOf, ciRun, drawRun, simulateRun, truePassRates, type Population, type RunOutcome, type Scenario } from './simulate.ts'

const runs = Number(process.argv[2] ?? 200)
const confidence = 0.95
const rows: string[][] = []
const percent = (count: number, of = runs): string => `${((count / of) * 100).toFixed(1)}%`
const started = performance.now()

for (const groups of [1, 4] as const) {
  for (const population of ['spread', 'mostly-stable'] as Population[]) {
    for (const repeats of [1, 3]) {
      for (const trueDrop of [0, 0.1]) {
        if (groups === 4 && population === 'mostly-stable') continue
        const scenario: Scenario = { population, cases: 200, repeats, trueDrop, confidence, groups }
        const outcomes: RunOutcome[] = []
        for (let run = 0; run < runs; run++) outcomes.push(simulateRun(scenario, 1_000_003 * (run + 1) + repeats * 7919 + (trueDrop > 0 ? 1 : 0) + groups * 31))
        const count = (test: (o: RunOutcome) => boolean): number => outcomes.filter(test).length
        rows.push([
          groups === 1 ? '1' : '4 (2 datasets × 2 providers)',
          population,
          String(repeats),
          trueDrop === 0 ? 'none' : `${trueDrop * 100} points`,
          percent(count((o) => o.runFails)),
          percent(count((o) => o.gate5 === 'fail')),
          percent(count((o) => o.gate5 === 'inconclusive')),
          percent(count((o) => o.significantDrop)),
          percent(count((o) => o.mcnemarDrop)),
          percent(count((o) => o.plainGate5)),
          percent(count((o) => o.covered)),
        ])
      }
    }
  }
}

const header = ['groups', 'cases spread', 'repeats', 'true drop', 'run fails (passRate gate)', 'overall gate fails', 'overall inconclusive (warns)', 'drop significant', 'McNemar mid-p', 'plain maxPassRateDrop 5pt fails', 'interval covers truth']
console.log(`${runs} simulated CI runs per row, 200 cases, gates.passRate { maxDrop: 0.05, confidence: ${confidence} } through evaluateGates (fresh baseline per run)\n`)
console.log(`| ${header.join(' | ')} |`)
console.log(`| ${header.map(() => '---').join(' | ')} |`)
for (const row of rows) console.log(`| ${row.join(' | ')} |`)

// Small samples (the variants demo: 6 cases × 3 repeats): the interval must widen with few cases
// (Student's t with cases − 1 df and the CR1 factor), or an unchanged system is called a regression.
console.log(`\nSmall samples: ${runs} simulated CI runs per row, gates.passRate { maxDrop: 0.05, confidence: ${confidence} } through evaluateGates\n`)
console.log('| cases | repeats | cases spread | true drop | run fails (passRate gate) | drop significant | interval covers truth |')
console.log('| --- | --- | --- | --- | --- | --- | --- |')
for (const [cases, repeats] of [[6, 3], [12, 3], [30, 1]] as const) {
  for (const trueDrop of [0, 0.3]) {
    const scenario: Scenario = { population: 'spread', cases, repeats, trueDrop, confidence, groups: 1 }
    const outcomes: RunOutcome[] = []
    for (let run = 0; run < runs; run++) outcomes.push(simulateRun(scenario, 424_243 * (run + 1) + cases * 97 + repeats + (trueDrop > 0 ? 1 : 0)))
    const count = (test: (o: RunOutcome) => boolean): number => outcomes.filter(test).length
    console.log(`| ${cases} | ${repeats} | spread | ${trueDrop === 0 ? 'none' : `${trueDrop * 100} points`} | ${percent(count((o) => o.runFails))} | ${percent(count((o) => o.significantDrop))} | ${percent(count((o) => o.covered))} |`)
  }
}

// A committed baseline is one draw: with it fixed, the false-alarm rate of the CI runs that follow
// depends on how lucky that draw was. 10 fixed baselines, 50 no-change CI runs against each.
const baselines = 10
const fixedRuns = 50
console.log(`\nFixed baseline: ${baselines} baselines, ${fixedRuns} no-change CI runs against each; share of runs the passRate gate fails\n`)
console.log('| cases spread | repeats | median over baselines | worst baseline | mean |')
console.log('| --- | --- | --- | --- | --- |')
for (const population of ['spread', 'mostly-stable'] as Population[]) {
  for (const repeats of [1, 3]) {
    const scenario: Scenario = { population, cases: 200, repeats, trueDrop: 0, confidence, groups: 1 }
    const rates: number[] = []
    for (let b = 0; b < baselines; b++) {
      const random = mulberry32(77_777 * (b + 1) + repeats)
      const truth = truePassRates(population, 200, random)
      const passes = drawRun(truth, repeats, random)
      const baseline = baselineOf(scenario, passes)
      let fails = 0
      for (let run = 0; run < fixedRuns; run++) if (ciRun(scenario, truth, passes, baseline, random).runFails) fails++
      rates.push(fails / fixedRuns)
    }
    rates.sort((a, b) => a - b)
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length
    const show = (rate: number): string => `${(rate * 100).toFixed(1)}%`
    console.log(`| ${population} | ${repeats} | ${show(((rates[baselines / 2 - 1] as number) + (rates[baselines / 2] as number)) / 2)} | ${show(rates[rates.length - 1] as number)} | ${show(mean)} |`)
  }
}
console.log(`\n(${((performance.now() - started) / 1000).toFixed(0)} s)`)
