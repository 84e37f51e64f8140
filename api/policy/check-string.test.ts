import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { describeCheck } from './check.js';
import { parseCheckString } from './check-string.js';

const parsed = (text: string) => {
  const result = parseCheckString(text);
  if (E.isLeft(result)) throw new Error(result.left);
  return describeCheck(result.right);
};

describe('oslo.policy check strings', () => {
  it('reads the empty string as always and the two constants', () => {
    expect(parsed('')).toBe('@');
    expect(parsed('  ')).toBe('@');
    expect(parsed('!')).toBe('!');
  });

  it('binds not tighter than and, and tighter than or', () => {
    expect(parsed('role:a or role:b and not role:c')).toBe('(role:a or (role:b and not role:c))');
    expect(parsed('(role:a or role:b) and role:c')).toBe('((role:a or role:b) and role:c)');
    expect(parsed('not (role:a or role:b)')).toBe('not (role:a or role:b)');
    expect(parsed('role:a AND role:b OR role:c')).toBe('((role:a and role:b) or role:c)');
  });

  it('keeps a target reference with its own parentheses and reads fields with colons', () => {
    expect(parsed('(rule:admin_only) or (role:member and project_id:%(project_id)s)')).toBe(
      '(rule:admin_only or (role:member and project_id:%(project_id)s))',
    );
    expect(parseCheckString('field:networks:router:external=True')).toEqual(
      E.right({ kind: 'field', collection: 'networks', attribute: 'router:external', value: 'True' }),
    );
    expect(parseCheckString('tenant_id:%(network:project_id)s')).toEqual(E.right({ kind: 'credential', credential: 'project_id', match: '%(network:project_id)s' }));
  });

  it.each([
    ['role:a or', 'ends'],
    ['(role:a', 'never closed'],
    ['role:a)', 'unexpected'],
    ['admin', 'not a check'],
    ['http://example.com', 'not supported'],
    ['field:networks:shared', 'field:<collection>'],
    ['field:port:device_owner=~(', 'Invalid regular expression'],
    ['role:a role:b', 'unexpected'],
  ])('says what is wrong with %j', (text, reason) => {
    const result = parseCheckString(text);
    expect(E.isLeft(result) && result.left).toContain(reason);
  });
});
