import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { displayStatus, pidAlive, readFleetState, writeFleetState, type FleetRunState } from '../../../src/fleet/run/state.ts'

const dir = mkdtempSync(path.join(tmpdir(), 'fleet-state-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const state: FleetRunState = {
  runId: 'f-20261206-101010-0123abcd',
  fleetId: 'f',
  manifest: '/x/fleet.yaml',
  status: 'running',
  pid: process.pid,
  startedAt: '2026-12-06T10:10:10.000Z',
  endedAt: null,
  shards: 2,
  shardStatuses: [{ index: 1, status: 'died', exitCode: null, signal: 'SIGKILL' }],
  cells: [{ repoId: 'r', scenario: 's', provider: 'local', projectName: 'r__s', runDir: null, failure: 'unfinished: 0 of 2 cases recorded; shard 1 of 2 died' }],
  resumed: 0,
  error: null,
}

test('fleet-run.json: written and read back through its schema; a file that does not fit is named', () => {
  writeFleetState(dir, state)
  expect(readFleetState(dir)).toEqual(state)
  expect(readFleetState(path.join(dir, 'none'))).toBeNull()
  writeFileSync(path.join(dir, 'fleet-run.json'), JSON.stringify({ ...state, status: 'paused' }))
  expect(() => readFleetState(dir)).toThrow(/fleet-run\.json: not a fleet run state: status/)
  expect(readFileSync(path.join(dir, 'fleet-run.json'), 'utf8')).toContain('paused')
})

test('a running state whose process is gone shows as died; other statuses as they are', () => {
  expect(displayStatus(state)).toBe('running') // this process is alive
  expect(displayStatus(state, () => false)).toBe('died')
  expect(displayStatus({ ...state, status: 'finished' }, () => false)).toBe('finished')
})

test.runIf(process.platform === 'linux')('a killed process nobody has reaped yet (a zombie) is not alive', async () => {
  const child = spawn('sleep', ['30'])
  const pid = child.pid as number
  expect(pidAlive(pid)).toBe(true)
  // this process is its parent and reaps it only when the event loop turns: until then it is a zombie
  child.kill('SIGKILL')
  const until = Date.now() + 300
  while (Date.now() < until && !/\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) {
    // wait for the kernel to make it a zombie
  }
  expect(readFileSync(`/proc/${pid}/stat`, 'utf8')).toMatch(/\) Z/)
  expect(pidAlive(pid)).toBe(false)
  await new Promise((resolve) => child.on('exit', resolve))
})
