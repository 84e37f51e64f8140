import * as E from 'fp-ts/lib/Either.js';

type Item = Record<string, unknown>;
type Query = Record<string, string | string[] | undefined>;

export interface ListError {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

const RESERVED = new Set(['fields', 'limit', 'marker', 'page_reverse', 'sort_key', 'sort_dir', 'as_of', 'min_position']);
const TAG_FILTERS = new Set(['tags', 'tags-any', 'not-tags', 'not-tags-any']);

const values = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Neutron compares filters as text: booleans in any case, numbers by their decimal form. */
const matchesOne = (attribute: unknown, wanted: string): boolean => {
  if (attribute === null || attribute === undefined) return wanted === '' || wanted === 'None';
  if (typeof attribute === 'boolean') return wanted.toLowerCase() === String(attribute);
  if (Array.isArray(attribute)) return attribute.some((entry) => (typeof entry === 'object' ? false : String(entry) === wanted));
  return String(attribute) === wanted;
};

/** `fixed_ips=ip_address=10.0.0.2` and `fixed_ips=subnet_id=...`, as Neutron filters ports. */
const matchesFixedIp = (attribute: unknown, wanted: string): boolean => {
  const [key, value] = wanted.split('=', 2);
  if (value === undefined || !Array.isArray(attribute)) return false;
  return attribute.some((entry) => typeof entry === 'object' && entry !== null && (entry as Item)[key] === value);
};

const matchesTags = (tags: unknown, filter: string, wanted: string[]): boolean => {
  const have = new Set(Array.isArray(tags) ? (tags as string[]) : []);
  const asked = wanted.flatMap((w) => w.split(',')).filter((t) => t !== '');
  switch (filter) {
    case 'tags': return asked.every((t) => have.has(t));
    case 'tags-any': return asked.some((t) => have.has(t));
    case 'not-tags': return !asked.every((t) => have.has(t));
    default: return !asked.some((t) => have.has(t));
  }
};

/** Filters by any attribute (repeated values: any of them), as Neutron's list API does. */
/** standard-attr-timestamp's `changed_since`: resources updated at or after a moment (UTC when no zone is given). */
const changedSince = (value: string | string[] | undefined): E.Either<ListError, string> => {
  const [text, ...more] = values(value);
  const match = text === undefined || more.length > 0 ? null : /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:\d{2})?$/.exec(text);
  const time = match ? Date.parse(`${match[1]}${match[2] ?? 'Z'}`) : NaN;
  return Number.isNaN(time)
    ? E.left({ status: 400, type: 'HTTPBadRequest', message: `Invalid input for changed_since. Reason: '${String(text).slice(0, 40)}' is not an ISO 8601 time.` })
    : E.right(`${new Date(time).toISOString().slice(0, 19)}Z`);
};

const filterOf = (query: Query, attributes: ReadonlySet<string>): E.Either<ListError, (item: Item) => boolean> => {
  const filters: [string, string[]][] = [];
  for (const [key, value] of Object.entries(query)) {
    if (RESERVED.has(key)) continue;
    if (key === 'changed_since') {
      const since = changedSince(value);
      if (E.isLeft(since)) return since;
      filters.push([key, [since.right]]);
      continue;
    }
    if (!attributes.has(key) && !TAG_FILTERS.has(key))
      return E.left({ status: 400, type: 'HTTPBadRequest', message: `[${key}] is invalid attribute for filtering` });
    filters.push([key, values(value)]);
  }
  return E.right((item) =>
    filters.every(([key, wanted]) => {
      if (TAG_FILTERS.has(key)) return matchesTags(item.tags, key, wanted);
      // Neutron's timestamps are second-precision UTC text, so they compare as text.
      if (key === 'changed_since') return typeof item.updated_at === 'string' && item.updated_at >= wanted[0];
      if (key === 'fixed_ips') return wanted.some((w) => matchesFixedIp(item[key], w));
      return wanted.some((w) => matchesOne(item[key], w));
    }),
  );
};

const compare = (a: unknown, b: unknown): number => {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
};

const sorterOf = (query: Query, attributes: ReadonlySet<string>): E.Either<ListError, (a: Item, b: Item) => number> => {
  const keys = values(query.sort_key);
  const dirs = values(query.sort_dir);
  if (dirs.length > 0 && dirs.length !== keys.length)
    return E.left({ status: 400, type: 'HTTPBadRequest', message: 'The number of sort_keys and sort_dirs must be same' });
  for (const key of keys)
    if (!attributes.has(key)) return E.left({ status: 400, type: 'HTTPBadRequest', message: `${key} is an invalid attribute for sort_keys` });
  for (const dir of dirs)
    if (dir !== 'asc' && dir !== 'desc')
      return E.left({ status: 400, type: 'HTTPBadRequest', message: `${dir} is an invalid value for sort_dir, valid values are 'asc' and 'desc'` });
  // The id breaks ties, so marker pagination is stable.
  const order: [string, number][] = [...keys.map((key, i): [string, number] => [key, dirs[i] === 'desc' ? -1 : 1]), ['id', 1]];
  return E.right((a, b) => {
    for (const [key, sign] of order) {
      const c = compare(a[key], b[key]);
      if (c !== 0) return c * sign;
    }
    return 0;
  });
};

