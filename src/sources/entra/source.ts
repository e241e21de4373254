/** Microsoft Entra ID, one or more tenants, through Microsoft Graph with each tenant's app registration. */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { Settings } from '../../model/settings';
import { AppError } from '../../shared/errors';
import type { SourceDescriptor, SourcePorts } from '../source-descriptor';
import { createTokenProvider, type EntraAppCredentials } from './acquire-token';
import { createGraphClient } from './graph-client';
import { entraExtractionSteps } from './extraction-steps';
import { entraGraphBuilder } from './to-graph';

/** Secret store key of a tenant's client secret. */
export const entraSecretKey = (tenantId: string) => `secret:entra:${tenantId}`;

/** A configured tenant's app credentials, its secret read only when a token is requested. */
export function entraCredentials(settings: Settings, ports: Pick<SourcePorts, 'secret'>, tenantId: string): EntraAppCredentials {
  const tenant = settings.entraTenants.find((t) => t.tenantId === tenantId);
  if (!tenant) throw new AppError('NOT_CONFIGURED', `Entra tenant ${tenantId} is not configured`, { tenantId });
  return { tenantId, clientId: tenant.clientId, readClientSecret: () => ports.secret(entraSecretKey(tenantId)) };
}

/** One Graph client per tenant for the life of the ports, shared with other sources that read Entra (flow owner groups). */
export function entraGraphFor(settings: Settings, ports: SourcePorts): (tenantId: string) => Promise<Client> {
  // Only clients whose first token came: a refused token is asked again by the next step, not remembered.
  const clients = ports.shared('entra:graph-clients', () => new Map<string, Client>());
  return async (tenantId) => {
    const existing = clients.get(tenantId);
    if (existing) return existing;
    const getToken = createTokenProvider(entraCredentials(settings, ports, tenantId), ports.egressFetch, ports.sleep);
    // Fail here, with the token endpoint's own explanation, rather than inside the Graph SDK, which wraps every
    // middleware error into a status-less GraphError. The token is cached for the calls that follow.
    await getToken();
    const client = createGraphClient(getToken, ports.egressFetch);
    clients.set(tenantId, client);
    return client;
  };
}

export const entraSource: SourceDescriptor = {
  id: 'entra',
  label: 'Microsoft Entra ID',
  describes: ['entra', 'm365', 'people'],
  coverage: {
    evidence: ['directory-audits', 'sign-in-activity', 'credential-sign-ins', 'synchronization-jobs'],
    // Agent identities carry their sponsors, who answer for each agent as owners do.
    ownership: ['service-principals', 'agent-identities', 'applications', 'owners', 'users', 'groups'],
  },
  egress: ['https://login.microsoftonline.com', 'https://graph.microsoft.com'],
  extractionSteps: (settings, ports, observedAt) => {
    const graphFor = entraGraphFor(settings, ports);
    return settings.entraTenants.flatMap((tenant) => entraExtractionSteps(tenant, graphFor, { observedAt }));
  },
  graphBuilders: (settings) => settings.entraTenants.map((t) => entraGraphBuilder(t.tenantId)),
};
