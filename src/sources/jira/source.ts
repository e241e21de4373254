/** Jira itself, read natively as the app: projects, permission schemes, roles, groups, users and audit records. */
import type { SourceDescriptor } from '../source-descriptor';
import { JiraClient } from './jira-client';
import { jiraExtractionSteps } from './extraction-steps';
import { jiraGraphBuilder } from './to-graph';

/** The sync's Jira client (the clock step reads serverInfo through the same one). */
export const jiraClientOf = (ports: Pick<Parameters<SourceDescriptor['extractionSteps']>[1], 'jiraRequest' | 'sleep' | 'shared'>) =>
  ports.shared('jira:client', () => new JiraClient(ports.jiraRequest, ports.sleep));

export const jiraSource: SourceDescriptor = {
  id: 'jira',
  label: 'Jira',
  describes: ['jira', 'people'],
  coverage: { evidence: ['audit-records'], ownership: ['users', 'groups'] },
  egress: [],
  extractionSteps: (_settings, ports, observedAt) => jiraExtractionSteps(jiraClientOf(ports), observedAt),
  graphBuilders: (_settings, site) => [jiraGraphBuilder(site.host)],
};
