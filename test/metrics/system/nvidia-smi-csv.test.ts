import { describe, expect, test } from 'vitest'
import { nvidiaSmiArgs, parseNvidiaSmiCsv, parseNvidiaSmiLine } from '../../../src/metrics/system/nvidia-smi-csv.ts'

// Lines as `nvidia-smi --query-gpu=index,name,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw
// --format=csv,noheader,nounits` prints them: ", " between values, no quoting, bracketed placeholders.
describe('parseNvidiaSmiCsv', () => {
  test('an H100 row', () => {
    expect(parseNvidiaSmiCsv('0, NVIDIA H100 80GB HBM3, 37, 1234, 81559, 45, 120.34\n')).toEqual([
      { index: 0, name: 'NVIDIA H100 80GB HBM3', utilizationPct: 37, memoryUsedMiB: 1234, memoryTotalMiB: 81559, temperatureC: 45, powerW: 120.34 },
    ])
  })

  test('[N/A] and [Not Supported] are null, the rest of the row is kept', () => {
    const text = [
      // DGX Spark (GB10): unified memory, no dedicated framebuffer to report
      '0, NVIDIA GB10, 96, [N/A], [N/A], 62, 31.45',
      // an older GeForce that reports neither utilization nor power
      '1, NVIDIA GeForce GT 710, [Not Supported], 300, 2001, 38, [Not Supported]',
      // the other placeholders the driver uses
      '2, Tesla T4, [Unknown Error], 0, 15360, [GPU is lost], [Insufficient Permissions]',
    ].join('\n')
    expect(parseNvidiaSmiCsv(text)).toEqual([
      { index: 0, name: 'NVIDIA GB10', utilizationPct: 96, memoryUsedMiB: null, memoryTotalMiB: null, temperatureC: 62, powerW: 31.45 },
      { index: 1, name: 'NVIDIA GeForce GT 710', utilizationPct: null, memoryUsedMiB: 300, memoryTotalMiB: 2001, temperatureC: 38, powerW: null },
      { index: 2, name: 'Tesla T4', utilizationPct: null, memoryUsedMiB: 0, memoryTotalMiB: 15360, temperatureC: null, powerW: null },
    ])
  })

  test('several GPUs, blank lines and CRLF (Windows) line ends', () => {
    const rows = parseNvidiaSmiCsv('0, NVIDIA H100 80GB HBM3, 100, 80000, 81559, 70, 699.12\r\n\r\n1, NVIDIA H100 80GB HBM3, 0, 1, 81559, 31, 69.80\r\n')
    expect(rows.map((r) => [r.index, r.utilizationPct, r.powerW])).toEqual([[0, 100, 699.12], [1, 0, 69.8]])
  })

  test('a name with commas in it survives: the name is what lies between the index and the five numbers', () => {
    expect(parseNvidiaSmiLine('3, Vendor GPU, rev 2, PCIe, 12, 100, 200, 40, 50.5')).toEqual({
      index: 3, name: 'Vendor GPU, rev 2, PCIe', utilizationPct: 12, memoryUsedMiB: 100, memoryTotalMiB: 200, temperatureC: 40, powerW: 50.5,
    })
  })

  test('what a failing nvidia-smi prints is not a row: the parse names the line', () => {
    const driverless = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running."
    expect(() => parseNvidiaSmiCsv(`${driverless}\n\n`)).toThrow(/^unexpected nvidia-smi output: "NVIDIA-SMI has failed because/)
    expect(() => parseNvidiaSmiCsv('No devices were found\n')).toThrow('unexpected nvidia-smi output: "No devices were found"')
  })

  test('lines that are not rows of this query: header, units, too few fields, words for numbers', () => {
    expect(parseNvidiaSmiLine('index, name, utilization.gpu [%], memory.used [MiB], memory.total [MiB], temperature.gpu, power.draw [W]')).toBeNull()
    expect(parseNvidiaSmiLine('0, NVIDIA H100 80GB HBM3, 37 %, 1234 MiB, 81559 MiB, 45, 120.34 W')).toBeNull()
    expect(parseNvidiaSmiLine('0, 37, 1234')).toBeNull()
    expect(parseNvidiaSmiLine('0, , 37, 1234, 81559, 45, 120.34')).toBeNull()
    expect(parseNvidiaSmiLine('x, NVIDIA H100 80GB HBM3, 37, 1234, 81559, 45, 120.34')).toBeNull()
    expect(parseNvidiaSmiLine('0, NVIDIA H100 80GB HBM3, busy, 1234, 81559, 45, 120.34')).toBeNull()
    expect(parseNvidiaSmiCsv('')).toEqual([])
  })

  test('the arguments: the fields in parse order, no header, no units, one process looping every interval', () => {
    expect(nvidiaSmiArgs(500)).toEqual([
      '--query-gpu=index,name,utilization.gpu,memory.used,memory.total,temperature.gpu,power.draw',
      '--format=csv,noheader,nounits',
      '-lms',
      '500',
    ])
  })
})
