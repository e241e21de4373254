/**
 * The settings of a source that keeps its own (src/sources/<system>/source.ts `settings`), drawn from what the
 * source describes: its fields, a write-only secret (the field says one is stored, never shows it), Save, Test
 * connection (each permission granted, missing or not provable) and Turn off. Stored the moment it is saved, like
 * an Entra tenant; a new source needs no code here.
 */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import { ErrorMessage, HelperMessage, Label } from '@atlaskit/form';
import Lozenge from '@atlaskit/lozenge';
import { Inline, Stack, Text } from '@atlaskit/primitives';
import SectionMessage from '@atlaskit/section-message';
import TextField from '@atlaskit/textfield';
import { token } from '@atlaskit/tokens';
import { PermissionList } from '../PermissionList/PermissionList';
import { removeSourceSettings, saveSourceSettings, testSourceConnection } from '../../api/sourceSettings';
import type { SourceConnectionResult, SourceSettingsView } from '../../api/types';


export function SourceConnectionView({ result }: { result: SourceConnectionResult }) {
  const missing = result.permissions.filter((p) => p.granted === false);
  const title = result.ok && missing.length === 0 ? 'Connected' : missing.length ? `${missing.length} permission${missing.length === 1 ? ' is' : 's are'} missing` : 'The connection failed';
  return (
    <div data-testid={`source-test-${result.id}`} style={{ marginTop: token('space.150') }}>
      <SectionMessage appearance={result.ok && missing.length === 0 ? 'success' : 'warning'} title={title}>
        {result.error && <p>{result.error}</p>}
        {result.permissions.length > 0 && <PermissionList permissions={result.permissions} label="Permissions" testIdPrefix="source-permission-" />}
      </SectionMessage>
    </div>
  );
}

export function SourceSettingsForm({ source, onChanged }: { source: SourceSettingsView; onChanged: () => void }) {
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(source.fields.filter((f) => f.kind === 'text').map((f) => [f.key, f.value ?? ''])));
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<'save' | 'test' | 'remove' | null>(null);
  const [test, setTest] = useState<SourceConnectionResult | null>(null);
  const fieldId = (key: string) => `source-${source.id}-${key}`;

  const save = async () => {
    // Required everywhere: an empty text field, or a secret never stored, is named before anything is sent.
    const found: Record<string, string> = {};
    for (const field of source.fields) {
      if (field.kind === 'text' && !(values[field.key] ?? '').trim()) found[field.key] = `Enter the ${field.label}.`;
      if (field.kind === 'secret' && !field.stored && !(secrets[field.key] ?? '')) found[field.key] = `Enter the ${field.label}.`;
    }
    setErrors(found);
    setMessage(null);
    if (Object.keys(found).length) return;
    setBusy('save');
    const sentSecrets = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v.length > 0));
    const result = await saveSourceSettings(source.id, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()])), sentSecrets);
    setBusy(null);
    if (result.ok) {
      setSecrets({});
      setMessage({ ok: true, text: `${source.label} saved. The next scan reads it.` });
      onChanged();
    } else setMessage({ ok: false, text: result.error.message });
  };
  const runTest = async () => {
    setBusy('test');
    const result = await testSourceConnection(source.id);
    setBusy(null);
    if (result.ok) setTest(result.data);
    else setMessage({ ok: false, text: result.error.message });
  };
  const remove = async () => {
    setBusy('remove');
    const result = await removeSourceSettings(source.id);
    setBusy(null);
    if (result.ok) {
      setTest(null);
      setMessage({ ok: true, text: `${source.label} is off; its stored credential was deleted.` });
      onChanged();
    } else setMessage({ ok: false, text: result.error.message });
  };

  return (
    <Stack space="space.150" testId={`source-settings-${source.id}`}>
      <Inline space="space.100" alignBlock="center">
        <Text weight="semibold">{source.label}</Text>
        <Lozenge appearance={source.configured ? 'success' : 'default'}>{source.configured ? 'On' : 'Off'}</Lozenge>
      </Inline>
      <Text color="color.text.subtle">{source.description}</Text>
      {source.fields.map((field) => (
        <div key={field.key}>
          <Label htmlFor={fieldId(field.key)}>{field.label}</Label>
          {field.kind === 'text' ? (
            <TextField id={fieldId(field.key)} value={values[field.key] ?? ''} placeholder={field.placeholder} isCompact isInvalid={Boolean(errors[field.key])} onChange={(e) => setValues({ ...values, [field.key]: e.currentTarget.value })} />
          ) : (
            <TextField id={fieldId(field.key)} type="password" autoComplete="off" value={secrets[field.key] ?? ''} placeholder={field.stored ? 'Stored; leave empty to keep it' : field.placeholder} isCompact isInvalid={Boolean(errors[field.key])} onChange={(e) => setSecrets({ ...secrets, [field.key]: e.currentTarget.value })} />
          )}
          {errors[field.key] ? <ErrorMessage>{errors[field.key]}</ErrorMessage> : <HelperMessage>{field.help}</HelperMessage>}
        </div>
      ))}
      <Inline space="space.100" shouldWrap>
        <Button appearance="primary" onClick={() => void save()} isLoading={busy === 'save'} testId={`source-save-${source.id}`}>
          Save {source.label}
        </Button>
        {source.canTest && source.configured && (
          <Button onClick={() => void runTest()} isLoading={busy === 'test'} testId={`source-test-button-${source.id}`}>
            Test connection
          </Button>
        )}
        {source.configured && (
          <Button appearance="subtle" onClick={() => void remove()} isLoading={busy === 'remove'} testId={`source-remove-${source.id}`}>
            Turn off
          </Button>
        )}
      </Inline>
      <div role="status">{message && <Text color={message.ok ? 'color.text.success' : 'color.text.danger'}>{message.text}</Text>}</div>
      {test && <SourceConnectionView result={test} />}
    </Stack>
  );
}
