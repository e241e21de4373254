/**
 * One Entra tenant's connection: tenant id, client id, and a write-only client secret (never displayed: the field
 * only says a secret is stored). "Test connection" shows each Graph application permission the scanner needs as
 * granted or missing.
 */
import { useEffect, useRef, useState } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import SectionMessage from '@atlaskit/section-message';
import TextField from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { saveEntraTenant } from '../../api/saveEntraTenant';
import { testConnection } from '../../api/testConnection';
import type { ConnectionTestResult, Envelope, SettingsView } from '../../api/types';
import { PermissionList } from '../PermissionList/PermissionList';
import { Refusal } from '../Refusal/Refusal';

type Tenant = SettingsView['entraTenants'][number];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function ConnectionTestView({ result }: { result: ConnectionTestResult }) {
  const missing = result.permissions.filter((p) => !p.granted);
  return (
    <div data-testid="connection-test" style={{ marginTop: token('space.150') }}>
      <SectionMessage appearance={result.ok ? 'success' : 'warning'} title={result.ok ? 'Connected: every permission is granted' : missing.length ? `${missing.length} permission${missing.length === 1 ? ' is' : 's are'} missing` : 'The connection failed'}>
        {result.error && <p>{result.error}</p>}
        <PermissionList permissions={result.permissions} label="Microsoft Graph permissions" testIdPrefix="permission-" />
      </SectionMessage>
    </div>
  );
}

export function EntraTenantForm({ tenant, onSaved, testNow }: { tenant?: Tenant; onSaved: () => void; testNow?: number }) {
  const isNew = tenant === undefined;
  const [tenantId, setTenantId] = useState(tenant?.tenantId ?? '');
  const [clientId, setClientId] = useState(tenant?.clientId ?? '');
  const [displayName, setDisplayName] = useState(tenant?.displayName ?? '');
  const [secret, setSecret] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [saveResult, setSaveResult] = useState<Envelope<unknown> | null>(null);
  const [test, setTest] = useState<Envelope<ConnectionTestResult> | null>(null);
  const idPrefix = `entra-${tenant?.tenantId ?? 'new'}`;

  const save = async () => {
    const found: Record<string, string> = {};
    if (!GUID.test(tenantId.trim())) found.tenantId = 'Enter the directory (tenant) id, a GUID.';
    if (!GUID.test(clientId.trim())) found.clientId = 'Enter the application (client) id, a GUID.';
    if (!secret && !tenant?.hasClientSecret) found.secret = 'Enter the client secret.';
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy('save');
    const result = await saveEntraTenant({ tenantId: tenantId.trim(), clientId: clientId.trim(), ...(displayName.trim() ? { displayName: displayName.trim() } : {}), ...(secret ? { clientSecret: secret } : {}) });
    setBusy(null);
    setSaveResult(result);
    if (result.ok) {
      setSecret('');
      onSaved();
    }
  };
  const runTest = async () => {
    setBusy('test');
    setTest(null);
    setTest(await testConnection(tenant?.tenantId ?? tenantId.trim()));
    setBusy(null);
  };
  // Asked from the overview's health list: test this tenant as soon as it shows.
  const tested = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (testNow === undefined || tested.current === testNow || !tenant) return;
    tested.current = testNow;
    setBusy('test');
    setTest(null);
    void testConnection(tenant.tenantId).then((result) => {
      setTest(result);
      setBusy(null);
    });
  }, [testNow, tenant]);

  return (
    <fieldset data-testid={isNew ? 'entra-tenant-new' : `entra-tenant-${tenant.tenantId}`} style={{ border: `1px solid ${token('color.border')}`, borderRadius: 8, padding: token('space.200'), margin: 0 }}>
      <legend style={{ padding: '0 4px', fontWeight: token('font.weight.semibold') }}>{isNew ? 'Add an Entra tenant' : tenant.displayName || tenant.tenantId}</legend>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(240px, 1fr))', gap: token('space.150') }}>
        <div>
          <Label htmlFor={`${idPrefix}-name`}>Display name</Label>
          <TextField id={`${idPrefix}-name`} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} isCompact />
        </div>
        <div>
          <Label htmlFor={`${idPrefix}-tenant`}>Directory (tenant) id</Label>
          <TextField id={`${idPrefix}-tenant`} value={tenantId} onChange={(e) => setTenantId(e.currentTarget.value)} isCompact isReadOnly={!isNew} isInvalid={Boolean(errors.tenantId)} />
          {errors.tenantId && <ErrorMessage>{errors.tenantId}</ErrorMessage>}
        </div>
        <div>
          <Label htmlFor={`${idPrefix}-client`}>Application (client) id</Label>
          <TextField id={`${idPrefix}-client`} value={clientId} onChange={(e) => setClientId(e.currentTarget.value)} isCompact isInvalid={Boolean(errors.clientId)} />
          {errors.clientId && <ErrorMessage>{errors.clientId}</ErrorMessage>}
        </div>
        <div>
          <Label htmlFor={`${idPrefix}-secret`}>Client secret</Label>
          <TextField
            id={`${idPrefix}-secret`}
            type="password"
            autoComplete="new-password"
            value={secret}
            onChange={(e) => setSecret(e.currentTarget.value)}
            placeholder={tenant?.hasClientSecret ? 'stored' : 'required'}
            isCompact
            isInvalid={Boolean(errors.secret)}
            testId={`${idPrefix}-secret`}
          />
          {errors.secret ? (
            <ErrorMessage>{errors.secret}</ErrorMessage>
          ) : (
            <HelperMessage>{tenant?.hasClientSecret ? 'A secret is stored. It is never shown; enter a new one only to replace it.' : 'Stored in Forge secret storage; never shown again.'}</HelperMessage>
          )}
        </div>
      </div>
      <div style={{ display: 'flex', gap: 8, marginTop: token('space.150') }}>
        <Button appearance="primary" onClick={() => void save()} isLoading={busy === 'save'} testId={`${idPrefix}-save`}>
          {isNew ? 'Add tenant' : 'Save'}
        </Button>
        {!isNew && (
          <Button onClick={() => void runTest()} isLoading={busy === 'test'} testId={`${idPrefix}-test`}>
            Test connection
          </Button>
        )}
      </div>
      {saveResult && !saveResult.ok && (
        <div style={{ marginTop: token('space.150') }}>
          <Refusal error={saveResult.error} />
        </div>
      )}
      {test && (test.ok ? <ConnectionTestView result={test.data} /> : <Refusal error={test.error} />)}
    </fieldset>
  );
}
