/** Azure DevOps: service hooks, service connections, users and their PATs, with an admin's PAT from the secret store. */
import { z } from 'zod';
import type { Settings } from '../../model/settings';
import { readSourceSettings, type SourceDescriptor } from '../source-descriptor';
import { ADO_HOSTS, AzureDevOpsClient } from './azure-devops-client';
import { azureDevOpsExtractionSteps } from './extraction-steps';
import { azureDevOpsGraphBuilder } from './to-graph';

/** Secret store key of the Azure DevOps PAT. */
export const AZURE_DEVOPS_PAT_KEY = 'secret:azuredevops:pat';

export const azureDevOpsSettingsSchema = z.object({
  organization: z.string().trim().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/, 'must be the organization name after dev.azure.com/ (letters, digits and hyphens)'),
});

/** The organization to read, from the source's own settings slice (src/settings/settings.ts moves an older shape into it). */
export function azureDevOpsSettingsOf(settings: Settings): { organization: string } | undefined {
  return readSourceSettings(settings, 'azuredevops', azureDevOpsSettingsSchema);
}

export const azureDevOpsSource: SourceDescriptor = {
  id: 'azuredevops',
  label: 'Azure DevOps',
  describes: ['azuredevops', 'people'],
  // Service connection executions are the evidence that a connection was used, as deliveries are for hooks.
  coverage: { evidence: ['notifications', 'service-endpoint-executions'], ownership: ['subscriptions', 'users', 'personal-access-tokens'] },
  egress: Object.values(ADO_HOSTS).map((host) => `https://${host}`),
  extractionSteps: (settings, ports, observedAt) => {
    const ado = azureDevOpsSettingsOf(settings);
    if (!ado) return [];
    const client = new AzureDevOpsClient({ organization: ado.organization, readPat: () => ports.secret(AZURE_DEVOPS_PAT_KEY) }, ports.egressFetch, ports.sleep);
    return azureDevOpsExtractionSteps(client, observedAt);
  },
  graphBuilders: (settings) => {
    const ado = azureDevOpsSettingsOf(settings);
    return ado ? [azureDevOpsGraphBuilder(ado.organization)] : [];
  },
  settings: {
    description:
      'Service hooks (where Azure DevOps sends Jira and other data), service connections and their use, users and their personal access tokens, and the audit log. ' +
      'Read with a read-only personal access token of an organization administrator (scopes: Project and Team read, Service Hooks read, Token Administration read, Graph read, and optionally Audit log read with the "View audit log" permission), kept in Forge secret storage and sent only to Azure DevOps.',
    fields: [
      { key: 'organization', label: 'Organization', help: 'The name after dev.azure.com/ in your organization’s address.', kind: 'text', placeholder: 'contoso' },
      { key: 'pat', label: 'Personal access token', help: 'Read-only, with the scopes above; renew it before it expires.', kind: 'secret', secretKey: AZURE_DEVOPS_PAT_KEY },
    ],
    schema: azureDevOpsSettingsSchema,
  },
};
