// Only what the archive's thread needs: it loads this module and what it imports.
import type { EncodedTables } from '../../projections/goal-state/goal-states.js';
import { byText, type Body, type Op } from '../../projections/goal-state/ops.js';

/*
 * The goal-state archive's text. A host's file is a run of records, each a header line and its
 * entry lines:
 *   @snapshot <position> <seq>   then every entry of the goal state, in canonical order
 *   @diff <position> <seq>       then the diff's ops
 * An entry or an upsert is `+<kind>\t<id as JSON>\t<body as canonical JSON>`, a delete
 * `-<kind>\t<id as JSON>`. JSON never holds a raw tab or newline, so a read splits lines and fields
 * with indexOf and parses no body: a host's goal state as of a moment comes out as its canonical
 * JSON, ready to send and to checksum, without being built as objects on the way.
 */

const entryLine = (kind: string, id: string, encodedBody: string): string => `+${kind}\t${JSON.stringify(id)}\t${encodedBody}\n`;

/** A host's whole goal state after `position`, at its diff `seq`. */
export const snapshotRecord = (position: number, seq: number, tables: EncodedTables): string => {
  const lines = [`@snapshot ${position} ${seq}\n`];
  for (const [kind, entries] of tables) for (const [id, encoded] of entries) lines.push(entryLine(kind, id, encoded));
  return lines.join('');
};

/** Diff `seq` of a host, made by the event at `position`; `encodeBody` gives a body's canonical JSON. */
export const diffRecord = (position: number, seq: number, ops: readonly Op[], encodeBody: (body: Body) => string): string => {
  let text = `@diff ${position} ${seq}\n`;
  for (const op of ops) text += op.op === 'upsert' ? entryLine(op.kind, op.id, encodeBody(op.body)) : `-${op.kind}\t${JSON.stringify(op.id)}\n`;
  return text;
};

/** An id as the records hold it (JSON) back to the id, for sorting: most need no parse. */
const idOf = (json: string): string => (json.includes('\\') ? (JSON.parse(json) as string) : json.slice(1, -1));

/**
 * The canonical JSON of a host's goal state after `position`, from records that start with a
 * snapshot or with the host's first diff. A diff that does not follow the seq before it means the
 * records are not whole: that throws.
 */
export const foldRecords = (hostId: string, text: string, position: number): string => {
  let tables = new Map<string, Map<string, string>>();
  /** Kinds where a diff added an id: their entries are no longer in order. */
  const unsorted = new Set<string>();
  let seq = 0;
  let inSnapshot = false;
  for (let start = 0, end = text.indexOf('\n'); end >= 0; start = end + 1, end = text.indexOf('\n', start)) {
    const mark = text.charCodeAt(start);
    if (mark === 0x40 /* @ */) {
      const space = text.indexOf(' ', start);
      const secondSpace = text.indexOf(' ', space + 1);
      if (Number(text.slice(space + 1, secondSpace)) > position) break;
      const next = Number(text.slice(secondSpace + 1, end));
      inSnapshot = text.startsWith('@snapshot ', start);
      if (inSnapshot) {
        tables = new Map();
        unsorted.clear();
      } else if (next !== seq + 1) throw new Error(`the goal-state archive of ${hostId} skips from seq ${seq} to ${next}`);
      seq = next;
      continue;
    }
    const tab = text.indexOf('\t', start);
    const kind = text.slice(start + 1, tab);
    if (mark === 0x2b /* + */) {
      const bodyTab = text.indexOf('\t', tab + 1);
      const id = text.slice(tab + 1, bodyTab);
      let table = tables.get(kind);
      if (!table) tables.set(kind, (table = new Map()));
      if (!inSnapshot && !table.has(id)) unsorted.add(kind);
      table.set(id, text.slice(bodyTab + 1, end));
    } else {
      const table = tables.get(kind);
      table?.delete(text.slice(tab + 1, end));
      if (table?.size === 0) tables.delete(kind);
    }
  }
  const encodeTable = (kind: string, table: Map<string, string>): string => {
    let entries = [...table];
    if (unsorted.has(kind)) entries = entries.map((entry) => [idOf(entry[0]), entry] as const).sort(([a], [b]) => byText(a, b)).map(([, entry]) => entry);
    return `${JSON.stringify(kind)}:{${entries.map(([id, body]) => `${id}:${body}`).join(',')}}`;
  };
  return `{${[...tables.keys()].sort(byText).map((kind) => encodeTable(kind, tables.get(kind)!)).join(',')}}`;
};
