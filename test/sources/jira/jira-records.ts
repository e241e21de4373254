/**
 * Named minimal Jira records for the tests in this folder, shaped like the platform REST v3 responses
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/, components User, Project, ProjectRole/RoleActor,
 * PermissionScheme/PermissionGrant/PermissionHolder of the official OpenAPI spec, whose subset is
 * test/contract/schemas/jira.json). Only what a test is about is filled in; everything the spec leaves optional may
 * be left out.
 */
import { AccessGraph } from '../../../src/model/graph';
import { defaultSettings, type Settings } from '../../../src/settings/settings';
import type { GraphContext } from '../../../src/sources/source-step';
import { jiraToGraph, type JiraDatasets } from '../../../src/sources/jira/to-graph';
import type { JiraProject } from '../../../src/sources/jira/fetch-projects';
import type { JiraUser } from '../../../src/sources/jira/users';
import type { JiraGroupWithMembers } from '../../../src/sources/jira/groups';
import type { JiraProjectRole } from '../../../src/sources/jira/project-roles';
import type { JiraProjectScheme, JiraSchemeGrant } from '../../../src/sources/jira/permission-schemes';
import { computeAllReach, reachKey, type PrincipalReach } from '../../../src/chains/reach';

export const SYNC_CLOCK = '2026-11-20T06:00:00.000Z';

export function jiraContext(settings: Partial<Settings> = {}): GraphContext {
  return { settings: { ...defaultSettings(), ...settings }, observedAt: SYNC_CLOCK };
}

export const project = (id: string, key: string, lead?: string): JiraProject => ({ id, key, name: 'project', ...(lead ? { lead: { accountId: lead } } : {}) });

/** A person's Atlassian account. */
export const person = (accountId: string, email: string, extra: Partial<JiraUser> = {}): JiraUser => ({ accountId, accountType: 'atlassian', active: true, displayName: email.split('@')[0], emailAddress: email, ...extra });

/** A service account in the old sense: an atlassian account whose name says it is one. */
export const serviceAccount = (accountId: string, name: string): JiraUser => ({ accountId, accountType: 'atlassian', active: true, displayName: name });

/** An app user (Connect or Forge app, accountType app). */
export const appUser = (accountId: string, name: string): JiraUser => ({ accountId, accountType: 'app', active: true, displayName: name });

export const group = (groupId: string, name: string, members: string[], admin = false): JiraGroupWithMembers => ({ groupId, name, admin, memberAccountIds: members });

export const role = (projectId: string, roleId: string, name: string, actors: { users?: string[]; groups?: Array<{ groupId?: string; name?: string }> } = {}): JiraProjectRole => ({
  projectId,
  roleId,
  name,
  userAccountIds: actors.users ?? [],
  groups: actors.groups ?? [],
});

/** A grant as fetchPermissionSchemes stores it: holder = value ?? parameter. */
export function grant(permission: string, holderType: string, holder: { parameter?: string; value?: string } = {}): JiraSchemeGrant {
  const id = holder.value ?? holder.parameter;
  return { permission, holderType, ...(id ? { holder: id } : {}), ...(holder.parameter ? { parameter: holder.parameter } : {}), ...(holder.value ? { value: holder.value } : {}) };
}

export const browse = (holderType: string, holder?: { parameter?: string; value?: string }) => grant('BROWSE_PROJECTS', holderType, holder);
export const browseByRole = (roleId: string) => browse('projectRole', { parameter: roleId, value: roleId });

export const scheme = (projectId: string, name: string, grants: JiraSchemeGrant[]): JiraProjectScheme => ({ projectId, schemeId: name, name, grants });

export function graphOfJira(data: JiraDatasets, settings: Partial<Settings> = {}): AccessGraph {
  return AccessGraph.from(jiraToGraph(data, jiraContext(settings), 'example.atlassian.net'));
}

/** Reach keys of one principal in a graph, sorted. */
export function reachOf(graph: AccessGraph, principalId: string): string[] {
  const reach: PrincipalReach | undefined = computeAllReach(graph).get(principalId);
  return [...new Set((reach?.reached ?? []).map(reachKey))].sort();
}
