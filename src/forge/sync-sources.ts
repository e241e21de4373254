/**
 * Wires the registered sources (src/sources/registry/registry.ts) to Forge: Jira as the app, the other clouds through
 * egress, secrets from Forge secret storage. Each configured source contributes its extraction steps and its graph
 * builders; nothing here knows one source from another.
 */
import { HOST_CONCURRENCY, HostGates } from '../shared/concurrency';
import { realSleep } from '../shared/http';
import type { SourcePorts } from '../sources/source-descriptor';
import { jiraClientOf } from '../sources/jira/source';
import { SOURCES } from '../sources/registry/registry';
import type { Settings } from '../settings/settings';
import { readDataset } from '../store/dataset-store';

import type { SyncSources } from '../sync/run-step';
import { JiraWriter } from '../tickets/jira-writer';
import { egressFetch as forgeEgressFetch, jiraAsApp } from './adapters/http';
import { kvsStore } from './adapters/kvs-store';
import { findingEntityStore } from './adapters/finding-entity-store';
import { UPLOAD_SCOPE } from '../store/layout';

/** `cloudId` is the Jira site's (from the invocation's installContext); the Automation API is addressed by it. */
export function createForgeSyncSources(cloudId?: string): SyncSources {
  // Every extraction request passes its host's gate: bounded requests in flight, and Retry-After / NearLimit
  // answers slow the whole host down, not only the request that got them.
  const gates = new HostGates(HOST_CONCURRENCY, realSleep);
  const shared = new Map<string, unknown>();
  const ports: SourcePorts = {
    jiraRequest: (path, init) => gates.for('jira').run(() => jiraAsApp(path, init)),
    egressFetch: (url, init) => gates.for(new URL(url).host).run(() => forgeEgressFetch(url, init)),
    sleep: realSleep,
    secret: (key) => kvsStore.getSecret(key),
    upload: (dataset) => readDataset(kvsStore, UPLOAD_SCOPE, dataset),
    ...(cloudId ? { cloudId } : {}),
    shared: <T>(key: string, create: () => T): T => {
      if (!shared.has(key)) shared.set(key, create());
      return shared.get(key) as T;
    },
  };

  return {
    jira: jiraClientOf(ports),
    findings: findingEntityStore,
    ticketWriter: new JiraWriter(jiraAsApp, realSleep),
    sleep: realSleep,
    extractionSteps: (settings: Settings, observedAt: () => string | undefined) => SOURCES.flatMap((source) => source.extractionSteps(settings, ports, observedAt)),
    graphBuilders: (settings: Settings, siteHost: string) => SOURCES.flatMap((source) => source.graphBuilders(settings, { host: siteHost })),
  };
}
