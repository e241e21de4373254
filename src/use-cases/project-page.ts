/**
 * The project page's reads (module sv0-project), for a project the resolver has checked the caller may browse: the
 * findings whose principal reaches the project (or whose chain names it), as the caller may see them.
 */
import type { FindingListRequest, FindingListResponse } from '../findings/query';
import { AppError } from '../shared/errors';
import type { FindingDetail } from '../api/contract';
import { listFindings } from './finding-reads';
import type { FindingPorts } from './ports';
import { findingIdsReachingProject } from './surfaces';
import { callerView, visibleDetailOf, type CallerPorts } from './visibility';

export interface ProjectPorts extends CallerPorts, FindingPorts {
  /** Finding ids whose chain touches a project, most severe first (the finding store's project index). */
  findingIdsForProject(projectKey: string): Promise<string[]>;
}

/** The project's findings: by the reach index of the last sync, or by the chain index for a sync from before it. */
export async function projectFindingIds(ports: ProjectPorts, projectKey: string): Promise<string[]> {
  return (await findingIdsReachingProject(ports, projectKey)) ?? (await ports.findingIdsForProject(projectKey));
}

export async function listProjectFindings(ports: ProjectPorts, projectKey: string, request: FindingListRequest): Promise<FindingListResponse & { projectKey: string }> {
  const ids = new Set(await projectFindingIds(ports, projectKey));
  const list = await listFindings(ports, request, ids);
  // Other projects, sites and mailboxes a finding names are shown only to those who may see them.
  const view = await callerView(ports, { rows: list.rows });
  return { projectKey, ...list, rows: list.rows.map(view.row) };
}

export async function projectFindingDetail(ports: ProjectPorts, projectKey: string, id: string): Promise<FindingDetail> {
  if (!(await projectFindingIds(ports, projectKey)).includes(id)) throw new AppError('NOT_FOUND', `Finding ${id} does not touch project ${projectKey}`);
  const finding = await ports.findings.get(id);
  if (!finding) throw new AppError('NOT_FOUND', `No finding ${id}`);
  return visibleDetailOf(ports, finding);
}
