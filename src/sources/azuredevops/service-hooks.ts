/**
 * Azure DevOps service hook subscriptions: events pushed to an outside service.
 * Endpoint: GET https://dev.azure.com/{org}/_apis/hooks/subscriptions?api-version=7.1, {count, value} (not paged).
 * https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions/list
 * Quirks:
 * - consumerInputs depend on the consumer: webHooks/httpRequest has url, basicAuthUsername, basicAuthPassword
 *   (masked "********" on read) and httpHeaders ("Name: value" lines, values NOT masked); other consumers hold
 *   connection strings, account keys or tokens. Only the destination (scheme, host, path), the names of headers and
 *   inputs that carry a credential and whether basic auth is set are kept.
 * - status: enabled | onProbation (still delivering, after failures) | disabledByUser | disabledBySystem | ...
 *   Optional in the official schema (Subscription.status?: SubscriptionStatus, microsoft/azure-devops-node-api
 *   api/interfaces/ServiceHooksInterfaces.ts), whose zero value is Enabled: an answer without it is an enabled
 *   subscription (the serializer leaves the default out), never a reason to drop the record.
 * - createdBy may be a platform identity (descriptor `s2s.`, "Microsoft.VisualStudio.Services.TFS", uniqueName
 *   `<guid>@<guid>`): the platform owns such a subscription, no person does.
 * - publisherInputs.projectId scopes the subscription to a project.
 */
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { isCredentialHeaderName, looksLikeCredentialValue, requestCredentialSubtype, toRequestTarget } from '../automation/request-target';
import { parseRecords, type ParsedRecords } from '../parse-records';
import type { GraphContext } from '../source-step';
import { ADO_HOSTS, type AzureDevOpsClient } from './azure-devops-client';
import { adoHookConnectionId, adoHookCredentialId, adoHookWorkloadId, adoProjectResourceId, ownerForIdentityRef, type AdoIdentityRef } from './node-ids';

export interface HookTarget {
  url?: string;
  host?: string;
  basicAuth: boolean;
  credentialHeaders: string[];
  credentialQueryParams: string[];
  /** Names of other consumer inputs that hold a credential (password, token, connectionString, accountKey...). */
  credentialInputs: string[];
  userInfo: boolean;
  secretInPath?: boolean;
}

export interface ServiceHookSubscription {
  id: string;
  /** Absent when the API leaves out the default (Enabled). */
  status?: string;
  publisherId?: string;
  eventType?: string;
  consumerId?: string;
  consumerActionId?: string;
  createdBy?: AdoIdentityRef;
  createdDate?: string;
  modifiedDate?: string;
  projectId?: string;
  target: HookTarget;
}

const str = z.string().nullish();
const identityRefSchema = z.looseObject({ id: str, uniqueName: str, displayName: str, descriptor: str });

export const serviceHookSchema = z
  .looseObject({
    id: z.string().min(1),
    status: str,
    publisherId: str,
    eventType: str,
    consumerId: str,
    consumerActionId: str,
    createdBy: identityRefSchema.nullish(),
    createdDate: str,
    modifiedDate: str,
    publisherInputs: z.record(z.string(), z.unknown()).nullish(),
    consumerInputs: z.record(z.string(), z.unknown()).nullish(),
  })
  .transform(
    (raw): ServiceHookSubscription => ({
      id: raw.id,
      ...optional('status', raw.status),
      ...optional('publisherId', raw.publisherId),
      ...optional('eventType', raw.eventType),
      ...optional('consumerId', raw.consumerId),
      ...optional('consumerActionId', raw.consumerActionId),
      ...(raw.createdBy ? { createdBy: identityRef(raw.createdBy) } : {}),
      ...optional('createdDate', raw.createdDate),
      ...optional('modifiedDate', raw.modifiedDate),
      ...optional('projectId', typeof raw.publisherInputs?.projectId === 'string' ? raw.publisherInputs.projectId : undefined),
      target: hookTarget(raw.consumerInputs ?? {}),
    }),
  );

