import { describe, expect, it } from 'vitest';
import { collection, element, patchTable, refill, tableModel, type KernelTable } from './nft-tables.js';

const want = () => {
  const table = tableModel('inet t');
  const ports = collection('map', '{ type ifname : verdict; }');
  ports.elements.set('tap1', element('tap1', 'jump c1', '"tap1" : jump c1'));
  table.collections.set('ports', ports);
  table.chains.set('c1', { rules: ['ip saddr 10.0.0.1 return', 'drop'] });
  return table;
};

/** What the kernel would list after `want()` was written. */
const written = (): KernelTable => {
  const fingerprint = /comment "([^"]+)"/.exec(refill('inet t', 'c1', ['ip saddr 10.0.0.1 return', 'drop']).at(-1)!)![1];
  return {
    chains: new Map([['c1', { fingerprint, rules: 2 }]]),
    collections: new Map([['ports', { kind: 'map', elements: new Map([['tap1', { value: 'jump c1', text: '"tap1"' }]]) }]]),
  };
};

describe('patching an nft table', () => {
  it('writes all of it where the kernel has none, and nothing where it holds it already', () => {
    expect(patchTable(want(), undefined)).toEqual([
      'add table inet t',
      'add map inet t ports { type ifname : verdict; }',
      'add chain inet t c1',
      'flush chain inet t c1',
      'add rule inet t c1 ip saddr 10.0.0.1 return',
      expect.stringMatching(/^add rule inet t c1 drop comment "netledger:[0-9a-f]{16}"$/),
      'add element inet t ports { "tap1" : jump c1 }',
    ]);
    expect(patchTable(want(), written())).toEqual([]);
  });

  it('writes again only a chain whose rules changed, and removes what is stale after what names it', () => {
    const held = written();
    held.chains.set('c1', { fingerprint: 'netledger:0000000000000000', rules: 2 });
    held.chains.set('old', { fingerprint: '', rules: 1 });
    held.collections.get('ports')!.elements.set('tap2', { value: 'jump old', text: '"tap2"' });
    held.collections.set('gone', { kind: 'set', elements: new Map() });
    expect(patchTable(want(), held)).toEqual([
      'flush chain inet t c1',
      'add rule inet t c1 ip saddr 10.0.0.1 return',
      expect.stringMatching(/^add rule inet t c1 drop comment/),
      'delete element inet t ports { "tap2" }',
      'flush chain inet t old',
      'delete chain inet t old',
      'delete set inet t gone',
    ]);
  });
});
