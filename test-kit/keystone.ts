// The Keystone that ops/keystone/server.sh starts (.ci/run exports NETLEDGER_KEYSTONE_URL), and the
// users it seeds: the tests that need it run against that real server.

/** Keystone tests run with a server, or under CI=true, where a missing one fails them rather than skipping. */
export const keystoneTestsRun = Boolean(process.env.NETLEDGER_KEYSTONE_URL) || process.env.CI === 'true';

/** NETLEDGER_KEYSTONE_URL; its absence is a failure (the tests run only when it should be there). */
export const keystoneUrl = (): string => {
  const url = process.env.NETLEDGER_KEYSTONE_URL;
  if (!url)
    throw new Error('CI=true but NETLEDGER_KEYSTONE_URL is not set: start one with `export NETLEDGER_KEYSTONE_URL=$(ops/keystone/server.sh start)` (or run .ci/run)');
  return url.replace(/\/$/, '');
};

/** The passwords server.sh gives its users (the same environment variables and defaults). */
export const keystonePasswords = {
  admin: process.env.KEYSTONE_ADMIN_PASSWORD ?? 'netledger-admin',
  users: process.env.KEYSTONE_USER_PASSWORD ?? 'netledger-demo',
};

/** The service user netledger validates tokens with, as keystonemiddleware's [keystone_authtoken] names it. */
export const serviceUser = () => ({
  authUrl: keystoneUrl(),
  username: 'netledger',
  password: keystonePasswords.users,
  projectName: 'service',
  userDomainId: 'default',
  projectDomainId: 'default',
});

/** A project-scoped token by password (the seeded users: admin in admin, demo and demo-reader in demo). */
export const passwordToken = async (username: string, projectName: string): Promise<{ token: string; body: any }> => {
  const password = username === 'admin' ? keystonePasswords.admin : keystonePasswords.users;
  const response = await fetch(`${keystoneUrl()}/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: username, domain: { id: 'default' }, password } } },
        scope: { project: { name: projectName, domain: { id: 'default' } } },
      },
    }),
  });
  if (response.status !== 201) throw new Error(`Keystone refused ${username}: HTTP ${response.status} ${await response.text()}`);
  return { token: response.headers.get('x-subject-token')!, body: await response.json() };
};
