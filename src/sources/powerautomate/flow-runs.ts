/**
 * Flow run history: when each flow last ran (execution evidence).
 * Endpoint: GET https://api.flow.microsoft.com/providers/Microsoft.ProcessSimple/scopes/admin/environments/{env}/flows/{flow}/runs
 * ?api-version=2016-11-01&$top=50, {value, nextLink}, newest first (Logic Apps run history).
 * https://learn.microsoft.com/rest/api/logic/workflow-runs/list
 * Quirks:
 * - Only the first page is read: it holds the latest run, which is all the evidence needs, and busy flows keep
 *   thousands of runs (28 days).
 * - Run items carry outputsLink / inputsLink URLs signed with a SAS (`sig=`): only name, times and status are kept.
 */
import { type ConcurrentMap, allAtOnce, unlessNotFound } from '../../shared/concurrency';
import { z } from 'zod';
import type { GraphFragment } from '../../model/graph';
import type { GraphEdge, GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords, type QuarantinedRecord } from '../parse-records';
import type { GraphContext } from '../source-step';
import type { FlowRef } from './flow-owners';
import { flowRunsEvidenceId, flowWorkloadId } from './node-ids';
import { POWER_PLATFORM_HOSTS, segment, tagItems, type PowerPlatformClient } from './power-platform-client';

export const RUNS_PAGE_SIZE = 50;

export const flowRunsPath = (environmentName: string, flowName: string) =>
  `/providers/Microsoft.ProcessSimple/scopes/admin/environments/${segment(environmentName)}/flows/${segment(flowName)}/runs`;

export interface FlowRun {
  environmentName: string;
  flowName: string;
  name: string;
  startTime: string;
  endTime?: string;
  status?: string;
}

export const flowRunSchema = z
  .looseObject({
    environmentName: z.string(),
    flowName: z.string(),
    name: z.string(),
    properties: z.looseObject({ startTime: z.string().refine((t) => !Number.isNaN(Date.parse(t)), 'must be an ISO date-time'), endTime: z.string().nullish(), status: z.string().nullish() }),
  })
  .transform(
    (raw): FlowRun => ({
      environmentName: raw.environmentName,
      flowName: raw.flowName,
      name: raw.name,
      startTime: raw.properties.startTime,
      ...(raw.properties.endTime ? { endTime: raw.properties.endTime } : {}),
      ...(raw.properties.status ? { status: raw.properties.status } : {}),
    }),
  );

export async function fetchFlowRuns(client: PowerPlatformClient, flows: readonly FlowRef[], map: ConcurrentMap = allAtOnce): Promise<ParsedRecords<FlowRun>> {
  const records: FlowRun[] = [];
  const quarantined: QuarantinedRecord[] = [];
  const answers = await map(flows, (flow) => unlessNotFound(() => client.getFirstPage(POWER_PLATFORM_HOSTS.flow, flowRunsPath(flow.environmentName, flow.name), { $top: String(RUNS_PAGE_SIZE) })));
  for (const [i, flow] of flows.entries()) {
    const items = answers[i];
    if (items === undefined) continue; // deleted since it was listed
    const parsed = parseRecords(tagItems(items, { environmentName: flow.environmentName, flowName: flow.name }), flowRunSchema, {
      system: 'powerautomate',
      endpoint: '/scopes/admin/environments/{env}/flows/{flow}/runs',
    });
    records.push(...parsed.records);
    quarantined.push(...parsed.quarantined);
  }
  return { records, quarantined };
}

/** One evidence node per flow that ran: the latest run start (any status: a failed run still ran). */
export function flowRunsToGraph(runs: readonly FlowRun[], _context: GraphContext): GraphFragment {
  const latest = new Map<string, { run: FlowRun; count: number }>();
  for (const run of runs) {
    const key = `${run.environmentName}/${run.flowName}`;
    const seen = latest.get(key);
    if (!seen) latest.set(key, { run, count: 1 });
    else latest.set(key, { run: Date.parse(run.startTime) > Date.parse(seen.run.startTime) ? run : seen.run, count: seen.count + 1 });
  }
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (const { run, count } of latest.values()) {
    const id = flowRunsEvidenceId(run.environmentName, run.flowName);
    nodes.push({
      id,
      kind: 'execution_evidence',
      system: 'powerautomate',
      name: `Runs of flow ${run.flowName}`,
      props: { subtype: 'flow_run', lastAt: new Date(run.startTime).toISOString(), count, source: 'Power Automate run history (first page)' },
    });
    edges.push({ kind: 'EVIDENCES', from: id, to: flowWorkloadId(run.environmentName, run.flowName), basis: 'observed', reason: `last run ${run.status ?? ''}`.trim() });
  }
  return { nodes, edges };
}