/**
 * The page size: the `limit` asked (0 or none: everything), capped at `maxLimit` as Neutron's
 * `pagination_max_limit` caps it, so a list asked without a limit gets the first `maxLimit` items
 * and a next link.
 */
const parseLimit = (query: Query, maxLimit: number | undefined): E.Either<ListError, number | undefined> => {
  const [limit, ...more] = values(query.limit);
  if (limit !== undefined && (more.length > 0 || !/^\d{1,9}$/.test(limit)))
    return E.left({ status: 400, type: 'HTTPBadRequest', message: `Limit must be an integer 0 or greater and not '${limit}'` });
  const asked = Number(limit ?? 0);
  if (maxLimit !== undefined && maxLimit > 0) return E.right(Math.min(maxLimit, asked) || maxLimit);
  return E.right(asked === 0 ? undefined : asked);
};

const fieldsOf = (query: Query): string[] => values(query.fields).flatMap((f) => f.split(',')).filter((f) => f !== '');

const project = (item: Item, fields: string[]): Item => {
  if (fields.length === 0) return item;
  const out: Item = {};
  for (const field of fields) if (Object.hasOwn(item, field)) out[field] = item[field];
  return out;
};

export interface ListRequest {
  /** The collection's name in the body, e.g. "ports". */
  readonly collection: string;
  /** Path and query of this request, for the pagination links. */
  readonly url: string;
  readonly baseUrl: string;
  readonly query: Query;
  /** The answer to a marker that names no item: Neutron's NotFound of the resource. */
  readonly missing: (id: string) => ListError;
  /** The largest page a list answers (Neutron's pagination_max_limit); none: unbounded. */
  readonly maxLimit?: number;
}

const linkTo = (request: ListRequest, marker: string, reverse: boolean): string => {
  const url = new URL(request.url, request.baseUrl);
  url.searchParams.set('marker', marker);
  if (reverse) url.searchParams.set('page_reverse', 'True');
  else url.searchParams.delete('page_reverse');
  return url.toString();
};

/** Filters, sorts, pages and projects a collection the way Neutron's list calls do. */
export const listOf = (request: ListRequest, items: Iterable<Item>, attributes: ReadonlySet<string>): E.Either<ListError, Item> => {
  const { query } = request;
  const filter = filterOf(query, attributes);
  if (E.isLeft(filter)) return filter;
  const sorter = sorterOf(query, attributes);
  if (E.isLeft(sorter)) return sorter;
  const limit = parseLimit(query, request.maxLimit);
  if (E.isLeft(limit)) return limit;
  const matching: Item[] = [];
  for (const item of items) if (filter.right(item)) matching.push(item);
  const reverse = values(query.page_reverse)[0]?.toLowerCase() === 'true';
  const sorted = matching.sort(reverse ? (a, b) => -sorter.right(a, b) : sorter.right);
  // Neutron pages only when a limit is asked: a marker alone is not heard.
  const [marker] = limit.right === undefined ? [] : values(query.marker);
  let start = 0;
  if (marker !== undefined) {
    const at = sorted.findIndex((item) => item.id === marker);
    if (at < 0) return E.left(request.missing(marker));
    start = at + 1;
  }
  const page = limit.right === undefined ? sorted.slice(start) : sorted.slice(start, start + limit.right);
  if (reverse) page.reverse();
  const fields = fieldsOf(query);
  const body: Item = { [request.collection]: page.map((item) => project(item, fields)) };
  if (limit.right !== undefined) {
    const links: { rel: string; href: string }[] = [];
    const more = start + limit.right < sorted.length;
    const last = page[page.length - 1];
    const head = page[0];
    if (reverse) {
      if (more && head) links.push({ rel: 'previous', href: linkTo(request, String(head.id), true) });
      if (marker !== undefined && last) links.push({ rel: 'next', href: linkTo(request, String(last.id), false) });
    } else {
      if (more && last) links.push({ rel: 'next', href: linkTo(request, String(last.id), false) });
      if (marker !== undefined && head) links.push({ rel: 'previous', href: linkTo(request, String(head.id), true) });
    }
    // Neutron adds the links only when there are some; a limit the client asked for always shows them.
    if (links.length > 0 || values(query.limit).length > 0) body[`${request.collection}_links`] = links;
  }
  return E.right(body);
};

/** An item with only the `fields` a show asked for (all of them when it asked none). */
export const withFields = (item: Item, query: Query): Item => project(item, fieldsOf(query));
