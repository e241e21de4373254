/**
 * The tenant directories the surface tests run on. Every tenant runs every generic check (counts agree after
 * triage, a dialog stays in view, the issue panel at 360 px, a blocked download, axe on every surface); the
 * expectations below are what a tenant's own story says its pages must show. Adding a tenant is one line here.
 */
import * as path from 'node:path';
import { APP_DIR } from '../../dev/harness';

export interface TenantCase {
  name: string;
  dir: string;
  expect?: {
    /** A finding whose blast radius must draw every one of these resources. */
    blastRadius?: { subject: string; check: string; resources: string[] };
    /** The scope drift: what must be marked new, and (part of) the grant that brought it. */
    drift?: { subject: string; added: string[]; cause: string };
    /** A project page that must list these subjects' critical orphaned-ownership findings. */
    projectPage?: { key: string; criticalOrphans: string[] };
  };
}

export const BROWSER_TENANTS: TenantCase[] = [
  {
    name: 'MediaPro',
    dir: path.join(APP_DIR, 'test/fixtures/tenants/mediapro'),
    expect: {
      blastRadius: { subject: 'SharePoint for Jira App', check: 'reachable_sensitive_domain', resources: ['CONTENT Content Pipeline', 'DEALS Sports Rights Deals', 'HR', 'Finance', 'Legal Documents'] },
      drift: { subject: 'Sync Deal Issues to Teams', added: ['CONTENT Content Pipeline'], cause: 'Maria Garcia was given the Member role of CONTENT' },
      projectPage: { key: 'BROADCAST', criticalOrphans: ['Broadcast Issue Notifier', 'Crew Assignment Update'] },
    },
  },
  // Tidewell (two Entra tenants, every source system): the generic checks; its story's expectations are in its own
  // expected.json (asserted by test/integration/tidewell-scan.test.ts).
  {
    name: 'Tidewell',
    dir: path.join(APP_DIR, 'test/fixtures/tenants/tidewell'),
    expect: {
      // A tenant-wide site permission of tenant A reaching its HR and Finance sites (README, reachable_sensitive_domain 2).
      blastRadius: { subject: 'Contract Archive Sync', check: 'reachable_sensitive_domain', resources: ['HR', 'Finance'] },
    },
  },
];
