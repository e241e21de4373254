/**
 * Automation datasets -> graph fragment (docs/graph-mapping.md "Jira automation"). The API and the uploaded export
 * can both hold a rule; the API's copy wins (it is read at sync time, the export whenever it was uploaded).
 */
import type { GraphFragment } from '../../model/graph';
import type { GraphContext } from '../source-step';
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
