/**
 * The shape of the settings an admin keeps on the admin page (docs/tenant-format.md "settings"): the zod schemas,
 * their types and the defaults. Extraction and analysis read settings through these types; reading and writing the
 * stored value is src/settings/settings.ts. Secrets are not here (see there).
 */
import { z } from 'zod';

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47');

export const sensitivityLevelSchema = z.enum(['restricted', 'confidential', 'internal', 'public']);

const classificationSchema = z.object({
  level: sensitivityLevelSchema,
  businessDomain: z.string().max(200).optional(),
  displayName: z.string().max(200).optional(),
  owner: z.string().max(320).optional(),
});

export const entraTenantSchema = z.object({
  tenantId: uuid,
  clientId: uuid,
  displayName: z.string().trim().min(1).max(200).optional(),
});

const justificationSubjectSchema = z.union([
  z.object({ system: z.literal('entra'), tenantId: uuid, appId: uuid, displayName: z.string().optional() }),
  z.object({ system: z.literal('jira'), accountId: z.string().min(1), displayName: z.string().optional() }),
]);

export const justificationSchema = z.object({
  subject: justificationSubjectSchema,
  /** The grant justified: a permission value (Sites.ReadWrite.All), a scope (ACT_AS_USER) or a credential grant. */
  grant: z.string().min(1).max(200),
  reason: z.string().min(1).max(2000),
  reference: z.string().max(500).optional(),
  recordedBy: z.string().max(200).optional(),
  recordedAt: z.string().optional(),
});

export const mailboxAccessScopeSchema = z.object({
  tenantId: uuid,
  appId: uuid,
  displayName: z.string().optional(),
  permission: z.string().min(1),
  mechanism: z.string().optional(),
  scopeGroupId: z.string().optional(),
  scopeGroup: z.string().optional(),
  mailboxes: z.array(z.string()).default([]),
  recordedBy: z.string().optional(),
  recordedAt: z.string().optional(),
});

export const jiraAppScopeDeclarationSchema = z.object({
  accountId: z.string().min(1),
  appKey: z.string().optional(),
  displayName: z.string().optional(),
  scopes: z.array(z.string().min(1)).default([]),
  declaredBy: z.string().optional(),
  declaredAt: z.string().optional(),
});

/** A credential no API shows (a SCIM token, a Connect shared secret, an API token), recorded by an admin. */
export const credentialDeclarationSchema = z.object({
  subject: justificationSubjectSchema,
  credentialType: z.enum(['client_secret', 'certificate', 'bearer_token', 'oauth_refresh_token', 'shared_secret', 'pat', 'api_token', 'basic_auth']),
  displayName: z.string().max(300).optional(),
  createdDateTime: z.string().optional(),
  /** null = never expires. */
  expiresDateTime: z.string().nullable().optional(),
  authority: z.string().max(1000).optional(),
  storedIn: z.string().max(500).optional(),
  declaredBy: z.string().optional(),
  declaredAt: z.string().optional(),
});

export const scanScheduleSchema = z.enum(['daily', 'hourly']);
export type ScanSchedule = z.infer<typeof scanScheduleSchema>;

const severitySchema = z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);

/** JSM tickets for findings: where, from which severity, how statuses map back to findings, how many per scan. */
export const ticketingSchema = z.object({
  enabled: z.boolean().default(false),
  serviceDeskId: z.string().regex(/^\d+$/, 'must be the numeric service desk id').optional(),
  requestTypeId: z.string().regex(/^\d+$/, 'must be the numeric request type id').optional(),
  minimumSeverity: severitySchema.default('HIGH'),
  priorityBySeverity: z.record(severitySchema, z.string().min(1)).default({ CRITICAL: 'Highest', HIGH: 'High', MEDIUM: 'Medium', LOW: 'Low' }),
  statusMapping: z
    .object({
      resolved: z.array(z.string()).default(['Resolved', 'Done', 'Closed']),
      riskAccepted: z.array(z.string()).default(['Risk accepted']),
      falsePositive: z.array(z.string()).default(['Declined', 'False positive']),
      justified: z.array(z.string()).default(['Justified', 'Approved']),
    })
    .default({ resolved: ['Resolved', 'Done', 'Closed'], riskAccepted: ['Risk accepted'], falsePositive: ['Declined', 'False positive'], justified: ['Justified', 'Approved'] }),
  /** New tickets per scan at most; the rest wait for the next scan (the admin page says how many). */
  maxNewPerScan: z.number().int().min(1).max(500).default(50),
});
export type TicketingSettings = z.infer<typeof ticketingSchema>;

