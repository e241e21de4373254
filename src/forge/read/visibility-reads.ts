/**
 * What the calling person may see, asked of Jira as that person: a Jira administrator sees everything; anyone else
 * sees the Jira projects Jira lets them browse (project/search as the user lists only those), and no site or
 * mailbox. Only the projects a page actually names are asked about.
 */
import { z } from 'zod';
import type { Finding } from '../../findings/finding';
import type { FindingRow } from '../../findings/query';
import { hiddenNames, visibleFinding, visibleRow, type NamedResource, type Visibility } from '../../findings/visibility';
import { hiddenInRadius, visibleBlast, visibleInsight } from '../../findings/visibility-surfaces';
import type { FindingDetail } from '../../api/contract';
import { detailOf, detailWithOwners } from './finding-reads';
import { readDataset } from '../../store/dataset-store';
import { RESOURCE_NAMES_DATASET } from '../../sync/read-models';
import { LATEST_FINISHED_KEY } from '../../sync/sync-state';
import { jiraAsUser } from '../adapters/http';
import { kvsStore } from '../adapters/kvs-store';

const KEYS_PER_SEARCH = 50;
const projectPageSchema = z.looseObject({ values: z.array(z.looseObject({ key: z.string() })), isLast: z.boolean().optional() });

async function isJiraAdmin(): Promise<boolean> {
  const response = await jiraAsUser('/rest/api/3/mypermissions?permissions=ADMINISTER', { headers: { Accept: 'application/json' } });
  if (response.status !== 200) return false;
  const parsed = z.looseObject({ permissions: z.record(z.string(), z.looseObject({ havePermission: z.boolean() })) }).safeParse(JSON.parse(await response.text()));
  return parsed.success && parsed.data.permissions.ADMINISTER?.havePermission === true;
}

/** Of these project keys, the ones the caller may browse (project/search as the user, by key). */
async function browsableAmong(keys: readonly string[]): Promise<Set<string>> {
  const browsable = new Set<string>();
  const unique = [...new Set(keys)];
  for (let start = 0; start < unique.length; start += KEYS_PER_SEARCH) {
    const batch = unique.slice(start, start + KEYS_PER_SEARCH);
    const query = batch.map((k) => `keys=${encodeURIComponent(k)}`).join('&');
    const response = await jiraAsUser(`/rest/api/3/project/search?${query}&maxResults=${KEYS_PER_SEARCH}`, { headers: { Accept: 'application/json' } });
    // Anything but a clear answer shows nothing: the safe way to be wrong.
    if (response.status !== 200) continue;
    const page = projectPageSchema.safeParse(JSON.parse(await response.text()));
    if (page.success) for (const project of page.data.values) browsable.add(project.key);
  }
  return browsable;
}

async function readResourceNames(): Promise<NamedResource[]> {
  const syncId = await kvsStore.get<string>(LATEST_FINISHED_KEY);
  return (syncId ? await readDataset<NamedResource>(kvsStore, syncId, RESOURCE_NAMES_DATASET) : undefined) ?? [];
}

export interface CallerView {
  finding(finding: Finding): Finding & { restricted?: number };
  row(row: FindingRow): FindingRow;
  /** A finding's whole detail: its finding and sections, and its blast radius and insight. */
  detail(detail: FindingDetail): FindingDetail;
}

/**
 * How the caller sees these findings or rows: the projects they name (by key in the chain and project list, or by
 * name or key in the text) are checked once, together.
 */
export async function callerView(subjects: { findings?: readonly Finding[]; rows?: readonly FindingRow[]; projectKeys?: readonly string[] }): Promise<CallerView> {
  if (await isJiraAdmin()) return { finding: (f) => f, row: (r) => r, detail: (d) => d };
  const resources = await readResourceNames();
  const texts = [
    ...(subjects.rows ?? []).map((r) => r.summary),
    ...(subjects.findings ?? []).flatMap((f) => [f.summary, ...f.evidence.map((e) => e.text), ...f.chainNodes.map((n) => n.name)]),
  ].join('\n');
  const named = resources.filter((r) => r.subtype === 'jira_project' && r.key && (texts.includes(r.key) || texts.includes(r.name))).map((r) => r.key as string);
  const keys = [...named, ...(subjects.projectKeys ?? []), ...(subjects.findings ?? []).flatMap((f) => [...f.projectKeys, ...f.chainNodes.flatMap((n) => (n.key ? [n.key] : []))])];
  const visibility: Visibility = { all: false, browsableProjects: await browsableAmong(keys) };
  const finding = (f: Finding) => visibleFinding(f, resources, visibility);
  return {
    finding,
    row: (r) => visibleRow(r, resources, visibility),
    detail: (d) => {
      const names = [...new Set([...hiddenNames(resources, visibility), ...(d.blast ? hiddenInRadius(d.blast, visibility) : [])])];
      return {
        ...d,
        ...detailOf(finding(d.finding), d.owners),
        ...(d.blast ? { blast: visibleBlast(d.blast, visibility, names) } : {}),
        ...(d.insight ? { insight: visibleInsight(d.insight, visibility, names) } : {}),
      };
    },
  };
}

/** A finding's detail as the caller may see it, its blast radius and fixes included. */
export async function visibleDetailOf(finding: Finding): Promise<FindingDetail> {
  const full = await detailWithOwners(finding);
  const view = await callerView({ findings: [finding], projectKeys: (full.blast?.nodes ?? []).flatMap((n) => (n.projectKey ? [n.projectKey] : [])) });
  return view.detail(full);
}
