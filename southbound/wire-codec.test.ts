import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { applyDiff, emptyHostState, hostStateOf } from './apply-diff.js';
import { checksumOf } from './wire.js';
import { decodeWatchLine } from './wire-codec.js';

const HOST = 'compute-1';
const line = (value: unknown) => JSON.stringify(value);
const diff = (ops: unknown[], extra: object = {}) => line({ type: 'diff', hostId: HOST, seq: 1, position: 7, ops, ...extra });
const port = { id: 'p', mac_address: 'fa:16:3e:00:00:01' };

describe('the lines an agent receives', () => {
  it('refuses a diff naming a kind outside the allow-list, __proto__ among them, and Object.prototype stays clean', () => {
    for (const kind of ['__proto__', 'constructor', 'prototype', 'ports']) {
      const decoded = decodeWatchLine(HOST, diff([{ op: 'upsert', kind, id: 'polluted', body: { polluted: true } }]));
      expect(E.isLeft(decoded), kind).toBe(true);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a snapshot whose goal state holds an unknown kind', () => {
    const snapshot = (goal_state: string) =>
      `{"type":"snapshot","hostId":"${HOST}","seq":1,"position":1,"checksum":"x","goal_state":${goal_state}}`;
    expect(E.isRight(decodeWatchLine(HOST, snapshot(line({ port: { p: port } }))))).toBe(true);
    expect(E.isLeft(decodeWatchLine(HOST, snapshot('{"__proto__":{"p":{"polluted":true}}}')))).toBe(true);
    expect(E.isLeft(decodeWatchLine(HOST, snapshot(line({ port: { p: 'not a body' } }))))).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses lines of another host, malformed seqs, missing members and text that is not JSON', () => {
    const upsert = { op: 'upsert', kind: 'port', id: 'p', body: port };
    expect(E.isRight(decodeWatchLine(HOST, diff([upsert])))).toBe(true);
    expect(decodeWatchLine(HOST, diff([upsert], { hostId: 'compute-2' }))).toMatchObject({ left: { message: expect.stringContaining('compute-2') } });
    for (const seq of [1.5, -1, '1', null]) expect(E.isLeft(decodeWatchLine(HOST, diff([upsert], { seq }))), String(seq)).toBe(true);
    expect(E.isLeft(decodeWatchLine(HOST, diff([{ op: 'upsert', kind: 'port', id: 'p' }])))).toBe(true);
    expect(E.isLeft(decodeWatchLine(HOST, diff([{ op: 'replace', kind: 'port', id: 'p', body: port }])))).toBe(true);
    expect(E.isLeft(decodeWatchLine(HOST, '{"type":"diff",'))).toBe(true);
    expect(E.isLeft(decodeWatchLine(HOST, line({ type: 'heartbeat', hostId: HOST, seq: 3 })))).toBe(true);
  });

  it('keeps an entry whose id is __proto__ as an entry of its own table, through diffs and snapshots', () => {
    const decoded = decodeWatchLine(HOST, diff([{ op: 'upsert', kind: 'port', id: '__proto__', body: port }]));
    if (E.isLeft(decoded) || decoded.right.type !== 'diff') throw new Error('expected a diff');
    const state = emptyHostState(HOST);
    expect(E.isRight(applyDiff(state, decoded.right))).toBe(true);
    expect(Object.keys(state.goalState.port!)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(state.goalState.port!)).toBeNull();
    const checksum = checksumOf(state.goalState);
    const again = hostStateOf({ type: 'snapshot', hostId: HOST, seq: 1, position: 7, checksum, goal_state: JSON.parse('{"port":{"__proto__":{"id":"p"}}}') });
    expect(Object.keys(again.goalState.port!)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).id).toBeUndefined();
  });
});
