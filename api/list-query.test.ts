import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { listOf } from './list-query.js';

const items = Array.from({ length: 5 }, (_, i) => ({ id: `id-${i}`, name: `n${i}` }));
const page = (query: Record<string, string>, maxLimit?: number) => {
  const url = `/v2.0/networks?${new URLSearchParams(query)}`;
  const body = listOf({ collection: 'networks', url, baseUrl: 'http://x', query, maxLimit, missing: (id) => ({ status: 404, type: 'NetworkNotFound', message: id }) }, items, new Set(['id', 'name']));
  if (E.isLeft(body)) throw new Error(body.left.message);
  return { ids: (body.right.networks as { id: string }[]).map((item) => item.id), links: body.right.networks_links as { rel: string; href: string }[] | undefined };
};

describe("a list's page size", () => {
  it("is capped at the maximum as Neutron's pagination_max_limit caps it: no limit or a larger one gets the maximum and a next link", () => {
    expect(page({}, 2)).toEqual({ ids: ['id-0', 'id-1'], links: [{ rel: 'next', href: 'http://x/v2.0/networks?marker=id-1' }] });
    expect(page({ limit: '0' }, 2).ids).toEqual(['id-0', 'id-1']);
    expect(page({ limit: '100' }, 2).ids).toEqual(['id-0', 'id-1']);
    expect(page({ limit: '1' }, 2).ids).toEqual(['id-0']);
    expect(page({ marker: 'id-3' }, 2)).toEqual({ ids: ['id-4'], links: [{ rel: 'previous', href: 'http://x/v2.0/networks?marker=id-4&page_reverse=True' }] });
  });

  it('is unbounded without a maximum', () => {
    expect(page({})).toEqual({ ids: items.map((item) => item.id), links: undefined });
  });
});
