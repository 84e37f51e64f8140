import { join } from 'node:path';
import type { Datapath } from '../../southbound/datapath/datapath.js';
import { LinuxDatapath } from '../../southbound/datapath/linux-datapath.js';

export interface DatapathFlags {
  readonly host: string;
  readonly datapath: 'memory' | 'linux';
  readonly tunnelIp?: string;
  readonly netns?: string;
  readonly externalBridge?: string;
  readonly stateDir: string;
}

/** The agent's datapath from its flags: none for memory, the kernel's for linux. */
export const datapathOf = (flags: DatapathFlags): Datapath | undefined => {
  if (flags.datapath === 'memory') return undefined;
  if (!flags.tunnelIp) throw new Error('--datapath linux needs --tunnel-ip');
  return new LinuxDatapath({
    tunnelIp: flags.tunnelIp,
    netns: flags.netns,
    externalBridge: flags.externalBridge,
    stateDir: join(flags.stateDir, flags.netns ?? flags.host),
    onError: (message) => process.stderr.write(`datapath: ${message}\n`),
  });
};
