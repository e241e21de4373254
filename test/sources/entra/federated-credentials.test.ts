/** Federated identity credentials: who issues the tokens, and which service principal they sign in as. */
import { federatedCredentialsToGraph, federationIssuer, type FederatedCredential } from '../../../src/sources/entra/federated-credentials';
import type { Application } from '../../../src/sources/entra/applications';
import type { ServicePrincipal } from '../../../src/sources/entra/service-principals';

const T = '0c0ffee0-0000-4000-8000-00000000000a';

it('names the issuer by the URLs Microsoft documents, and anything else a plain OIDC issuer', () => {
  expect(federationIssuer('https://token.actions.githubusercontent.com')).toBe('github_actions');
  expect(federationIssuer('https://vstoken.dev.azure.com/3f0b1a2c-0000-4000-8000-000000000001')).toBe('azure_devops');
  expect(federationIssuer('https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/v2.0')).toBe('entra');
  expect(federationIssuer('https://oidc.eks.eu-west-1.amazonaws.com/id/ABC')).toBe('other');
  expect(federationIssuer('not a url')).toBe('other');
});

it('makes each federated credential authenticate as its application’s service principal, and skips apps with none here', () => {
  const apps = [
    { id: 'app-1', appId: 'client-1', displayName: 'Deployer' },
    { id: 'app-2', appId: 'client-2', displayName: 'Multi-tenant app registered elsewhere' },
  ] as unknown as Application[];
  const sps = [{ id: 'sp-1', appId: 'client-1', displayName: 'Deployer' }] as unknown as ServicePrincipal[];
  const records: FederatedCredential[] = [
    { id: 'fic-1', applicationId: 'app-1', name: 'ado-prod', issuer: 'https://vstoken.dev.azure.com/org-guid', subject: 'sc://contoso/infra/prod-connection', audiences: ['api://AzureADTokenExchange'] },
    { id: 'fic-2', applicationId: 'app-2', name: 'orphan', issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:x/y:ref:refs/heads/main' },
  ];

  const fragment = federatedCredentialsToGraph(records, apps, sps, T);

  expect(fragment.nodes.map((n) => [n.id, n.name])).toEqual([[`entra:credential:${T}/app/app-1/fic/fic-1`, 'Azure DevOps federation "ado-prod" of Deployer']]);
  expect(fragment.nodes[0]?.props).toMatchObject({ subtype: 'federated_identity_credential', federatedSubject: 'sc://contoso/infra/prod-connection' });
  // No end date: expiry stays unknown, so no hygiene check calls a federation "never expiring".
  expect(fragment.nodes[0]?.props).not.toHaveProperty('expiresAt');
  expect(fragment.edges).toEqual([expect.objectContaining({ kind: 'AUTHENTICATES_AS', from: `entra:credential:${T}/app/app-1/fic/fic-1`, to: `entra:identity:${T}/sp-1`, basis: 'observed' })]);
});
