/**
 * Jira automation rules: through the Automation API when an admin stored an API token (Forge apps cannot read rules
 * natively, AUTO-1794), otherwise from the last export an admin uploaded.
 */
import { AppError } from '../../shared/errors';
import type { SourceDescriptor } from '../source-descriptor';
import { AUTOMATION_API_ORIGIN, AutomationClient } from './automation-client';
import { AUTOMATION_DATASETS, automationExtractionSteps } from './extraction-steps';
import { automationGraphBuilder } from './to-graph';

/** Secret store key of the admin's Automation API token. */
export const AUTOMATION_TOKEN_KEY = 'secret:automation:token';

export const automationSource: SourceDescriptor = {
  id: 'automation',
  label: 'Jira automation',
  describes: ['jira', 'people'],
  coverage: { evidence: [], ownership: ['rules', 'export'] },
  egress: [AUTOMATION_API_ORIGIN],
  extractionSteps: (settings, ports) => {
    if (settings.automation.source === 'api' && settings.automation.adminEmail && ports.cloudId) {
      const client = new AutomationClient({ cloudId: ports.cloudId, email: settings.automation.adminEmail, readApiToken: () => ports.secret(AUTOMATION_TOKEN_KEY) }, ports.egressFetch, ports.sleep);
      return automationExtractionSteps(client);
    }
    return [
      {
        id: 'automation:export',
        system: 'automation',
        label: 'Jira automation rules (uploaded export)',
        dataset: AUTOMATION_DATASETS.exportedRules,
        run: async () => {
          const rules = await ports.upload(AUTOMATION_DATASETS.exportedRules);
          if (!rules) throw new AppError('NOT_CONFIGURED', 'No automation export has been uploaded yet: upload one in Settings > Automation rules', { system: 'automation', optional: true });
          return { records: rules, quarantined: [] };
        },
      },
    ];
  },
  graphBuilders: () => [automationGraphBuilder()],
};
