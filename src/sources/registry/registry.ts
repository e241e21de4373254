/**
 * Every source system the app reads, in the order their steps are planned. A new source is its folder under
 * src/sources/ with a `source.ts` descriptor, and one line here (docs/adding-a-source.md).
 */
import type { SourceDescriptor } from '../source-descriptor';
import type { SourceSystem } from '../source-step';
import type { SystemName } from '../../model/schema';
import { jiraSource } from '../jira/source';
import { automationSource } from '../automation/source';
import { entraSource } from '../entra/source';
import { powerAutomateSource } from '../powerautomate/source';
import { azureDevOpsSource } from '../azuredevops/source';
import { atlassianOrgSource } from '../atlassianorg/source';

export const SOURCES: readonly SourceDescriptor[] = [jiraSource, automationSource, entraSource, powerAutomateSource, azureDevOpsSource, atlassianOrgSource];

export function sourceById(id: SourceSystem): SourceDescriptor | undefined {
  return SOURCES.find((source) => source.id === id);
}

/** The sources whose steps describe nodes of a graph system (automation rules live in Jira, read by two sources). */
export function sourcesDescribing(system: SystemName): SourceSystem[] {
  return SOURCES.filter((source) => source.describes.includes(system)).map((source) => source.id);
}

/** Every host any source calls through Forge egress, once each. */
export function egressHosts(): string[] {
  return [...new Set(SOURCES.flatMap((source) => source.egress))];
}
