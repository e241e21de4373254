/**
 * Azure DevOps service connections (service endpoints) of each project: credentials pipelines use to reach Azure,
 * GitHub, Jira and other services. Each is a cross-system link: the connection signs in somewhere as someone.
 * Endpoint: GET https://dev.azure.com/{org}/{project}/_apis/serviceendpoint/endpoints?api-version=7.1, {count, value}.
 * https://learn.microsoft.com/rest/api/azure/devops/serviceendpoint/endpoints/get-service-endpoints
 * Shape: ServiceEndpoint in microsoft/azure-devops-node-api api/interfaces/ServiceEndpointInterfaces.ts, where every
 * field is optional (only `id`, which names the node, is required here); authorization is {scheme, parameters}.
 * Quirks:
 * - authorization.parameters mixes identifiers and secrets, by scheme (the Azure RM connection docs, and the
 *   parameters the terraform azuredevops provider sets): UsernamePassword {username, password}; ServicePrincipal
 *   {tenantid, serviceprincipalid, authenticationType spnKey | spnCertificate, serviceprincipalkey,
 *   servicePrincipalCertificate}; WorkloadIdentityFederation {tenantid, serviceprincipalid,
 *   workloadIdentityFederationIssuer (https://vstoken.dev.azure.com/<organization id>),
 *   workloadIdentityFederationSubject (sc://<org>/<project>/<connection name>)}
 *   (microsoft/azure-pipelines-tasks docs/service-connections/azure-oidc/README.md); Token {apitoken}; OAuth
 *   {AccessToken}. Secret values come back null or masked, but only an allowlist of identifiers is ever kept.
 * - serviceprincipalid is the application (client) id, not the service principal's object id; with tenantid it names
 *   exactly one Entra service principal (observed: the connection says whom it signs in as).
 * - A username that is an e-mail is the account at the target service (a Jira site's account): correlate/ links the
 *   credential to the account with that e-mail (CredentialProps.accountEmail), a link found by e-mail only.
 * - Any other credential (a token, a non-e-mail user) signs in to the target host as an account no source names:
 *   an inferred link to that external account.
 */
import { type ConcurrentMap, allAtOnce, unlessNotFound } from '../../shared/concurrency';
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { CredentialProps, GraphEdge, GraphNode } from '../../model/schema';
import { toRequestTarget } from '../automation/request-target';
import { parseRecords, type ParsedRecords, type QuarantinedRecord } from '../parse-records';
import type { GraphContext } from '../source-step';
import { ADO_HOSTS, type AzureDevOpsClient } from './azure-devops-client';
import { adoEmail, adoServiceEndpointCredentialId, adoServiceEndpointEvidenceId, adoServiceEndpointId, externalAccountId, ownerForIdentityRef, type AdoIdentityRef } from './node-ids';
import type { ServiceEndpointExecution } from './service-endpoint-executions';
import { entraIdentityId } from '../entra/node-ids';

/** The non-secret identifiers of a connection's authorization, by what they mean. */
export interface EndpointAccount {
  /** The user name it signs in with (UsernamePassword, Basic). */
  username?: string;
  /** Entra tenant and application (client) id (ServicePrincipal, WorkloadIdentityFederation, ManagedServiceIdentity). */
  tenantId?: string;
  appId?: string;
  /** spnKey | spnCertificate (ServicePrincipal). */
  authenticationType?: string;
  federationIssuer?: string;
  federationSubject?: string;
}

export interface ServiceEndpoint {
  projectName: string;
  id: string;
  name?: string;
  type?: string;
  url?: string;
  host?: string;
  /** authorization.scheme: ServicePrincipal, WorkloadIdentityFederation, UsernamePassword, Token, None, ... */
  authorizationScheme?: string;
  /** Absent on records stored before the identifiers were kept (a last known state kept from then). */
  account?: EndpointAccount;
  createdBy?: AdoIdentityRef;
  isShared?: boolean;
  isReady?: boolean;
  isDisabled?: boolean;
}

const str = z.string().nullish();

/** authorization.parameters keys that identify (never authenticate): lower-case key -> field. */
const ACCOUNT_PARAMETERS: Record<string, keyof EndpointAccount> = {
  username: 'username',
  tenantid: 'tenantId',
  serviceprincipalid: 'appId',
  authenticationtype: 'authenticationType',
  workloadidentityfederationissuer: 'federationIssuer',
  workloadidentityfederationsubject: 'federationSubject',
};

function accountOf(parameters: Record<string, unknown> | null | undefined): EndpointAccount {
  const account: EndpointAccount = {};
  for (const [key, value] of Object.entries(parameters ?? {})) {
    const field = ACCOUNT_PARAMETERS[key.toLowerCase()];
    if (field && typeof value === 'string' && value.trim() !== '') account[field] = value.trim();
  }
  return account;
}

