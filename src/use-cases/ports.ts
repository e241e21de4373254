/**
 * What the use-cases need from the platform, as ports: storage (KeyValueStore, FindingStore, from src/store/), the
 * product and the internet (ProductRequest, EgressFetch, from src/shared/http.ts), who the caller is allowed to see,
 * and the clock. src/forge/adapters/ports.ts binds them to Forge; tests bind them to maps and fakes.
 */
import type { Finding, FindingStatus } from '../findings/finding';
import type { EgressFetch, ProductRequest, Sleep } from '../shared/http';
import type { FindingStore } from '../store/finding-store';
import type { KeyValueStore } from '../store/key-value-store';

/** Now, injected so what a use-case stamps (acknowledgedAt, a probe's checkedAt, a file's day) can be tested. */
export type Clock = () => Date;

/** Findings of one status, most severe first (on Forge, the finding entity's by-status index). */
export type FindingsByStatus = (status: FindingStatus) => Promise<Finding[]>;

/** What Jira lets the calling person do, asked as that person. */
export interface CallerAccess {
  /** Whether the caller administers Jira (ADMINISTER); anything but a clear yes is no. */
  isJiraAdmin(): Promise<boolean>;
  /** Of these project keys, the ones the caller may browse; anything but a clear answer shows nothing. */
  browsableAmong(keys: readonly string[]): Promise<Set<string>>;
}

/** The stored scan: the key-value store the sync writes its datasets and jobs to. */
export interface StorePorts {
  store: KeyValueStore;
}

/** The stored scan and the findings themselves. */
export interface FindingPorts extends StorePorts {
  findings: FindingStore;
}

/** Triage changes findings and stamps when. */
export interface TriagePorts extends FindingPorts {
  now: Clock;
}

/** The app's own Entra connection: the stored secret, egress to Entra and Graph, and the clock. */
export interface HealthPorts extends StorePorts {
  egress: EgressFetch;
  sleep: Sleep;
  now: Clock;
}

/** Jira as the app (the JSM catalogue is what the app, which opens the tickets, can see). */
export interface JiraAppPorts {
  asApp: ProductRequest;
}
