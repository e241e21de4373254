/**
 * Credentials an admin declared (settings.credentialDeclarations): each attaches to its holder (Jira by accountId,
 * Entra by tenant + appId), or completes a credential of the same type an extractor already saw on the holder or
 * on a hop derived from it, never adding a second node for the same secret.
 */
import { applyCredentialDeclarations } from '../../src/correlate/declared-credentials';
import type { CredentialDeclaration } from '../../src/settings/settings';
import type { GraphNode } from '../../src/model/schema';
import {
  OTHER_TENANT,
  TENANT,
  authenticatesAs,
  authenticatesTo,
  credential,
  graphOf,
  jiraAppUser,
  only,
  scimDirectory,
  servicePrincipal,
} from '../support/graph-fixtures';

const bridgeApp = jiraAppUser('Ticket Bridge for Jira', { accountId: 'acc-ticket-bridge' });
const provisioner = servicePrincipal('directory-provisioner');

const declaredForJira = (overrides: Partial<CredentialDeclaration> = {}): CredentialDeclaration => ({
  subject: { system: 'jira', accountId: 'acc-ticket-bridge' },
  credentialType: 'shared_secret',
  expiresDateTime: null,
  declaredBy: 'acc-admin',
  ...overrides,
});

const declaredForEntra = (overrides: Partial<CredentialDeclaration> = {}): CredentialDeclaration => ({
  subject: { system: 'entra', tenantId: TENANT, appId: provisioner.props.appId ?? '' },
  credentialType: 'bearer_token',
  displayName: 'SCIM secret token',
  createdDateTime: '2025-06-01T00:00:00Z',
  expiresDateTime: null,
  ...overrides,
});

const credentialProps = (node: GraphNode | undefined) => (node?.kind === 'credential' ? (node as GraphNode<'credential'>).props : undefined);

describe('applyCredentialDeclarations', () => {
  it('attaches a declared credential to a Jira holder by accountId, declared, never expiring', () => {
    // Arrange
    const graph = graphOf(bridgeApp);

    // Act
    applyCredentialDeclarations(graph, [declaredForJira({ displayName: 'Connect shared secret' })]);

    // Assert
    const declared = only(graph.nodesOfKind('credential'));
    expect(declared).toMatchObject({ id: 'jira:credential:declared/acc-ticket-bridge/shared_secret', system: 'jira', name: 'Connect shared secret' });
    expect(declared.props).toMatchObject({ subtype: 'shared_secret', expiresAt: null });
    expect(only(graph.out(declared.id, 'AUTHENTICATES_AS'))).toMatchObject({ to: bridgeApp.id, basis: 'declared', reason: 'declared by acc-admin' });
  });

  it('attaches to an Entra service principal by tenant and appId', () => {
    const graph = graphOf(provisioner);

    applyCredentialDeclarations(graph, [declaredForEntra({ credentialType: 'client_secret', expiresDateTime: '2027-01-01T00:00:00Z' })]);

    const declared = only(graph.nodesOfKind('credential'));
    expect(declared.system).toBe('entra');
    expect(declared.props).toMatchObject({ subtype: 'client_secret', tenantId: TENANT, createdAt: '2025-06-01T00:00:00Z', expiresAt: '2027-01-01T00:00:00Z' });
    expect(graph.out(declared.id, 'AUTHENTICATES_AS').map((e) => e.to)).toEqual([provisioner.id]);
  });

  it('completes an existing same-type credential of a derived hop instead of adding a duplicate', () => {
    const scim = scimDirectory(provisioner);
    const inferredToken = credential('secret token', { subtype: 'bearer_token' });
    const graph = graphOf(provisioner, scim, authenticatesTo(provisioner, scim), inferredToken, authenticatesAs(inferredToken, scim));

    applyCredentialDeclarations(graph, [declaredForEntra()]);

    const token = only(graph.nodesOfKind('credential'));
    expect(token.id).toBe(inferredToken.id);
    expect(token.name).toBe('SCIM secret token');
    expect(token.props).toMatchObject({ subtype: 'bearer_token', expiresAt: null, createdAt: '2025-06-01T00:00:00Z' });
  });

  it('keeps what the extractor knew when the declaration leaves a field out', () => {
    const seen = credential('Connect shared secret', { system: 'jira', subtype: 'shared_secret', expiresAt: '2027-03-01T00:00:00Z' });
    const graph = graphOf(bridgeApp, seen, authenticatesAs(seen, bridgeApp));

    applyCredentialDeclarations(graph, [declaredForJira({ expiresDateTime: undefined })]);

    expect(credentialProps(graph.node(seen.id))?.expiresAt).toBe('2027-03-01T00:00:00Z');
    expect(graph.node(seen.id)?.name).toBe('Connect shared secret');
  });

  it('adds a new credential when the holder only has one of another type', () => {
    const cert = credential('Ticket Bridge certificate', { system: 'jira', subtype: 'certificate', expiresAt: '2027-03-01T00:00:00Z' });
    const graph = graphOf(bridgeApp, cert, authenticatesAs(cert, bridgeApp));

    applyCredentialDeclarations(graph, [declaredForJira()]);

    expect(new Set(graph.nodesOfKind('credential').map((c) => c.props.subtype))).toEqual(new Set(['certificate', 'shared_secret']));
  });

  it('attaches nothing when the holder is not in this sync, or is in another tenant', () => {
    const graph = graphOf(provisioner);

    applyCredentialDeclarations(graph, [
      declaredForJira({ subject: { system: 'jira', accountId: 'acc-unknown' } }),
      declaredForEntra({ subject: { system: 'entra', tenantId: OTHER_TENANT, appId: provisioner.props.appId ?? '' } }),
    ]);

    expect(graph.nodesOfKind('credential')).toEqual([]);
  });

  it('is idempotent: declaring twice gives one credential', () => {
    const graph = graphOf(bridgeApp);

    applyCredentialDeclarations(graph, [declaredForJira(), declaredForJira()]);

    expect(graph.nodesOfKind('credential')).toHaveLength(1);
  });

  it('names an unnamed declaration with spaces for every underscore ("oauth refresh token of ...")', () => {
    // declared-credentials.ts:47 uses String.replace('_', ' '), which replaces only the first underscore.
    const graph = graphOf(bridgeApp);

    applyCredentialDeclarations(graph, [declaredForJira({ credentialType: 'oauth_refresh_token' })]);

    expect(only(graph.nodesOfKind('credential')).name).toBe('oauth refresh token of Ticket Bridge for Jira');
  });
});