export const serviceEndpointSchema = z
  .looseObject({
    projectName: z.string(),
    id: z.string().min(1),
    name: str,
    type: str,
    url: str,
    authorization: z.looseObject({ scheme: str, parameters: z.record(z.string(), z.unknown()).nullish() }).nullish(),
    createdBy: z.looseObject({ id: str, uniqueName: str, displayName: str, descriptor: str }).nullish(),
    isShared: z.boolean().nullish(),
    isReady: z.boolean().nullish(),
    isDisabled: z.boolean().nullish(),
  })
  .transform((raw): ServiceEndpoint => {
    const target = raw.url ? toRequestTarget(raw.url) : undefined;
    const createdBy = raw.createdBy;
    return {
      projectName: raw.projectName,
      id: raw.id,
      ...(raw.name ? { name: raw.name } : {}),
      ...(raw.type ? { type: raw.type } : {}),
      ...(target?.url ? { url: target.url } : {}),
      ...(target?.host ? { host: target.host } : {}),
      ...(raw.authorization?.scheme ? { authorizationScheme: raw.authorization.scheme } : {}),
      account: accountOf(raw.authorization?.parameters),
      ...(createdBy
        ? {
            createdBy: {
              ...(createdBy.id ? { id: createdBy.id } : {}),
              ...(createdBy.uniqueName ? { uniqueName: createdBy.uniqueName } : {}),
              ...(createdBy.displayName ? { displayName: createdBy.displayName } : {}),
              ...(createdBy.descriptor ? { descriptor: createdBy.descriptor } : {}),
            },
          }
        : {}),
      ...(typeof raw.isShared === 'boolean' ? { isShared: raw.isShared } : {}),
      ...(typeof raw.isReady === 'boolean' ? { isReady: raw.isReady } : {}),
      ...(typeof raw.isDisabled === 'boolean' ? { isDisabled: raw.isDisabled } : {}),
    };
  });

