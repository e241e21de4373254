/**
 * A field the official Jira platform schema leaves optional is optional in our zod schemas too, except the few facts
 * a check cannot do without, each named here with its reason; a record missing one of those is quarantined (and
 * counted), any other field may be absent. Field lists come from the spec subset the contract test uses
 * (test/contract/schemas/jira.json, extracted from the Jira platform OpenAPI spec, whose components User, Project,
 * GroupDetails, ProjectRole, RoleActor, ProjectRoleGroup, PermissionScheme, PermissionGrant, PermissionHolder and
 * AuditRecordBean mark nothing required but PermissionScheme.name and PermissionHolder.type).
 */
import type { z } from 'zod';
import { loadJiraSchema } from '../../contract/schema-files';
import { jiraUserSchema } from '../../../src/sources/jira/users';
import { jiraProjectSchema } from '../../../src/sources/jira/fetch-projects';
import { jiraGroupSchema } from '../../../src/sources/jira/groups';
import { jiraProjectRoleSchema, jiraRoleActorSchema } from '../../../src/sources/jira/project-roles';
import { jiraPermissionSchemeSchema } from '../../../src/sources/jira/permission-schemes';
import { auditRecordSchema } from '../../../src/sources/jira/audit-records';

interface Case {
  component: string;
  schema: z.ZodType;
  /** A record with every field the spec defines that our schema reads. */
  full: Record<string, unknown>;
  /** Fields whose absence quarantines the record, and why. */
  needed: Record<string, string>;
  /** Wraps a field-stripped copy into what the schema parses (for nested components). */
  wrap?: (value: Record<string, unknown>) => unknown;
}

const holderIn = (holder: Record<string, unknown>) => ({ name: 'S', permissions: [{ permission: 'BROWSE_PROJECTS', holder }] });
const grantIn = (grant: Record<string, unknown>) => ({ name: 'S', permissions: [grant] });

const CASES: Case[] = [
  {
    component: 'User',
    schema: jiraUserSchema,
    full: { accountId: 'a-1', accountType: 'atlassian', appType: 'service', active: true, displayName: 'Ana', emailAddress: 'ana@example.eu' },
    needed: { accountId: 'every node and edge of an account is keyed by it' },
  },
  {
    component: 'Project',
    schema: jiraProjectSchema,
    full: { id: '10000', key: 'DEALS', name: 'Deals', style: 'classic', projectTypeKey: 'software', lead: { accountId: 'a-1' }, projectCategory: { id: '1', name: 'Sales' } },
    needed: { id: 'grants, roles and rule scopes name the project by id', key: 'sensitivity settings name the project by key' },
  },
  { component: 'GroupDetails', schema: jiraGroupSchema, full: { groupId: 'g-1', name: 'deal-team' }, needed: { groupId: 'members are read by group id' } },
  { component: 'ProjectRole', schema: jiraProjectRoleSchema, full: { id: 10200, name: 'Members', actors: [] }, needed: {} },
  {
    component: 'RoleActor',
    schema: jiraRoleActorSchema,
    full: { type: 'atlassian-group-role-actor', displayName: 'deal-team', actorGroup: { groupId: 'g-1', name: 'deal-team', displayName: 'deal-team' }, actorUser: { accountId: 'a-1' } },
    needed: {},
  },
  {
    component: 'ProjectRoleGroup',
    schema: jiraRoleActorSchema,
    full: { groupId: 'g-1', name: 'deal-team', displayName: 'deal-team' },
    needed: {},
    wrap: (actorGroup) => ({ type: 'atlassian-group-role-actor', actorGroup }),
  },
  { component: 'PermissionScheme', schema: jiraPermissionSchemeSchema, full: { id: 10300, name: 'Restricted', permissions: [] }, needed: { name: 'required by the spec' } },
  {
    component: 'PermissionGrant',
    schema: jiraPermissionSchemeSchema,
    full: { permission: 'BROWSE_PROJECTS', holder: { type: 'anyone' } },
    needed: { permission: 'which permission is granted is the grant', holder: 'who holds the grant is the grant' },
    wrap: grantIn,
  },
  {
    component: 'PermissionHolder',
    schema: jiraPermissionSchemeSchema,
    full: { type: 'group', parameter: 'deal-team', value: 'g-1' },
    needed: { type: 'required by the spec; decides what the grant means' },
    wrap: holderIn,
  },
  {
    component: 'AuditRecordBean',
    schema: auditRecordSchema,
    full: { id: 1, summary: 'User deactivated', created: '2026-03-16T08:41:55.108+0000', category: 'user management', authorKey: 'a-1', objectItem: { id: 'x' }, associatedItems: [] },
    needed: { id: 'records are de-duplicated across syncs by id', created: 'evidence is dated by it' },
  },
];

describe('zod schemas require only what the spec requires, or what a check needs', () => {
  const spec = loadJiraSchema();

  it.each(CASES.map((c) => [c.component, c] as const))('%s', (_name, c) => {
    const component = spec.schemas[c.component] as { properties?: Record<string, unknown> } | undefined;
    const specFields = new Set(Object.keys(component?.properties ?? {}));
    const wrap = c.wrap ?? ((value: Record<string, unknown>) => value);
    expect(c.schema.safeParse(wrap(c.full)).success).toBe(true);
    for (const field of Object.keys(c.full)) {
      expect({ field, inSpec: specFields.has(field) }).toEqual({ field, inSpec: true });
      const { [field]: _dropped, ...without } = c.full;
      const parsed = c.schema.safeParse(wrap(without)).success;
      expect({ field, parsesWithout: parsed }).toEqual({ field, parsesWithout: !(field in c.needed) });
    }
  });
});
