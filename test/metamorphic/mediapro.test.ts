/**
 * Metamorphic tests over the MediaPro demo tenant (test/fixtures/tenants/mediapro, story in its README.md): see
 * metamorphic-suite.ts.
 */
import * as path from 'node:path';
import { metamorphicSuite } from './metamorphic-suite';
import { editTenantJson, setRuleAuthor } from '../support/tenant-transforms';

const MEDIAPRO = path.resolve(__dirname, '../fixtures/tenants/mediapro');
const ANA_TORRES = '5f7a3e90c2d1b4006e8c1f52';
const SHAREPOINT_JIRA_ADDON = '63e9b2d7f4a1c8005c3f7e81';

metamorphicSuite(MEDIAPRO, [
  {
    name: 'Sprint Report Generator authored by Ana Torres (still here) instead of the departed Carlos Ruiz',
    removes: (f) => f.check === 'orphaned_ownership' && f.subject.name === 'Sprint Report Generator',
    change: (copy) => expect(setRuleAuthor(copy, 'Sprint Report Generator', ANA_TORRES)).toBeGreaterThan(0),
  },
  {
    name: 'api.crewlink.io sanctioned as a destination inside the trust boundary',
    removes: (f) => f.check === 'external_egress' && f.subject.name === 'Crew Assignment Update',
    change: (copy) =>
      editTenantJson(copy, (data) => {
        const egress = (data.settings as { egress: { sanctionedDestinations: string[] } }).egress;
        egress.sanctionedDestinations.push('api.crewlink.io');
      }),
  },
  {
    name: "a justification recorded for SharePoint-Jira Addon's ACT_AS_USER",
    removes: (f) => f.check === 'privilege_justification_gap' && f.subject.name === 'SharePoint-Jira Addon',
    change: (copy) =>
      editTenantJson(copy, (data) => {
        (data.settings as { justifications: unknown[] }).justifications.push({
          subject: { system: 'jira', accountId: SHAREPOINT_JIRA_ADDON, displayName: 'SharePoint-Jira Addon' },
          grant: 'ACT_AS_USER',
          reason: 'Creates document links on behalf of the user who attaches them.',
          reference: 'ITSM-301',
          recordedBy: '5d4c8b2e91a7f3002b9e6d08',
          recordedAt: '2026-06-01T09:00:00Z',
        });
      }),
  },
]);