function optional<K extends string>(key: K, value: string | null | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

function identityRef(ref: z.infer<typeof identityRefSchema>): AdoIdentityRef {
  return { ...optional('id', ref.id), ...optional('uniqueName', ref.uniqueName), ...optional('displayName', ref.displayName), ...optional('descriptor', ref.descriptor) };
}

const URL_INPUTS = ['url', 'serverBaseUrl', 'webHookUrl', 'uri'];
const CREDENTIAL_INPUT = /password|token|secret|key|connectionstring|sas|credential/i;

/** Where a subscription delivers and with what credential, read from consumerInputs without keeping any value. */
function hookTarget(inputs: Record<string, unknown>): HookTarget {
  const text = (name: string) => {
    const value = inputs[name];
    return typeof value === 'string' ? value : '';
  };
  const urlInput = URL_INPUTS.find((name) => /^https?:\/\//i.test(text(name))) ?? Object.keys(inputs).find((name) => /url$/i.test(name) && /^https?:\/\//i.test(text(name)));
  const target = urlInput ? toRequestTarget(text(urlInput)) : undefined;
  // Service Bus / Storage consumers name their destination inside a connection string.
  const endpointHost = Object.values(inputs)
    .map((v) => (typeof v === 'string' ? /Endpoint=sb:\/\/([^/;]+)/i.exec(v)?.[1] : undefined))
    .find((h): h is string => Boolean(h));
  const headerNames = text('httpHeaders')
    .split(/\r?\n/)
    .map((line) => ({ name: line.split(':', 1)[0]?.trim() ?? '', value: line.slice(line.indexOf(':') + 1) }))
    .filter((h) => h.name !== '' && (isCredentialHeaderName(h.name) || looksLikeCredentialValue(h.value)))
    .map((h) => h.name);
  const credentialInputs = Object.keys(inputs).filter((name) => !/^basicAuth/i.test(name) && CREDENTIAL_INPUT.test(name) && text(name) !== '');
  const host = target?.host ?? endpointHost?.toLowerCase();
  return {
    ...(target?.url ? { url: target.url } : {}),
    ...(host ? { host } : {}),
    basicAuth: text('basicAuthUsername') !== '' || text('basicAuthPassword') !== '',
    credentialHeaders: [...new Set(headerNames)].sort(),
    credentialQueryParams: target?.credentialQueryParams ?? [],
    credentialInputs: credentialInputs.sort(),
    userInfo: target?.userInfo ?? false,
    ...(target?.secretInPath ? { secretInPath: true } : {}),
  };
}

export async function fetchServiceHooks(client: AzureDevOpsClient): Promise<ParsedRecords<ServiceHookSubscription>> {
  const items = await client.getAll(ADO_HOSTS.core, client.orgPath('_apis/hooks/subscriptions'), { 'api-version': '7.1' });
  return parseRecords(items, serviceHookSchema, { system: 'azuredevops', endpoint: '/{org}/_apis/hooks/subscriptions' });
}

function describeHookCredential(target: HookTarget): { sendsCredential?: boolean; credentialMechanism?: string } {
  const mechanisms: string[] = [];
  if (target.basicAuth) mechanisms.push('basic auth');
  if (target.credentialHeaders.length > 0) mechanisms.push(`header ${target.credentialHeaders.join(', ')}`);
  if (target.credentialQueryParams.length > 0) mechanisms.push(`query parameter ${target.credentialQueryParams.join(', ')}`);
  if (target.credentialInputs.length > 0) mechanisms.push(`input ${target.credentialInputs.join(', ')}`);
  if (target.userInfo) mechanisms.push('user-info in the URL');
  if (target.secretInPath) mechanisms.push('secret in the webhook URL');
  if (mechanisms.length > 0) return { sendsCredential: true, credentialMechanism: mechanisms.join('; ') };
  return target.host ? { sendsCredential: false } : {};
}

const ACTIVE_STATUSES = new Set(['enabled', 'onprobation']);

export function serviceHooksToGraph(subscriptions: readonly ServiceHookSubscription[], _context: GraphContext, organization: string): GraphFragment {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const hook of subscriptions) {
    const workloadId = adoHookWorkloadId(organization, hook.id);
    const connectionId = adoHookConnectionId(organization, hook.id);
    const consumer = [hook.consumerId, hook.consumerActionId].filter(Boolean).join('/');
    nodes.set(workloadId, {
      id: workloadId,
      kind: 'workload',
      system: 'azuredevops',
      name: `Service hook ${hook.eventType ?? hook.id}${hook.target.host ? ` to ${hook.target.host}` : ''}`,
      props: {
        subtype: 'ado_service_hook',
        nativeId: hook.id,
        enabled: ACTIVE_STATUSES.has((hook.status ?? 'enabled').toLowerCase()),
        executionMode: 'autonomous',
        ...(hook.eventType ? { trigger: [hook.publisherId, hook.eventType].filter(Boolean).join(' ') } : {}),
      },
    });
    nodes.set(connectionId, {
      id: connectionId,
      kind: 'connection',
      system: 'azuredevops',
      name: `${consumer || 'service hook'} ${hook.target.host ?? '(destination unknown)'}`,
      props: {
        subtype: 'webhook',
        nativeId: hook.id,
        ...(hook.target.host ? { host: hook.target.host } : {}),
        ...(hook.target.url ? { url: hook.target.url } : {}),
        ...(hook.consumerActionId === 'httpRequest' ? { method: 'POST' } : {}),
        ...describeHookCredential(hook.target),
      },
    });
    edges.push({ kind: 'SENDS_TO', from: workloadId, to: connectionId, basis: 'observed', reason: `consumer ${consumer || 'unknown'}` });
    const credential = describeHookCredential(hook.target);
    if (credential.sendsCredential) {
      // The secret is masked by the API and never stored; the node lets correlate/ say whom it authenticates as.
      const credentialId = adoHookCredentialId(organization, hook.id);
      nodes.set(credentialId, {
        id: credentialId,
        kind: 'credential',
        system: 'azuredevops',
        name: `Credential of service hook to ${hook.target.host ?? 'an unknown destination'}`,
        props: { subtype: requestCredentialSubtype({ basicAuth: hook.target.basicAuth, userInfo: hook.target.userInfo, credentialQueryParams: hook.target.credentialQueryParams }), nativeId: hook.id },
      });
      edges.push({ kind: 'USES', from: connectionId, to: credentialId, basis: 'observed', reason: credential.credentialMechanism });
    }
    if (hook.projectId) edges.push({ kind: 'TRIGGERS_ON', from: workloadId, to: adoProjectResourceId(organization, hook.projectId), basis: 'observed', reason: 'publisher project' });
    const owner = hook.createdBy ? ownerForIdentityRef(organization, hook.createdBy) : undefined;
    if (owner) {
      nodes.set(owner.id, owner);
      edges.push({ kind: 'CREATED_BY', from: workloadId, to: owner.id, basis: 'observed', reason: 'subscription creator' });
      edges.push({ kind: 'OWNED_BY', from: workloadId, to: owner.id, basis: 'observed', reason: 'subscription creator (no other owner is recorded)' });
    }
  }
  return { nodes: [...nodes.values()], edges };
}
