import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DhcpConfig } from './dhcp-config.js';
import { run, type Place } from './kernel-tools.js';

/** The network's files: `<dir>/<bridge>.{args,hosts,opts,pid,leases}`. */
const files = (dir: string, bridge: string) => ({
  args: join(dir, `${bridge}.args`),
  hosts: join(dir, `${bridge}.hosts`),
  options: join(dir, `${bridge}.opts`),
  pid: join(dir, `${bridge}.pid`),
  leases: join(dir, `${bridge}.leases`),
});

const readText = (path: string): Promise<string | undefined> => readFile(path, 'utf8').catch(() => undefined);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * One dnsmasq per network that has something to serve, in the host's namespace, each a daemon of
 * its own: it keeps answering while the agent restarts. What it serves lives in its files; the
 * agent restarts it only when its arguments change, and otherwise rewrites the files and sends SIGHUP.
 */
export class DhcpServers {
  constructor(private readonly place: Place, private readonly dir: string) {}

  /** Makes the server of `bridge` serve `config` (or stops it, for undefined). */
  async sync(bridge: string, config: DhcpConfig | undefined): Promise<void> {
    const paths = files(this.dir, bridge);
    const pid = Number(await readText(paths.pid));
    const running = Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
    if (config === undefined) {
      if (running) process.kill(running, 'SIGTERM');
      await Promise.all(Object.values(paths).map((path) => rm(path, { force: true })));
      return;
    }
    await mkdir(this.dir, { recursive: true });
    const args = [
      '--conf-file=/dev/null',
      '--port=0',
      '--bind-interfaces',
      '--except-interface=lo',
      '--dhcp-authoritative',
      '--dhcp-no-override',
      `--dhcp-hostsfile=${paths.hosts}`,
      `--dhcp-optsfile=${paths.options}`,
      `--dhcp-leasefile=${paths.leases}`,
      `--pid-file=${paths.pid}`,
      ...config.args,
    ];
    const changedArgs = (await readText(paths.args)) !== args.join('\n');
    const changedFiles = (await readText(paths.hosts)) !== config.hosts || (await readText(paths.options)) !== config.options;
    if (changedFiles) {
      await writeFile(paths.hosts, config.hosts);
      await writeFile(paths.options, config.options);
    }
    if (running && !changedArgs) {
      if (changedFiles) process.kill(running, 'SIGHUP');
      return;
    }
    if (running) {
      process.kill(running, 'SIGTERM');
      for (let i = 0; i < 50 && alive(running); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await writeFile(paths.args, args.join('\n'));
    const outcome = await run(this.place, 'dnsmasq', args);
    if (outcome.code !== 0) throw new Error(`dnsmasq for ${bridge}: ${outcome.stderr.trim()}`);
  }

  /** The bridges that have a server (or its files) now: after a restart, those no network wants are stopped. */
  async bridges(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return [...new Set(names.filter((name) => name.endsWith('.args') || name.endsWith('.pid')).map((name) => name.replace(/\.(args|pid)$/, '')))];
  }
}