export const settingsSchema = z.object({
  entraTenants: z.array(entraTenantSchema).max(50).default([]),
  dormancyWindowDays: z.number().int().min(1).max(365).default(30),
  credentialExpiryWarningDays: z.number().int().min(1).max(365).default(30),
  defaultSensitivity: sensitivityLevelSchema.default('internal'),
  sensitivity: z
    .object({
      jiraProjects: z.record(z.string(), classificationSchema).default({}),
      sharePointSites: z.record(z.string(), classificationSchema).default({}),
      mailboxes: z.record(z.string(), classificationSchema).default({}),
      adoProjects: z.record(z.string(), classificationSchema).default({}),
    })
    .default({ jiraProjects: {}, sharePointSites: {}, mailboxes: {}, adoProjects: {} }),
  egress: z.object({ sanctionedDestinations: z.array(z.string().min(1)).default([]) }).default({ sanctionedDestinations: [] }),
  justifications: z.array(justificationSchema).default([]),
  mailboxAccessScopes: z.array(mailboxAccessScopeSchema).default([]),
  jiraAppScopeDeclarations: z.array(jiraAppScopeDeclarationSchema).default([]),
  credentialDeclarations: z.array(credentialDeclarationSchema).default([]),
  /**
   * Where automation rules come from: the uploaded export (default), or the Automation REST API with an admin's API
   * token (privately installed apps only; the token itself is in secret storage under AUTOMATION_TOKEN_KEY).
   */
  automation: z
    .object({ source: z.enum(['upload', 'api']).default('upload'), adminEmail: z.string().email().optional() })
    .default({ source: 'upload' }),
  /** Power Platform admin API, through the Entra app of that tenant. */
  powerPlatform: z.object({ tenantId: uuid, environments: z.array(z.string().min(1)).default([]) }).optional(),
  /**
   * Azure DevOps organization as earlier versions saved it: read once and moved into the source's own slice
   * (`sources.azuredevops`) by src/settings/settings.ts readSettings; never written again.
   */
  azureDevOps: z.object({ organization: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/, 'must be the organization name after dev.azure.com/') }).optional(),
  /** Atlassian accounts the admin marks as service accounts (non-human) although Jira lists them as atlassian. */
  serviceAccounts: z.array(z.string().min(1)).default([]),
  ticketing: ticketingSchema.default(ticketingSchema.parse({})),
  /**
   * How often scheduled scans run. The hourly trigger (manifest.yml sv0-scan-trigger) starts one only when it is
   * due: docs/decisions/0012-scan-schedule.md. Absent on settings stored before the choice existed: daily.
   */
  scanSchedule: scanScheduleSchema.default('daily'),
  /**
   * The settings slices of sources that keep their own (src/sources/<system>/source.ts `settings`), by source id:
   * text values only, validated by the source's schema when saved; the source's secrets are in secret storage.
   */
  sources: z.record(z.string(), z.record(z.string(), z.string().max(2000))).default({}),
});

export type EntraTenantSettings = z.infer<typeof entraTenantSchema>;
export type Settings = z.infer<typeof settingsSchema>;
export type Justification = z.infer<typeof justificationSchema>;
export type CredentialDeclaration = z.infer<typeof credentialDeclarationSchema>;

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
