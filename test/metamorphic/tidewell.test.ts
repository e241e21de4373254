/**
 * Metamorphic tests over the Tidewell Logistics tenant (test/fixtures/tenants/tidewell, story in its README.md):
 * see metamorphic-suite.ts.
 */
import * as path from 'node:path';
import { metamorphicSuite } from './metamorphic-suite';
import { editTenantJson, setRuleAuthor } from '../support/tenant-transforms';

const TIDEWELL = path.resolve(__dirname, '../fixtures/tenants/tidewell');
const DAAN_HENDRIKS = '9dedfc00f294b77cbeb36fd7';
const BI_EXPORT_SERVICE = '712020:c7625353-60f0-4626-ac90-d457d8e66660';

metamorphicSuite(TIDEWELL, [
  {
    name: 'Rate card sync to partner authored by Daan Hendriks (still here) instead of the departed Wim Claes',
    removes: (f) => f.check === 'orphaned_ownership' && f.subject.name === 'Rate card sync to partner',
    change: (copy) => expect(setRuleAuthor(copy, 'Rate card sync to partner', DAAN_HENDRIKS)).toBeGreaterThan(0),
  },
  {
    name: 'edi.nordport-forwarding.no sanctioned as a destination inside the trust boundary',
    removes: (f) => f.check === 'external_egress' && f.subject.name === 'Rate card sync to partner',
    change: (copy) =>
      editTenantJson(copy, (data) => {
        const egress = (data.settings as { egress: { sanctionedDestinations: string[] } }).egress;
        egress.sanctionedDestinations.push('edi.nordport-forwarding.no');
      }),
  },
  {
    name: "a justification recorded for BI Export Service's Jira administration",
    removes: (f) => f.check === 'privilege_justification_gap' && f.subject.name === 'BI Export Service',
    change: (copy) =>
      editTenantJson(copy, (data) => {
        (data.settings as { justifications: unknown[] }).justifications.push({
          subject: { system: 'jira', accountId: BI_EXPORT_SERVICE, displayName: 'BI Export Service' },
          grant: 'ADMINISTER',
          reason: 'Exports every project for the BI warehouse, including archived ones.',
          reference: 'SD-0990',
          recordedBy: 'd476b7ea9b7f25b53a8023ac',
          recordedAt: '2026-06-01T09:00:00Z',
        });
      }),
  },
]);