export async function fetchServiceEndpoints(client: AzureDevOpsClient, projectNames: readonly string[], map: ConcurrentMap = allAtOnce): Promise<ParsedRecords<ServiceEndpoint>> {
  const records: ServiceEndpoint[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const answers = await map(projectNames, (projectName) => unlessNotFound(() => client.getAll(ADO_HOSTS.core, client.orgPath(projectName, '_apis/serviceendpoint/endpoints'), { 'api-version': '7.1' })));
  for (const [i, projectName] of projectNames.entries()) {
    const items = answers[i];
    if (items === undefined) continue; // deleted since it was listed
    const tagged = items.map((item) => (typeof item === 'object' && item !== null ? { ...item, projectName } : item));
    const parsed = parseRecords(tagged, serviceEndpointSchema, { system: 'azuredevops', endpoint: '/{org}/{project}/_apis/serviceendpoint/endpoints' });
    records.push(...parsed.records);
    quarantined.push(...parsed.quarantined);
  }
  return { records, quarantined };
}

/** The credential a connection holds, by its authorization scheme; undefined when it holds none. */
export function endpointCredentialSubtype(scheme: string | undefined, account: EndpointAccount = {}): CredentialProps['subtype'] | undefined {
  const s = (scheme ?? '').toLowerCase();
  if (s === '' || s === 'none' || s === 'managedserviceidentity') return undefined; // nothing held: the agent's own identity, or anonymous
  if (s === 'workloadidentityfederation') return 'federated_identity_credential';
  if (s === 'serviceprincipal') return account.authenticationType?.toLowerCase() === 'spncertificate' ? 'certificate' : 'client_secret';
  if (s === 'usernamepassword' || s === 'basic') return 'basic_auth';
  if (s === 'certificate') return 'certificate';
  if (s.startsWith('oauth')) return 'oauth_refresh_token';
  return 'api_token';
}

/** Entra service principals by tenant and appId, for linking a connection to the identity it names. */
export type ServicePrincipalLookup = (tenantId: string, appId: string) => { id: string } | undefined;

export interface ServiceEndpointGraphInput {
  endpoints: readonly ServiceEndpoint[];
  executions?: readonly ServiceEndpointExecution[];
  /** Undefined: no Entra tenant was read, so an Entra-named identity cannot be found here. */
  servicePrincipal?: ServicePrincipalLookup;
}

function latestExecutions(executions: readonly ServiceEndpointExecution[]): Map<string, { at: string; count: number; result?: string }> {
  const latest = new Map<string, { at: string; count: number; result?: string }>();
  for (const execution of executions) {
    const key = `${execution.projectName}/${execution.endpointId}`;
    const seen = latest.get(key);
    if (!seen || Date.parse(execution.at) > Date.parse(seen.at)) latest.set(key, { at: execution.at, count: (seen?.count ?? 0) + 1, ...(execution.result ? { result: execution.result } : {}) });
    else seen.count += 1;
  }
  return latest;
}

export function serviceEndpointsToGraph(input: ServiceEndpointGraphInput, context: GraphContext, organization: string): GraphFragment {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const latest = latestExecutions(input.executions ?? []);
  const windowStart = Date.parse(context.observedAt) - context.settings.dormancyWindowDays * 86_400_000;
  for (const endpoint of input.endpoints) {
    const id = adoServiceEndpointId(organization, endpoint.projectName, endpoint.id);
    const label = endpoint.name ?? endpoint.id;
    const scheme = endpoint.authorizationScheme;
    const account = endpoint.account ?? {};
    nodes.set(id, {
      id,
      kind: 'connection',
      system: 'azuredevops',
      name: `${endpoint.type ? `${endpoint.type} service connection` : 'Service connection'} ${label}`,
      props: {
        subtype: 'service_endpoint',
        nativeId: `${endpoint.projectName}/${endpoint.id}`,
        ...(endpoint.host ? { host: endpoint.host } : {}),
        ...(endpoint.url ? { url: endpoint.url } : {}),
        ...(endpoint.type ? { connectorId: endpoint.type } : {}),
        ...(scheme ? { sendsCredential: scheme.toLowerCase() !== 'none', credentialMechanism: scheme } : {}),
      },
    });
    const owner = endpoint.createdBy ? ownerForIdentityRef(organization, endpoint.createdBy) : undefined;
    if (owner) {
      nodes.set(owner.id, owner);
      edges.push({ kind: 'CREATED_BY', from: id, to: owner.id, basis: 'observed', reason: 'service connection creator' });
    }
    // Execution records: pipeline jobs that used the connection (its evidence of use).
    const executed = latest.get(`${endpoint.projectName}/${endpoint.id}`);
    if (executed) {
      const evidenceId = adoServiceEndpointEvidenceId(organization, endpoint.projectName, endpoint.id);
      nodes.set(evidenceId, {
        id: evidenceId,
        kind: 'execution_evidence',
        system: 'azuredevops',
        name: `Executions of service connection ${label}`,
        props: { subtype: 'pipeline_execution', lastAt: new Date(executed.at).toISOString(), count: executed.count, source: 'Azure DevOps service connection execution history' },
      });
      edges.push({ kind: 'EVIDENCES', from: evidenceId, to: id, basis: 'observed', reason: `last execution ${executed.result ?? ''}`.trim() });
    }
    const subtype = endpointCredentialSubtype(scheme, account);
    if (!subtype) continue;
    const credentialId = adoServiceEndpointCredentialId(organization, endpoint.projectName, endpoint.id);
    const email = adoEmail(account.username);
    nodes.set(credentialId, {
      id: credentialId,
      kind: 'credential',
      system: 'azuredevops',
      name: `Service connection ${label} (${scheme ?? 'credential'})`,
      props: {
        subtype,
        nativeId: `${endpoint.projectName}/${endpoint.id}`,
        ...(account.tenantId ? { tenantId: account.tenantId } : {}),
        // The account at the target service, for correlate/ to link by e-mail (the Jira site's account).
        ...(email ? { accountEmail: email } : {}),
        ...(account.appId ? { accountAppId: account.appId } : {}),
        ...(account.federationIssuer ? { federatedIssuer: account.federationIssuer } : {}),
        ...(account.federationSubject ? { federatedSubject: account.federationSubject } : {}),
      },
    });
    edges.push({ kind: 'USES', from: id, to: credentialId, basis: 'observed', reason: `authorization scheme ${scheme ?? 'unknown'}` });
    const evidenced = executed !== undefined && Date.parse(executed.at) >= windowStart;
    if (account.appId && account.tenantId) {
      // Named by tenant and application id: exactly one service principal, when that tenant was read.
      const sp = input.servicePrincipal?.(account.tenantId, account.appId);
      if (sp) {
        const federated = account.federationSubject ? `; federated subject ${account.federationSubject}` : '';
        edges.push({
          kind: 'AUTHENTICATES_AS',
          from: credentialId,
          to: entraIdentityId(account.tenantId.toLowerCase(), sp.id),
          basis: 'observed',
          reason: `service connection ${label} names tenant ${account.tenantId} and application ${account.appId}${federated}`,
          evidenced,
        });
      }
      continue;
    }
    if (email || !endpoint.host) continue; // by e-mail: correlate/ links it; no host: nothing to name the account by
    const accountName = account.username ?? `${label} credential`;
    const externalId = externalAccountId(endpoint.host, account.username ?? `${endpoint.projectName}/${endpoint.id}`);
    nodes.set(externalId, {
      id: externalId,
      kind: 'identity',
      system: 'external',
      name: `${accountName} at ${endpoint.host}`,
      // Only a hop of this connection: findings about it go to the connection's credential.
      props: { subtype: 'external_account', nativeId: `${endpoint.host}/${accountName}`, human: false, enabled: true, origin: 'unknown', derivedFrom: credentialId },
    });
    edges.push({
      kind: 'AUTHENTICATES_AS',
      from: credentialId,
      to: externalId,
      basis: 'inferred',
      reason: `service connection ${label} signs in to ${endpoint.host}${account.username ? ` as ${account.username}` : ''}, an account no source describes`,
      evidenced,
    });
  }
  return { nodes: [...nodes.values()], edges };
}
