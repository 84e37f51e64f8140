import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, inCanonicalOrder } from '../projections/goal-state/canonical-json.js';
import { goalStateFromScratch } from '../projections/goal-state/index.js';
import { KINDS, type Kind } from '../projections/goal-state/ops.js';
import { createPort } from '../test-kit/commands.js';
import { engineOn, RecordedGoalStates } from '../test-kit/engine-fixture.js';
import { command, HOSTS, setting } from '../test-kit/random-commands.js';
import { parameters } from './settings.js';

/** What canonical JSON is, written the plain way: keys sorted at every depth, undefined members left out, undefined items null. */
const definition = (value: unknown): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : definition(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined);
  return `{${keys.map((key) => `${JSON.stringify(key)}:${definition(record[key])}`).join(',')}}`;
};

/** Keys that sort differently as text and as the integers objects put first, and members in any order, some undefined. */
const key = fc.oneof(fc.constantFrom('a', 'b', 'id', 'z', '1', '2', '10', ''), fc.string({ maxLength: 4 }));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.constant(null), fc.constant(undefined), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 6 })),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((members) => Object.fromEntries(members)),
  ),
}));

describe('canonical JSON', () => {
  it('is the sorted JSON of any value, in whatever order its keys were written, at every depth', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(definition(v));
      }),
      parameters(2000),
    );
  });

  it('every goal-state body, of every kind, is built in key order, so the native encoder writes its canonical JSON', async () => {
    const kinds = new Set<Kind>();
    const check = (goalState: ReturnType<typeof goalStateFromScratch>) => {
      for (const [kind, entries] of Object.entries(goalState) as [Kind, Record<string, Record<string, unknown>>][])
        for (const body of Object.values(entries)) {
          kinds.add(kind);
          expect({ kind, inOrder: inCanonicalOrder(body) }).toEqual({ kind, inOrder: true });
          expect(JSON.stringify(body)).toBe(definition(body));
        }
    };
    // A port with DHCP options and an address pair of its own MAC: the random commands make neither.
    const dhcp = createPort('pd', 'n0', {
      'binding:host_id': HOSTS[1],
      extra_dhcp_opts: [{ opt_name: 'mtu', opt_value: '1400', ip_version: 4 }],
      allowed_address_pairs: [{ ip_address: '10.0.0.99', mac_address: 'fa:16:3e:00:00:99' }],
    });
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 40 }), async (commands) => {
        const recorded = new RecordedGoalStates();
        const harness = await engineOn([recorded]);
        try {
          for (const c of setting) await harness.run(c);
          await harness.run(dhcp);
          for (const c of commands) {
            await harness.attempt(c);
            for (const h of HOSTS) {
              check(recorded.goalStates.goalState(h));
              check(goalStateFromScratch(harness.engine.world, h));
            }
          }
        } finally {
          await harness.stop();
          await harness.remove();
        }
      }),
      parameters(15),
    );
    expect([...kinds].sort()).toEqual([...KINDS].sort());
  });
});
