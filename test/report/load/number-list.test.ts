import { expect, test } from 'vitest'
import { summarize } from '../../../src/metrics/percentile.ts'
import { NumberList } from '../../../src/report/load/number-list.ts'

test('NumberList.distribution gives exactly what summarize gives (non-finite values left out)', () => {
  let seed = 7
  const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 1000
  for (const n of [0, 1, 2, 3, 17, 1000, 4097]) {
    const values = Array.from({ length: n }, next)
    if (n > 2) values.push(Number.NaN, Number.POSITIVE_INFINITY)
    const list = new NumberList()
    for (const v of values) list.push(v)
    expect(list.distribution(), `n = ${n}`).toEqual(summarize(values))
  }
})
