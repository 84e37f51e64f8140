"""Creates what a netledger deployment needs in a freshly bootstrapped Keystone, idempotently.

  seed.py KEYSTONE_URL ADMIN_PASSWORD NETWORK_URL PASSWORD

- project `service`, user `netledger` (roles admin and service there): the service user that
  validates tokens, as keystonemiddleware's is;
- project `demo` with user `demo` (member) and user `demo-reader` (reader);
- the catalog's network service (type network, name neutron) with public, internal and admin
  endpoints at NETWORK_URL in RegionOne.
Passwords are PASSWORD for all three users. Only the standard library: this runs on Keystone's Python.
"""
import json
import sys
import urllib.error
import urllib.request

BASE, ADMIN_PASSWORD, NETWORK_URL, PASSWORD = sys.argv[1].rstrip('/'), sys.argv[2], sys.argv[3], sys.argv[4]


def call(method, path, body=None, token=None):
    request = urllib.request.Request(BASE + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={'content-type': 'application/json', **({'x-auth-token': token} if token else {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read()
        return response.headers, (json.loads(text) if text else None)


def admin_token():
    headers, _ = call('POST', '/v3/auth/tokens', {'auth': {
        'identity': {'methods': ['password'], 'password': {'user': {'name': 'admin', 'domain': {'id': 'default'}, 'password': ADMIN_PASSWORD}}},
        'scope': {'system': {'all': True}}}})
    return headers['x-subject-token']


TOKEN = admin_token()


def find_or_create(collection, key, name, body, query=''):
    _, found = call('GET', f'/v3/{collection}?name={name}{query}', token=TOKEN)
    if found[collection]:
        return found[collection][0]['id']
    _, made = call('POST', f'/v3/{collection}', {key: body}, TOKEN)
    return made[key]['id']


def role(name):
    return find_or_create('roles', 'role', name, {'name': name})


def project(name):
    return find_or_create('projects', 'project', name, {'name': name, 'domain_id': 'default'})


def user(name, project_id, roles):
    user_id = find_or_create('users', 'user', name, {'name': name, 'domain_id': 'default', 'password': PASSWORD, 'default_project_id': project_id})
    for role_name in roles:
        call('PUT', f'/v3/projects/{project_id}/users/{user_id}/roles/{role(role_name)}', token=TOKEN)


service = project('service')
user('netledger', service, ['admin', 'service'])
demo = project('demo')
user('demo', demo, ['member'])
user('demo-reader', demo, ['reader'])

network = find_or_create('services', 'service', 'neutron', {'name': 'neutron', 'type': 'network'})
_, endpoints = call('GET', f'/v3/endpoints?service_id={network}', token=TOKEN)
for interface in ('public', 'internal', 'admin'):
    existing = [e for e in endpoints['endpoints'] if e['interface'] == interface and e['region_id'] == 'RegionOne']
    if existing:
        call('PATCH', f"/v3/endpoints/{existing[0]['id']}", {'endpoint': {'url': NETWORK_URL}}, TOKEN)
    else:
        call('POST', '/v3/endpoints', {'endpoint': {'service_id': network, 'interface': interface, 'region_id': 'RegionOne', 'url': NETWORK_URL}}, TOKEN)
print(json.dumps({'service_project': service, 'demo_project': demo}))
