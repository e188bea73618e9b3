import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { displayStatus, readFleetState, writeFleetState, type FleetRunState } from '../../../src/fleet/run/state.ts'

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
