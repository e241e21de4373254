/**
 * Automation datasets -> graph fragment (docs/graph-mapping.md "Jira automation"). The API and the uploaded export
 * can both hold a rule; the API's copy wins (it is read at sync time, the export whenever it was uploaded).
 */
import type { GraphFragment } from '../../model/graph';
import type { GraphBuilder, GraphContext } from '../source-step';
import { AUTOMATION_DATASETS } from './extraction-steps';
import { automationRulesToGraph, type AutomationRule } from './rules';

export interface AutomationDatasets {
  rules?: AutomationRule[];
  exportedRules?: AutomationRule[];
}

export function automationToGraph(data: AutomationDatasets, context: GraphContext): GraphFragment {
  const byUuid = new Map<string, AutomationRule>();
  for (const rule of data.exportedRules ?? []) byUuid.set(rule.uuid, rule);
  for (const rule of data.rules ?? []) byUuid.set(rule.uuid, rule);
  return automationRulesToGraph([...byUuid.values()], context);
}

/** Automation's part of the graph: the API's rules and the last uploaded export. */
export function automationGraphBuilder(): GraphBuilder<GraphFragment> {
  return {
    system: 'automation',
    async build(read, context) {
      const data: AutomationDatasets = { rules: await read(AUTOMATION_DATASETS.rules), exportedRules: await read(AUTOMATION_DATASETS.exportedRules) };
      return { fragment: automationToGraph(data, context) };
    },
  };
}
