/**
 * How the calling person sees findings: a Jira administrator sees everything; anyone else sees the Jira projects
 * Jira lets them browse, and no site or mailbox (src/findings/visibility.ts). Only the projects a page actually names
 * are asked about, once, together.
 */
import type { Finding } from '../findings/finding';
import type { FindingRow } from '../findings/query';
import { hiddenNames, visibleFinding, visibleRow, type NamedResource, type Visibility } from '../findings/visibility';
import { hiddenInRadius, visibleBlast, visibleInsight } from '../findings/visibility-surfaces';
import { readDataset } from '../store/dataset-store';

import type { FindingDetail } from '../api/contract';
import { detailOf, detailWithOwners } from './finding-reads';
import type { CallerAccess, StorePorts } from './ports';
import { LATEST_FINISHED_KEY, RESOURCE_NAMES_DATASET } from '../store/layout';

/** Reading as the caller: the stored scan, and what Jira lets the caller see. */
export interface CallerPorts extends StorePorts {
  caller: CallerAccess;
}

async function readResourceNames({ store }: StorePorts): Promise<NamedResource[]> {
  const syncId = await store.get<string>(LATEST_FINISHED_KEY);
  return (syncId ? await readDataset<NamedResource>(store, syncId, RESOURCE_NAMES_DATASET) : undefined) ?? [];
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
export async function callerView(ports: CallerPorts, subjects: { findings?: readonly Finding[]; rows?: readonly FindingRow[]; projectKeys?: readonly string[] }): Promise<CallerView> {
  if (await ports.caller.isJiraAdmin()) return { finding: (f) => f, row: (r) => r, detail: (d) => d };
  const resources = await readResourceNames(ports);
  const texts = [
    ...(subjects.rows ?? []).map((r) => r.summary),
    ...(subjects.findings ?? []).flatMap((f) => [f.summary, ...f.evidence.map((e) => e.text), ...f.chainNodes.map((n) => n.name)]),
  ].join('\n');
  const named = resources.filter((r) => r.subtype === 'jira_project' && r.key && (texts.includes(r.key) || texts.includes(r.name))).map((r) => r.key as string);
  const keys = [...named, ...(subjects.projectKeys ?? []), ...(subjects.findings ?? []).flatMap((f) => [...f.projectKeys, ...f.chainNodes.flatMap((n) => (n.key ? [n.key] : []))])];
  const visibility: Visibility = { all: false, browsableProjects: await ports.caller.browsableAmong(keys) };
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
export async function visibleDetailOf(ports: CallerPorts, finding: Finding): Promise<FindingDetail> {
  const full = await detailWithOwners(ports, finding);
  const view = await callerView(ports, { findings: [finding], projectKeys: (full.blast?.nodes ?? []).flatMap((n) => (n.projectKey ? [n.projectKey] : [])) });
  return view.detail(full);
}
