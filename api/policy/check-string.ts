import * as E from 'fp-ts/lib/Either.js';
import type { Check } from './check.js';

type Token = { readonly kind: '(' | ')' | 'and' | 'or' | 'not' } | { readonly kind: 'check'; readonly text: string };

/** The credentials a `<credential>:<match>` check may compare (tenant_id is Neutron's old name for project_id). */
const CREDENTIALS = new Set(['project_id', 'tenant_id', 'user_id']);

/**
 * Tokens as oslo.policy splits them: on whitespace, with parentheses peeled off a word's ends
 * (a check's own parentheses, as in `%(project_id)s`, are never at its ends).
 */
const tokens = (text: string): Token[] => {
  const out: Token[] = [];
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    const opened = word.length - word.replace(/^\(+/, '').length;
    const inner = word.slice(opened).replace(/\)+$/, '');
    const closed = word.length - opened - inner.length;
    for (let i = 0; i < opened; i++) out.push({ kind: '(' });
    const lowered = inner.toLowerCase();
    if (lowered === 'and' || lowered === 'or' || lowered === 'not') out.push({ kind: lowered });
    else if (inner !== '') out.push({ kind: 'check', text: inner });
    for (let i = 0; i < closed; i++) out.push({ kind: ')' });
  }
  return out;
};

const atom = (text: string): E.Either<string, Check> => {
  if (text === '!') return E.right({ kind: 'never' });
  if (text === '@') return E.right({ kind: 'always' });
  const colon = text.indexOf(':');
  if (colon <= 0) return E.left(`"${text}" is not a check (expected kind:match, "@" or "!")`);
  const kind = text.slice(0, colon);
  const match = text.slice(colon + 1);
  if (match === '') return E.left(`"${text}" has nothing to match`);
  switch (kind) {
    case 'rule': return E.right({ kind: 'rule', name: match });
    case 'role': return E.right({ kind: 'role', role: match.toLowerCase() });
    case 'field': {
      const found = /^([^:]+):([^=]+)=(.*)$/.exec(match);
      if (!found) return E.left(`"${text}" is not field:<collection>:<attribute>=<value>`);
      if (found[3].startsWith('~'))
        try {
          new RegExp(found[3].slice(1));
        } catch (error) {
          return E.left(`"${text}": ${(error as Error).message}`);
        }
      return E.right({ kind: 'field', collection: found[1], attribute: found[2], value: found[3] });
    }
    default:
      if (!CREDENTIALS.has(kind)) return E.left(`"${text}": checks of kind "${kind}" are not supported (rule, role, field, ${[...CREDENTIALS].join(', ')})`);
      if (match.includes('%(') && !/^%\([^()]+\)s$/.test(match)) return E.left(`"${text}": a target attribute is written %(<attribute>)s`);
      return E.right({ kind: 'credential', credential: kind === 'tenant_id' ? 'project_id' : kind, match });
  }
};

/**
 * Parses a check string in oslo.policy's language: `not` binds tighter than `and`, `and` tighter
 * than `or`; the empty string always passes. Unlike oslo.policy, which logs a string it cannot
 * read and then refuses everything under it, this says what is wrong, so a bad policy file stops
 * the server at start-up.
 */
export const parseCheckString = (text: string): E.Either<string, Check> => {
  const list = tokens(text);
  if (list.length === 0) return E.right({ kind: 'always' });
  let at = 0;
  const peek = () => list[at]?.kind;

  const unary = (): E.Either<string, Check> => {
    const token = list[at++];
    if (token === undefined) return E.left('the rule ends where a check was expected');
    if (token.kind === 'not') return E.map((check: Check): Check => ({ kind: 'not', check }))(unary());
    if (token.kind === '(') {
      const inner = disjunction();
      if (E.isLeft(inner)) return inner;
      if (list[at++]?.kind !== ')') return E.left('a "(" is never closed');
      return inner;
    }
    if (token.kind === 'check') return atom(token.text);
    return E.left(`"${token.kind}" where a check was expected`);
  };
  const sequence = (operator: 'and' | 'or', operand: () => E.Either<string, Check>) => (): E.Either<string, Check> => {
    const first = operand();
    if (E.isLeft(first)) return first;
    const checks = [first.right];
    while (peek() === operator) {
      at++;
      const next = operand();
      if (E.isLeft(next)) return next;
      checks.push(next.right);
    }
    return E.right(checks.length === 1 ? checks[0] : { kind: operator, checks });
  };
  const conjunction = sequence('and', unary);
  const disjunction: () => E.Either<string, Check> = sequence('or', conjunction);

  const parsed = disjunction();
  if (E.isLeft(parsed)) return parsed;
  return at === list.length ? parsed : E.left(`unexpected "${list[at].kind === 'check' ? (list[at] as { text: string }).text : list[at].kind}"`);
};
