import * as E from 'fp-ts/lib/Either.js';
import type { Caller } from './context.js';

/**
 * The project a new resource belongs to: the body's project_id/tenant_id when given, else the
 * caller's. Only an admin may create in another project.
 */
export const owningProject = (body: Record<string, unknown>, caller: Caller): E.Either<{ status: number; type: string; message: string }, string> => {
  const asked = (body.project_id ?? body.tenant_id) as string | undefined;
  if (body.project_id !== undefined && body.tenant_id !== undefined && body.project_id !== body.tenant_id)
    return E.left({ status: 400, type: 'HTTPBadRequest', message: "'project_id' and 'tenant_id' do not match" });
  if (asked === undefined || asked === caller.projectId) return E.right(caller.projectId);
  return caller.isAdmin
    ? E.right(asked)
    : E.left({ status: 403, type: 'HTTPForbidden', message: "Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin privileges" });
};

/** What a caller may see: an admin everything, a project its own (and what is shared with it). */
export const ownedOrShared = (item: Record<string, unknown>, caller: Caller): boolean =>
  caller.isAdmin || item.project_id === caller.projectId || item.shared === true;
