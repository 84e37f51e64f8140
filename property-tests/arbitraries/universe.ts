/**
 * The small world generated histories live in: few ids, so commands keep meeting each other
 * (the same port id twice, a subnet deleted under its ports), and tiny subnets, so pools run out.
 */
export const PROJECTS = ['p', 'q'] as const;
export const NETWORKS = ['n1', 'n2', 'n3'] as const;
export const SUBNETS = ['s1', 's2', 's3', 's4', 's5'] as const;
export const PORTS = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8'] as const;
export const GROUPS = ['g1', 'g2', 'g3'] as const;
export const RULES = ['r1', 'r2', 'r3', 'r4'] as const;
export const ROUTERS = ['rt1', 'rt2'] as const;
export const HOSTS = ['h1', 'h2'] as const;

export const NETWORK_CIDRS = ['10.0.0.0/16', '10.0.0.0/24', 'fd00::/48'] as const;

export const SUBNET_CIDRS = [
  '10.0.0.0/24', '10.0.0.0/29', '10.0.0.8/30', '10.0.1.0/31', '10.0.2.7/32', '10.1.0.0/28',
  'fd00::/64', 'fd00::/125', 'fd00:1::/127', 'fd00:2::9/128',
] as const;

/** Addresses in, at the edges of, and outside the cidrs above. */
export const ADDRESSES = [
  '10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.6', '10.0.0.7', '10.0.0.9', '10.0.0.10', '10.0.0.11', '10.0.0.255',
  '10.0.1.0', '10.0.1.1', '10.0.2.7', '10.1.0.1', '10.1.0.14', '10.1.0.15', '192.168.9.9',
  'fd00::', 'fd00::1', 'fd00::2', 'fd00::7', 'fd00:1::1', 'fd00:2::9',
] as const;

export const MACS = ['fa:16:3e:00:00:01', 'fa:16:3e:00:00:02', '52:54:00:12:34:56'] as const;
