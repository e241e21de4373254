/**
 * The use-cases' ports (src/use-cases/ports.ts) bound to Forge: KVS and the finding entities for storage, requestJira
 * asApp and asUser, egress fetch, and the real clock. A resolver passes these to the use-case it calls.
 */
import { realSleep } from '../../shared/http';
import { jiraCallerAccess } from '../../use-cases/caller-access';
import type { ExportPorts } from '../../use-cases/exports';
import type { TicketPorts } from '../../use-cases/issue-panel';
import type { HealthPorts, JiraAppPorts, TriagePorts } from '../../use-cases/ports';
import type { ProjectPorts } from '../../use-cases/project-page';
import { findingByTicket, findingEntityStore, findingIdsForProject, listFindingsByStatus } from './finding-entity-store';
import { egressFetch, jiraAsApp, jiraAsUser } from './http';
import { kvsStore } from './kvs-store';

export type ForgePorts = TriagePorts & HealthPorts & ExportPorts & ProjectPorts & TicketPorts & JiraAppPorts;

export const forgePorts: ForgePorts = {
  store: kvsStore,
  findings: findingEntityStore,
  findingsByStatus: listFindingsByStatus,
  findingIdsForProject,
  findingByTicket,
  // asUser answers for the account of the invocation it is called in, so one binding serves every caller.
  caller: jiraCallerAccess(jiraAsUser),
  asApp: jiraAsApp,
  egress: egressFetch,
  sleep: realSleep,
  now: () => new Date(),
};
