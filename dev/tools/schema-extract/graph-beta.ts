/**
 * Builds beta type descriptions from the beta property lists (msgraph-beta-entity-types.json and
 * msgraph-beta-complex-types.json: {namespace: {type: {properties: [names], navigationProperties: [names]}}}).
 * The lists name each type's declared properties but carry no types, base types or nullability, so those come from
 * the v1.0 CSDL when the type exists there, else from BETA_TYPE_HINTS below.
 */
import type { GraphProperty, GraphStructuredType, GraphType } from '../../../test/contract/schema-files';
import { isRecord } from './untyped-tree';

interface BetaTypeHint {
  kind: 'entity' | 'complex';
  baseType?: string;
  propertyTypes: Record<string, string>;
}

/** From https://learn.microsoft.com/graph/api/resources/serviceprincipalsigninactivity?view=graph-rest-beta */
const BETA_TYPE_HINTS: Record<string, BetaTypeHint> = {
  'microsoft.graph.servicePrincipalSignInActivity': {
    kind: 'entity',
    baseType: 'microsoft.graph.entity',
    propertyTypes: {
      appId: 'Edm.String',
      applicationAuthenticationClientSignInActivity: 'microsoft.graph.signInActivity',
      applicationAuthenticationResourceSignInActivity: 'microsoft.graph.signInActivity',
      delegatedClientSignInActivity: 'microsoft.graph.signInActivity',
      delegatedResourceSignInActivity: 'microsoft.graph.signInActivity',
      lastSignInActivity: 'microsoft.graph.signInActivity',
    },
  },
  /**
   * From https://learn.microsoft.com/graph/api/resources/appcredentialsigninactivity?view=graph-rest-beta. keyType,
   * keyUsage and credentialOrigin are the beta enums applicationKeyType (clientSecret, certificate), applicationKeyUsage
   * (sign, verify) and applicationKeyOrigin (application, servicePrincipal); the beta lists carry no enums and v1.0 has
   * none of the three, so they are checked as strings.
   */
  'microsoft.graph.appCredentialSignInActivity': {
    kind: 'entity',
    baseType: 'microsoft.graph.entity',
    propertyTypes: {
      appId: 'Edm.String',
      appObjectId: 'Edm.String',
      createdDateTime: 'Edm.DateTimeOffset',
      credentialOrigin: 'Edm.String',
      expirationDateTime: 'Edm.DateTimeOffset',
      keyId: 'Edm.String',
      keyType: 'Edm.String',
      keyUsage: 'Edm.String',
      resourceId: 'Edm.String',
      servicePrincipalObjectId: 'Edm.String',
      signInActivity: 'microsoft.graph.signInActivity',
    },
  },
};

interface BetaListing {
  kind: 'entity' | 'complex';
  properties: string[];
  navigationProperties: string[];
}

export function readBetaListings(entityTypes: unknown, complexTypes: unknown): Map<string, BetaListing> {
  const listings = new Map<string, BetaListing>();
  for (const [kind, document] of [['entity', entityTypes], ['complex', complexTypes]] as const) {
    if (!isRecord(document)) throw new Error(`beta ${kind} types: expected an object of namespaces`);
    for (const [namespace, types] of Object.entries(document)) {
      if (!isRecord(types)) throw new Error(`beta ${kind} types: namespace ${namespace} is not an object`);
      for (const [name, listing] of Object.entries(types)) {
        listings.set(`${namespace}.${name}`, {
          kind,
          properties: readNames(listing, 'properties', name),
          navigationProperties: readNames(listing, 'navigationProperties', name),
        });
      }
    }
  }
  return listings;
}

function readNames(listing: unknown, field: string, typeName: string): string[] {
  const names = isRecord(listing) ? listing[field] : undefined;
  if (!Array.isArray(names) || !names.every((name): name is string => typeof name === 'string')) {
    throw new Error(`beta type ${typeName}: ${field} is not a list of names`);
  }
  return names;
}

/** The beta types reachable from the roots; enums are taken from v1.0, which the beta lists do not cover. */
export function selectBetaTypes(roots: readonly string[], listings: ReadonlyMap<string, BetaListing>, v1: ReadonlyMap<string, GraphType>): Map<string, GraphType> {
  const selected = new Map<string, GraphType>();
  const pending = [...roots];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (selected.has(name) || name.startsWith('Edm.')) continue;
    const type = buildBetaType(name, listings, v1);
    selected.set(name, type);
    if (type.kind === 'enum') continue;
    if (type.baseType !== undefined) pending.push(type.baseType);
    for (const property of Object.values(type.properties)) pending.push(property.type);
  }
  return selected;
}

function buildBetaType(name: string, listings: ReadonlyMap<string, BetaListing>, v1: ReadonlyMap<string, GraphType>): GraphType {
  const listing = listings.get(name);
  const v1Type = v1.get(name);
  if (listing === undefined) {
    if (v1Type?.kind === 'enum') return v1Type;
    throw new Error(`beta type ${name} is neither in the beta lists nor a v1.0 enum`);
  }
  const hint = BETA_TYPE_HINTS[name];
  const v1Structured = v1Type !== undefined && v1Type.kind !== 'enum' ? v1Type : undefined;
  if (hint === undefined && v1Structured === undefined) throw new Error(`beta type ${name} has no v1.0 twin; add it to BETA_TYPE_HINTS`);
  if (listing.navigationProperties.length > 0) throw new Error(`beta type ${name} has navigation properties, which carry no types in the beta lists`);
  for (const hinted of Object.keys(hint?.propertyTypes ?? {})) {
    if (!listing.properties.includes(hinted)) throw new Error(`BETA_TYPE_HINTS names ${name}.${hinted}, which the beta list does not`);
  }
  const properties: Record<string, GraphProperty> = {};
  for (const property of listing.properties) {
    const hinted = hint?.propertyTypes[property];
    const fromV1 = v1Structured?.properties[property];
    if (hinted !== undefined) properties[property] = { type: hinted, collection: false, nullable: true };
    else if (fromV1 !== undefined) properties[property] = fromV1;
    else throw new Error(`beta property ${name}.${property} has no known type; add it to BETA_TYPE_HINTS`);
  }
  const baseType = hint !== undefined ? hint.baseType : v1Structured?.baseType;
  const type: GraphStructuredType = {
    kind: hint?.kind ?? listing.kind,
    ...(baseType === undefined ? {} : { baseType }),
    properties,
    navigation: {},
  };
  return type;
}
