/**
 * The path a request names, as Neutron's router reads it: a `.json` suffix under /v2.0 (python-neutronclient
 * asks `/v2.0/networks.json`) and a trailing slash (`/v2.0/networks/`) name the same resource as
 * the bare path. `/v2.0/` keeps its slash: it is the version's document, and `/v2.0` is 404 there.
 */
export const neutronPath = (url: string): string => {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  const query = at < 0 ? '' : url.slice(at);
  let bare = path.startsWith('/v2.0/') && path.endsWith('.json') ? path.slice(0, -'.json'.length) : path;
  if (bare.length > 1 && bare.endsWith('/') && bare !== '/v2.0/') bare = bare.slice(0, -1);
  return bare === path ? url : `${bare}${query}`;
};
