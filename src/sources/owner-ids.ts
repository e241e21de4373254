/**
 * Owner node ids for people known only by an account id in one system. correlate/ merges them into the person
 * known by e-mail (`people:owner:<email>`) when the account's e-mail is known.
 *
 * Every extractor that names a person builds the id here, so the same person seen by two extractors of the same
 * system gets the same node, and correlate/ has one place to learn the id shapes from.
 */
import { NO_IDS, nodeId, type GraphNode, type OwnerProps } from '../model/schema';

/** The person behind an Atlassian account (automation rule authors, project leads). */
export const ownerIdForAtlassianAccount = (accountId: string) => nodeId('people', 'owner', 'atlassian', accountId);

/** A person known by e-mail: the canonical owner id (docs/graph-mapping.md). */
export const ownerIdForEmail = (email: string) => nodeId('people', 'owner', email.trim().toLowerCase());

/** The person behind an Entra user object, when no e-mail is known. */
export const ownerIdForEntraUser = (tenantId: string, objectId: string) => nodeId('people', 'owner', 'entra', tenantId, objectId);

/** An Entra group that owns something: `people:owner:group/<tenantId>/<groupId>` (docs/graph-mapping.md, Entra). */
export const ownerIdForEntraGroup = (tenantId: string, groupId: string) => nodeId('people', 'owner', 'group', tenantId, groupId);

/** A service principal that owns something (an app, a flow): `people:owner:sp/<tenantId>/<objectId>`. Never a person. */
export const ownerIdForEntraServicePrincipal = (tenantId: string, objectId: string) => nodeId('people', 'owner', 'sp', tenantId, objectId);

/** The person behind an Azure DevOps identity (descriptor or identity id), when no e-mail is known. */
export const ownerIdForAdoUser = (organization: string, id: string) => nodeId('people', 'owner', 'azuredevops', organization, id);

type OwnerNodeInput = Partial<Pick<OwnerProps, 'email' | 'entraUserIds' | 'atlassianAccountIds' | 'adoUserIds' | 'subtype'>>;

/**
 * An owner node carrying only what the calling system knows (ids, e-mail). Departure and department are left
 * undefined: they are decided by the systems that know them (Entra, Jira users), never guessed here.
 */
export function ownerNode(id: string, name: string, known: OwnerNodeInput): GraphNode<'owner'> {
  return {
    id,
    kind: 'owner',
    system: 'people',
    name,
    props: {
      subtype: known.subtype ?? 'person',
      ...(known.email ? { email: known.email.trim().toLowerCase() } : {}),
      entraUserIds: known.entraUserIds ?? NO_IDS,
      atlassianAccountIds: known.atlassianAccountIds ?? NO_IDS,
      adoUserIds: known.adoUserIds ?? NO_IDS,
    },
  };
}
