/**
 * What the Jira steps that can read less on a resync (groups, permission schemes, project roles) read from storage:
 * the last sync's records and this sync's audit log only when the read mark lets them read less. A full read (first
 * sync, or the last full read a week old) reads neither: at 140,000 people the audit log alone is 7 MB of
 * compressed records a step.
 */
import { JIRA_DATASETS, jiraExtractionSteps } from '../../../src/sources/jira/extraction-steps';
import { JiraClient } from '../../../src/sources/jira/jira-client';
import { FULL_READ_EVERY_DAYS } from '../../../src/sources/read-mark';
import type { StepContext } from '../../../src/sources/source-step';
import { defaultSettings } from '../../../src/settings/settings';

const OBSERVED_AT = '2026-11-20T06:00:00.000Z';
const hoursBefore = (hours: number) => new Date(Date.parse(OBSERVED_AT) - hours * 3_600_000).toISOString();

/** A Jira that knows no project: the schemes step then asks it nothing it could fail on. */
const jira = new JiraClient(async () => ({ status: 404, headers: { get: () => null }, text: async () => '{"errorMessages":["not found"]}' }), async () => undefined);

async function readsOf(previousCursor: string | undefined): Promise<string[]> {
  const reads: string[] = [];
  const context: StepContext = {
    settings: defaultSettings(),
    read: async <T>(dataset: string) => {
      reads.push(`this sync: ${dataset}`);
      return [] as T[];
    },
    previous: async <T>(dataset: string) => {
      reads.push(`last sync: ${dataset}`);
      return [] as T[];
    },
    ...(previousCursor ? { previousCursor } : {}),
  };
  const step = jiraExtractionSteps(jira, () => OBSERVED_AT).find((s) => s.id === 'jira:permission-schemes');
  await step?.run(context);
  return reads;
}

describe('the Jira steps that read less on a resync', () => {
  it('read neither the last records nor the audit log on a full read', async () => {
    const weekOld = JSON.stringify({ fullAt: hoursBefore(FULL_READ_EVERY_DAYS * 24 + 1), readAt: hoursBefore(1) });
    for (const cursor of [undefined, 'not a mark', weekOld]) {
      const reads = await readsOf(cursor);
      expect(reads).not.toContain(`this sync: ${JIRA_DATASETS.auditRecords}`);
      expect(reads.filter((r) => r.startsWith('last sync'))).toEqual([]);
    }
  });

  it('read the last records and the audit log when the mark lets them read less', async () => {
    const reads = await readsOf(JSON.stringify({ fullAt: hoursBefore(24), readAt: hoursBefore(1) }));
    expect(reads).toContain(`last sync: ${JIRA_DATASETS.permissionSchemes}`);
    expect(reads).toContain(`this sync: ${JIRA_DATASETS.auditRecords}`);
  });
});
