import * as t from 'io-ts';

interface HexChecksumBrand {
  readonly HexChecksum: unique symbol;
}

/** A goal state's checksum as the wire writes it: 64 lowercase hex digits (README, agent protocol). */
export const HexChecksum = t.brand(t.string, (text): text is t.Branded<string, HexChecksumBrand> => /^[0-9a-f]{64}$/.test(text), 'HexChecksum');
export type HexChecksum = t.TypeOf<typeof HexChecksum>;

/**
 * What an agent says after it applied a diff or a snapshot, and every few seconds while it runs:
 * the seq it holds and the checksum of its goal state there (checksumOf). The report protocol
 * is in the README.
 */
export const AgentReport = t.intersection([
  t.type({ seq: t.number, checksum: HexChecksum }),
  t.partial({ agent_type: t.string, agent_version: t.string }),
]);
export type AgentReport = t.TypeOf<typeof AgentReport>;

/** The server's answer: `resync` when the agent's goal state is not the host's at its seq (it must start over from a snapshot). */
export const ReportAnswer = t.type({ seq: t.number, resync: t.boolean });
export type ReportAnswer = t.TypeOf<typeof ReportAnswer>;
