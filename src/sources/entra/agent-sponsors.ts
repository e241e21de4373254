/**
 * The read every Entra Agent ID object type shares: a typed list (an OData cast of /servicePrincipals or
 * /applications) and, per object, its `sponsors` navigation (Collection(directoryObject), v1.0 CSDL) through
 * POST /v1.0/$batch in chunks of 20. Used by agent-identities.ts, agent-blueprints.ts and agent-blueprint-principals.ts.
 * A refused list (401/403) is an optional read: the step is skipped with the permission named (run-step.ts reads
 * `optional`), because a partial step would hold every later sync partial for a capability the admin never granted.
 * A refused sponsors read keeps the objects, each marked `sponsorsUnread` so its ownership is unknown, not "none".
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import { AppError } from '../../shared/errors';
import { batchGetCollections, getCollection, type BatchOptions } from './graph-client';
import { DIRECTORY_OBJECT_FIELDS } from './owners';

export interface SponsoredCollection {
  /** In words, for the skip reason ("Agent identity blueprints"). */
  what: string;
  /** The typed list, relative to the version (`/applications/microsoft.graph.agentIdentityBlueprint`). */
  path: string;
  select: readonly string[];
  top: number;
  /** The least-privileged application permission Graph documents for the list. */
  permission: string;
  /** The sponsors navigation of one object, relative to the version. */
  sponsorsPath: (id: string) => string;
  /** The sponsors endpoint as errors name it (`/v1.0/.../{id}/.../sponsors`). */
  sponsorsEndpoint: string;
  /** The application permission Graph documents for the sponsors list. */
  sponsorsPermission: string;
  /** Why the sponsors are missing when Graph refuses them, as the finding will say it. */
  sponsorsUnreadReason: string;
}

const idOf = (item: unknown): string | undefined => (typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : undefined);

/** The raw list items, each with `sponsors` (and `sponsorsUnread` when Graph refused them) added; parse them after. */
export async function readSponsoredCollection(client: Client, tenantId: string, request: SponsoredCollection, options: BatchOptions = {}): Promise<unknown[]> {
  let items: unknown[];
  try {
    items = await getCollection(client, tenantId, { path: request.path, select: request.select, top: request.top }, request.permission);
  } catch (error) {
    if (error instanceof AppError && error.code === 'SOURCE_UNAUTHORIZED') {
      throw new AppError('SOURCE_UNAUTHORIZED', `${error.message}. ${request.what} are left out of this sync until ${request.permission} is granted`, { ...error.context, optional: true }, { cause: error });
    }
    throw error;
  }
  const ids = items.map(idOf).filter((id): id is string => id !== undefined);
  const select = `$select=${DIRECTORY_OBJECT_FIELDS.join(',')}`;
  let sponsors = new Map<string, unknown[]>();
  let sponsorsUnread: string | undefined;
  try {
    sponsors = await batchGetCollections(
      client,
      ids.map((id) => ({ key: id, url: `${request.sponsorsPath(encodeURIComponent(id))}?${select}` })),
      { endpoint: request.sponsorsEndpoint, tenantId, permission: request.sponsorsPermission },
      options,
    );
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'SOURCE_UNAUTHORIZED')) throw error;
    sponsorsUnread = request.sponsorsUnreadReason;
  }
  return items.map((item) => (typeof item === 'object' && item !== null ? { ...item, sponsors: sponsors.get(idOf(item) ?? '') ?? [], ...(sponsorsUnread ? { sponsorsUnread } : {}) } : item));
}
