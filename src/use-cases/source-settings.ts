/**
 * Settings of the sources that keep their own slice (a descriptor's `settings`, src/sources/source-descriptor.ts):
 * the admin page renders one form per such source from what this returns, and saves, removes and tests it here.
 * A source added later needs no code in this file, the resolvers or the page. Secret fields go to the secret store
 * under the key the source names and come back only as "stored" or not.
 */
import { AppError, describeError } from '../shared/errors';
import { redactText } from '../shared/redact';
import type { EgressFetch, ProductRequest, Sleep } from '../shared/http';
import { readSettings, writeSettings } from '../settings/settings';
import { SOURCES } from '../sources/registry/registry';
import type { SourceDescriptor, SourcePorts, SourceSettingsSlice } from '../sources/source-descriptor';
import type { SourceConnectionResult, SourceSettingsView } from '../api/contract';
import type { StorePorts } from './ports';

type Configurable = SourceDescriptor & { settings: SourceSettingsSlice };

/** The registered sources; tests pass their own. */
type Sources = readonly SourceDescriptor[];

function configurable(id: string, sources: Sources): Configurable {
  const source = sources.find((s) => s.id === id);
  if (!source?.settings) throw new AppError('INVALID_INPUT', `There is no source "${id}" with settings of its own; the sources are ${sources.filter((s) => s.settings).map((s) => s.id).join(', ') || 'none'}`);
  return source as Configurable;
}

export async function sourceSettingsViews(ports: StorePorts, sources: Sources = SOURCES): Promise<SourceSettingsView[]> {
  const settings = await readSettings(ports.store);
  const views: SourceSettingsView[] = [];
  for (const source of sources) {
    if (!source.settings) continue;
    const values = settings.sources[source.id];
    const fields = await Promise.all(
      source.settings.fields.map(async (field) => ({
        key: field.key,
        label: field.label,
        help: field.help,
        kind: field.kind,
        ...(field.placeholder ? { placeholder: field.placeholder } : {}),
        ...(field.kind === 'secret' ? { stored: field.secretKey !== undefined && (await ports.store.getSecret(field.secretKey)) !== undefined } : { value: values?.[field.key] ?? '' }),
      })),
    );
    views.push({ id: source.id, label: source.label, description: source.settings.description, configured: values !== undefined, fields, canTest: source.testConnection !== undefined });
  }
  return views;
}

export interface SaveSourceSettings {
  id: string;
  values: Record<string, string>;
  /** Write-only; a secret field left out keeps the stored secret. */
  secrets: Record<string, string>;
}

export async function saveSourceSettings(ports: StorePorts, sent: SaveSourceSettings, sources: Sources = SOURCES): Promise<{ id: string; saved: true }> {
  const source = configurable(sent.id, sources);
  const { fields, schema } = source.settings;
  const textKeys = new Set(fields.filter((f) => f.kind === 'text').map((f) => f.key));
  const unknown = [...Object.keys(sent.values).filter((k) => !textKeys.has(k)), ...Object.keys(sent.secrets).filter((k) => !fields.some((f) => f.kind === 'secret' && f.key === k))];
  if (unknown.length > 0) throw new AppError('INVALID_INPUT', `${source.label} has no field ${unknown.join(', ')}`, { source: source.id });
  const parsed = schema.safeParse(sent.values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = fields.find((f) => f.key === issue?.path[0]);
    throw new AppError('INVALID_INPUT', `${source.label} not saved: ${field ? `${field.label} ` : ''}${issue?.message ?? 'is not valid'}`, { source: source.id, field: field?.key });
  }
  for (const field of fields) {
    if (field.kind !== 'secret' || !field.secretKey) continue;
    const value = sent.secrets[field.key];
    if (value !== undefined && value.length > 0) continue;
    if ((await ports.store.getSecret(field.secretKey)) === undefined) throw new AppError('INVALID_INPUT', `${source.label} not saved: enter the ${field.label}`, { source: source.id, field: field.key });
  }
  // Secrets first: a slice saved without its secret would make the next sync fail rather than skip.
  for (const field of fields) {
    const value = sent.secrets[field.key];
    if (field.kind === 'secret' && field.secretKey && value !== undefined && value.length > 0) await ports.store.setSecret(field.secretKey, value);
  }
  const settings = await readSettings(ports.store);
  await writeSettings(ports.store, { ...settings, sources: { ...settings.sources, [source.id]: parsed.data } });
  return { id: source.id, saved: true };
}

/** Turns the source off: its slice and its secrets are removed; what earlier syncs read stays until they age out. */
export async function removeSourceSettings(ports: StorePorts, id: string, sources: Sources = SOURCES): Promise<{ id: string; removed: true }> {
  const source = configurable(id, sources);
  const settings = await readSettings(ports.store);
  const { [source.id]: _removed, ...others } = settings.sources;
  await writeSettings(ports.store, { ...settings, sources: others });
  for (const field of source.settings.fields) if (field.kind === 'secret' && field.secretKey) await ports.store.deleteSecret(field.secretKey);
  return { id: source.id, removed: true };
}

export interface SourceTestPorts extends StorePorts {
  egress: EgressFetch;
  sleep: Sleep;
  asApp: ProductRequest;
}

export async function testSourceConnection(ports: SourceTestPorts, id: string, sources: Sources = SOURCES): Promise<SourceConnectionResult> {
  const source = configurable(id, sources);
  if (!source.testConnection) throw new AppError('INVALID_INPUT', `${source.label} has no connection test`, { source: source.id });
  const settings = await readSettings(ports.store);
  if (!settings.sources[source.id]) return { id: source.id, ok: false, error: `${source.label} is not configured: save its settings first`, permissions: [] };
  const shared = new Map<string, unknown>();
  const sourcePorts: SourcePorts = {
    jiraRequest: ports.asApp,
    egressFetch: ports.egress,
    sleep: ports.sleep,
    secret: (key) => ports.store.getSecret(key),
    upload: () => Promise.resolve(undefined),
    shared: <T>(key: string, create: () => T): T => {
      if (!shared.has(key)) shared.set(key, create());
      return shared.get(key) as T;
    },
  };
  try {
    return { id: source.id, ...(await source.testConnection(settings, sourcePorts)) };
  } catch (error) {
    // An upstream error may echo what it was sent: the source's own secrets are cut out by value, then by pattern.
    let text = describeError(error);
    for (const field of source.settings.fields) {
      const secret = field.kind === 'secret' && field.secretKey ? await ports.store.getSecret(field.secretKey) : undefined;
      if (secret) text = text.split(secret).join('[redacted]');
    }
    return { id: source.id, ok: false, error: redactText(text), permissions: [] };
  }
}
