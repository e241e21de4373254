/**
 * The automation extraction step: rules through the Automation API, when an admin stored an API token. Rules
 * uploaded as an export file do not go through a step: the admin page parses them (export-file.ts) and stores the
 * records under AUTOMATION_DATASETS.exportedRules.
 */
import type { ExtractionStep } from '../source-step';
import type { AutomationClient } from './automation-client';
import { fetchAutomationRules, type AutomationRule } from './rules';

export const AUTOMATION_DATASETS = {
  /** Rules read through the Automation API. */
  rules: 'automation.rules',
  /** Rules from the last uploaded export file. */
  exportedRules: 'automation.exportedRules',
} as const;

export function automationExtractionSteps(client: AutomationClient): ExtractionStep[] {
  return [
    {
      id: 'automation:rules',
      system: 'automation',
      label: 'Jira automation rules (Automation API)',
      dataset: AUTOMATION_DATASETS.rules,
      run: async ({ previous, map }) => fetchAutomationRules(client, (await previous<AutomationRule>(AUTOMATION_DATASETS.rules)) ?? [], map),
    },
  ];
}
