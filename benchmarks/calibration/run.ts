// Calibration of the significance-aware pass-rate gate (issue 13 §2): node benchmarks/calibration/run.ts [runs]
// Each simulated CI run draws a baseline and a current run of the same cases from a seeded simulated
// provider whose true per-case pass rates are known, and compares them paired at 95%. Prints, per
// scenario, the share of runs in which each gate fails; with no change that is the false-alarm rate.
import { mulberry32 } from '../../src/report/stats/prng.ts'
import { compareWithBaseline, drawRun, simulateRun, truePassRates, type Population, type RunOutcome, type Scenario } from './simulate.ts'

const runs = Number(process.argv[2] ?? 200)
const confidence = 0.95
const rows: string[][] = []
const percent = (count: number): string => `${((count / runs) * 100).toFixed(1)}%`

for (const population of ['spread', 'mostly-stable'] as Population[]) {
  for (const repeats of [1, 3]) {
    for (const trueDrop of [0, 0.1]) {
      const scenario: Scenario = { population, cases: 200, repeats, trueDrop, confidence }
      const outcomes: RunOutcome[] = []
      for (let run = 0; run < runs; run++) outcomes.push(simulateRun(scenario, 1_000_003 * (run + 1) + repeats * 7919 + (trueDrop > 0 ? 1 : 0)))
      const count = (test: (o: RunOutcome) => boolean): number => outcomes.filter(test).length
      rows.push([
        population,
        String(repeats),
        trueDrop === 0 ? 'none' : `${trueDrop * 100} points`,
        percent(count((o) => o.significantDrop)),
        percent(count((o) => o.gate5 === 'fail')),
        percent(count((o) => o.gate5 === 'inconclusive')),
        percent(count((o) => o.mcnemarDrop)),
        percent(count((o) => o.plainGate5)),
        percent(count((o) => o.covered)),
      ])
    }
  }
}

const header = ['cases spread', 'repeats', 'true drop', 'fails: drop significant', 'fails: gate maxDrop 5pt', 'inconclusive (5pt)', 'fails: McNemar mid-p', 'fails: plain 5pt gate', 'interval covers truth']
console.log(`${runs} simulated CI runs per row, 200 cases, paired at ${confidence * 100}% (fresh baseline per run)\n`)
console.log(`| ${header.join(' | ')} |`)
console.log(`| ${header.map(() => '---').join(' | ')} |`)
for (const row of rows) console.log(`| ${row.join(' | ')} |`)

// A committed baseline is one draw: with it fixed, the false-alarm rate of the CI runs that follow
// depends on how lucky that draw was. 100 fixed baselines, 200 no-change CI runs against each.
const baselines = 100
const fixedRuns = 200 // per baseline, whatever [runs] says
console.log(`\nFixed baseline: ${baselines} baselines, ${fixedRuns} no-change CI runs against each; share of runs where the drop is significant\n`)
console.log('| cases spread | repeats | median over baselines | 90th percentile | worst baseline | mean |')
console.log('| --- | --- | --- | --- | --- | --- |')
for (const population of ['spread', 'mostly-stable'] as Population[]) {
  for (const repeats of [1, 3]) {
    const scenario: Scenario = { population, cases: 200, repeats, trueDrop: 0, confidence }
    const rates: number[] = []
    for (let b = 0; b < baselines; b++) {
      const random = mulberry32(77_777 * (b + 1) + repeats)
      const truth = truePassRates(population, 200, random)
      const baseline = drawRun(truth, repeats, random)
      let fails = 0
      for (let run = 0; run < fixedRuns; run++) if (compareWithBaseline(scenario, truth, baseline, random).significantDrop) fails++
      rates.push(fails / fixedRuns)
    }
    rates.sort((a, b) => a - b)
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length
    const show = (rate: number): string => `${(rate * 100).toFixed(1)}%`
    console.log(`| ${population} | ${repeats} | ${show(((rates[49] as number) + (rates[50] as number)) / 2)} | ${show(rates[89] as number)} | ${show(rates[rates.length - 1] as number)} | ${show(mean)} |`)
  }
}
