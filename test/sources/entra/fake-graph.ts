/**
 * Test-only: a real Microsoft Graph SDK client against the fake cloud (dev/fake/fake-cloud.ts). The egress fetch
 * keeps the https URLs the SDK builds (graph.microsoft.com, login.microsoftonline.com) and sends them to the loopback
 * fake with the real host in x-sv0-upstream-host, as the local runtime does.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { FakeCloud } from '../../../dev/fake/fake-cloud';
import { createTokenProvider } from '../../../src/sources/entra/acquire-token';
import { createGraphClient } from '../../../src/sources/entra/graph-client';
import { egressToFakeCloud, noSleep, type RecordedRequest } from '../automation/fake-cloud-egress';

export async function graphClientFor(cloud: FakeCloud, tenantId: string, log: RecordedRequest[] = []): Promise<Client> {
  const secrets = cloud.tenant.json.secrets.entra[tenantId];
  if (!secrets) throw new Error(`The fake tenant has no Entra secret for ${tenantId}`);
  const fetch = egressToFakeCloud(cloud.url, log);
  const getToken = createTokenProvider({ tenantId, clientId: secrets.clientId, readClientSecret: async () => secrets.clientSecret }, fetch, noSleep);
  await getToken();
  return createGraphClient(getToken, fetch, { maxRetries: 0 });
}
