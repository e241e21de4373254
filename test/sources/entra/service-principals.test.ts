import { applicationsToGraph } from '../../../src/sources/entra/applications';
import { originOf, servicePrincipalSchema, servicePrincipalsToGraph } from '../../../src/sources/entra/service-principals';
import { parseRecords } from '../../../src/sources/parse-records';
import { application, context, MICROSOFT_SERVICES_TENANT, OTHER_TENANT, servicePrincipal, TENANT } from './entra-records';

const identity = (spId: string) => `entra:identity:${TENANT}/${spId}`;

describe('origin of a service principal', () => {
  it.each([
    ['registered in this tenant', { appOwnerOrganizationId: TENANT }, 'first_party'],
    ['registered by another organisation', { appOwnerOrganizationId: OTHER_TENANT }, 'third_party'],
    ['Microsoft Services', { appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT }, 'microsoft'],
    ['Microsoft corp', { appOwnerOrganizationId: '72f988bf-86f1-41af-91ab-2d7cd011db47' }, 'microsoft'],
    ['no owner organisation', { appOwnerOrganizationId: null }, 'unknown'],
    ['a managed identity (reported under a Microsoft tenant)', { appOwnerOrganizationId: MICROSOFT_SERVICES_TENANT, servicePrincipalType: 'ManagedIdentity' }, 'first_party'],
  ] as const)('%s', (_what, fields, expected) => {
    expect(originOf(servicePrincipal('sp-1', 'app-1', fields), TENANT)).toBe(expected);
  });
});

it('makes each service principal an identity and each of its own credentials a credential authenticating as it', () => {
  // Arrange
  const vendorApp = servicePrincipal('sp-vendor', 'app-vendor', {
    displayName: 'Vendor Sync',
    appOwnerOrganizationId: OTHER_TENANT,
    replyUrls: ['https://sync.vendor.example/callback', 'https://sync.vendor.example/other', 'ms-app://not-a-host'],
    passwordCredentials: [{ keyId: 'secret-1', displayName: 'ci', startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' }],
    keyCredentials: [
      { keyId: 'cert-1', type: 'AsymmetricX509Cert', usage: 'Verify', endDateTime: '2027-06-01T00:00:00Z' },
      { keyId: 'saml-signing', type: 'AsymmetricX509Cert', usage: 'Sign', endDateTime: '2027-06-01T00:00:00Z' },
    ],
  });
  const disabledIdentity = servicePrincipal('sp-mi', 'app-mi', { servicePrincipalType: 'ManagedIdentity', accountEnabled: false });

  // Act
  const fragment = servicePrincipalsToGraph([vendorApp, disabledIdentity], context(), TENANT);

  // Assert
  expect(fragment.nodes.find((n) => n.id === identity('sp-vendor'))).toEqual({
    id: identity('sp-vendor'),
    kind: 'identity',
    system: 'entra',
    name: 'Vendor Sync',
    props: { subtype: 'service_principal', tenantId: TENANT, nativeId: 'sp-vendor', appId: 'app-vendor', human: false, enabled: true, origin: 'third_party', replyUrlHosts: ['sync.vendor.example'] },
  });
  expect(fragment.nodes.find((n) => n.id === identity('sp-mi'))?.props).toMatchObject({ subtype: 'managed_identity', enabled: false, origin: 'first_party' });
  const credentials = fragment.nodes.filter((n) => n.kind === 'credential');
  expect(new Set(credentials.map((c) => c.id))).toEqual(new Set([`entra:credential:${TENANT}/sp/sp-vendor/secret-1`, `entra:credential:${TENANT}/sp/sp-vendor/cert-1`]));
  expect(credentials.find((c) => c.id.endsWith('secret-1'))?.props).toMatchObject({ subtype: 'client_secret', onServicePrincipal: true, createdAt: '2026-01-01T00:00:00Z', expiresAt: '2027-01-01T00:00:00Z' });
  expect(credentials.find((c) => c.id.endsWith('cert-1'))?.props).toMatchObject({ subtype: 'certificate', onServicePrincipal: true });
  expect(new Set(fragment.edges.map((e) => `${e.kind} ${e.from} ${e.to}`))).toEqual(
    new Set([`AUTHENTICATES_AS entra:credential:${TENANT}/sp/sp-vendor/secret-1 ${identity('sp-vendor')}`, `AUTHENTICATES_AS entra:credential:${TENANT}/sp/sp-vendor/cert-1 ${identity('sp-vendor')}`]),
  );
});

it('quarantines a service principal record without an appId and keeps the rest', () => {
  // Arrange
  const items = [servicePrincipal('sp-good', 'app-good'), { id: 'sp-broken', displayName: 'No appId' }];

  // Act
  const parsed = parseRecords(items, servicePrincipalSchema, { system: 'entra', endpoint: '/v1.0/servicePrincipals' });
  const fragment = servicePrincipalsToGraph(parsed.records, context(), TENANT);

  // Assert
  expect(parsed.records.map((r) => r.id)).toEqual(['sp-good']);
  expect(parsed.quarantined).toEqual([expect.objectContaining({ id: 'sp-broken', index: 1, issues: [expect.stringMatching(/^appId:/)] })]);
  expect(fragment.nodes.map((n) => n.id)).toEqual([identity('sp-good')]);
});

describe('applications', () => {
  it('attaches application credentials and the publisher domain to the service principal with the same appId', () => {
    // Arrange
    const jsmSp = servicePrincipal('sp-jsm', 'app-jsm', { displayName: 'JSM mail' });
    const jsmRegistration = application('obj-jsm', 'app-jsm', {
      publisherDomain: 'Example.TEST',
      passwordCredentials: [{ keyId: 'secret-2026', displayName: 'mail-2026', endDateTime: '2027-03-01T00:00:00Z' }],
    });
    const registrationWithoutSp = application('obj-orphan', 'app-nowhere', { passwordCredentials: [{ keyId: 'secret-x' }] });

    // Act
    const fragment = applicationsToGraph([jsmRegistration, registrationWithoutSp], [jsmSp], context(), TENANT);

    // Assert
    const credentialId = `entra:credential:${TENANT}/app/obj-jsm/secret-2026`;
    expect(new Set(fragment.nodes.map((n) => n.id))).toEqual(new Set([identity('sp-jsm'), credentialId]));
    expect(fragment.nodes.find((n) => n.id === identity('sp-jsm'))?.props).toMatchObject({ publisherDomain: 'example.test', origin: 'first_party' });
    expect(fragment.nodes.find((n) => n.id === credentialId)?.props).toMatchObject({ subtype: 'client_secret', onServicePrincipal: false, expiresAt: '2027-03-01T00:00:00Z' });
    expect(fragment.edges).toEqual([expect.objectContaining({ kind: 'AUTHENTICATES_AS', from: credentialId, to: identity('sp-jsm'), basis: 'observed' })]);
  });
});
