/**
 * Jira groups, their members, and the groups that grant Jira administration.
 * Endpoints: GET /rest/api/3/group/bulk (PageBean, max 50), GET /rest/api/3/group/bulk?accessType=admin|site-admin
 * (groups granting admin access), GET /rest/api/3/group/member?groupId=&includeInactiveUsers=false (PageBean, max 50),
 * and on a resync GET /rest/api/3/user/groups?accountId= for the users the audit log says joined or left a group.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-groups/
 * Scopes read:jira-user (bulk) and manage:jira-configuration (member). Inactive members hold no access, so they are
 * not read.
 */
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { GraphFragment, StreamedFragment } from '../../model/graph';
import { nodeId, type GraphEdge, type GraphNode } from '../../model/schema';
import { parseRecords, type ParsedRecords } from '../parse-records';
import { remainingOffsets, type JiraClient } from './jira-client';
import { type ConcurrentMap, allAtOnce, unlessNotFound } from '../../shared/concurrency';
import { jiraIdentityId } from './users';

export const GROUP_PAGE_SIZE = 50;

/**
 * GroupDetails leaves both fields optional. groupId is what members are read by and grants name, so a group without
 * one is quarantined; a group without a name is still that group (named by its id).
 */
export const jiraGroupSchema = z
  .looseObject({ groupId: z.string().min(1), name: z.string().optional() })
  .transform((group) => ({ ...group, name: group.name ?? group.groupId }));
export type JiraGroup = z.infer<typeof jiraGroupSchema>;

/** A group with its active members and whether it grants Jira administration. */
export interface JiraGroupWithMembers extends JiraGroup {
  admin: boolean;
  memberAccountIds: string[];
}

const memberSchema = z.looseObject({ accountId: z.string(), active: z.boolean().optional() });

/** What a resync knows from the last sync and the audit log (src/sources/jira/changes.ts). */
export interface GroupChanges {
  previous: readonly JiraGroupWithMembers[];
  /** Groups (by id or name) to read in full; 'all' reads every group. */
  changed: Set<string> | 'all';
  /** Groups (by id or name) whose only changes were these users joining or leaving. */
  members?: ReadonlyMap<string, ReadonlySet<string>>;
  /** This sync's Jira accounts (users/search), and which of them are active. */
  accounts?: { known: ReadonlySet<string>; active: ReadonlySet<string> };
}

const userGroupsSchema = z.array(z.looseObject({ groupId: z.string().nullish(), name: z.string().nullish() }));

/**
 * The groups each user is in now, by GET /rest/api/3/user/groups?accountId= (Browse users and groups): one request
 * per user the audit log names, instead of every page of every group they joined or left. A user the site no
 * longer knows (404) is in no group.
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-users/#api-rest-api-3-user-groups-get
 */
async function groupsOfUsers(jira: JiraClient, accountIds: readonly string[], map: ConcurrentMap): Promise<Map<string, Set<string>>> {
  const answers = await map(accountIds, (accountId) => unlessNotFound(() => jira.getJson(`/rest/api/3/user/groups?accountId=${encodeURIComponent(accountId)}`)));
  const groups = new Map<string, Set<string>>();
  for (const [i, accountId] of accountIds.entries()) {
    const answer = answers[i];
    const parsed = answer === undefined ? { success: true as const, data: [] } : userGroupsSchema.safeParse(answer);
    if (!parsed.success) throw new AppError('SOURCE_BAD_RESPONSE', 'Jira /rest/api/3/user/groups did not return a list of groups', { system: 'jira', endpoint: '/rest/api/3/user/groups' });
    groups.set(accountId, new Set(parsed.data.flatMap((g) => [g.groupId, g.name].filter((v): v is string => typeof v === 'string' && v.length > 0))));
  }
  return groups;
}

export async function fetchJiraGroups(jira: JiraClient, map: ConcurrentMap = allAtOnce, unchanged?: GroupChanges): Promise<ParsedRecords<JiraGroupWithMembers>> {
  const groups = parseRecords(await jira.getAllPageBeanValues('/rest/api/3/group/bulk', GROUP_PAGE_SIZE), jiraGroupSchema, {
    system: 'jira',
    endpoint: '/rest/api/3/group/bulk',
  });
  const adminIds = new Set<string>();
  for (const accessType of ['admin', 'site-admin']) {
    const admins = await jira.getAllPageBeanValues(`/rest/api/3/group/bulk?accessType=${accessType}`, GROUP_PAGE_SIZE);
    for (const group of parseRecords(admins, jiraGroupSchema, { system: 'jira', endpoint: '/rest/api/3/group/bulk' }).records) adminIds.add(group.groupId);
  }
  // First pages of every group, then the rest of every large group's pages at once (their offsets are known from
  // `total`): a group of 100,000 members is 2,000 lookups that run concurrently and in slices, not one long walk.
  const memberPath = (groupId: string) => `/rest/api/3/group/member?groupId=${encodeURIComponent(groupId)}&includeInactiveUsers=false`;
  // A resync re-reads only the groups the audit log names (and groups it has not seen); the others keep their members.
  const known = new Map((unchanged?.previous ?? []).map((g) => [g.groupId, g]));
  const keep = (group: { groupId: string; name: string }) =>
    unchanged && unchanged.changed !== 'all' && !unchanged.changed.has(group.groupId) && !unchanged.changed.has(group.name) && !unchanged.members?.has(group.groupId) && !unchanged.members?.has(group.name)
      ? known.get(group.groupId)
      : undefined;
  // A group whose only logged changes are users joining or leaving keeps its other members, and each named user's
  // groups are asked instead, when every named user is an account this sync listed (a log naming users by another
  // id, or an unknown account, reads the group in full).
  const joinersOf = (group: { groupId: string; name: string }): Set<string> | undefined => {
    if (!unchanged?.members || !unchanged.accounts || unchanged.changed === 'all' || unchanged.changed.has(group.groupId) || unchanged.changed.has(group.name) || !known.has(group.groupId)) return undefined;
    const named = [...(unchanged.members.get(group.groupId) ?? []), ...(unchanged.members.get(group.name) ?? [])];
    if (named.length === 0 || !named.every((id) => unchanged.accounts?.known.has(id))) return undefined;
    return new Set(named);
  };
  const patched = new Map(groups.records.flatMap((group) => {
    const joiners = joinersOf(group);
    return joiners ? [[group.groupId, joiners] as const] : [];
  }));
  const asked = [...new Set([...patched.values()].flatMap((ids) => [...ids]))].filter((id) => unchanged?.accounts?.active.has(id)).sort();
  const groupsOfAsked = asked.length > 0 ? await groupsOfUsers(jira, asked, map) : new Map<string, Set<string>>();
  const toRead = groups.records.filter((group) => !keep(group) && !patched.has(group.groupId));
  const firstPages = await map(toRead, (group) => jira.getPageBean(memberPath(group.groupId), 0, GROUP_PAGE_SIZE));
  const rest = toRead.flatMap((_group, i) => {
    const first = firstPages[i];
    if (!first || first.isLast === true || first.values.length === 0) return [];
    if (first.total === undefined) return [{ group: i, startAt: first.values.length, walk: true }];
    return remainingOffsets(0, first.values.length, first.total, 'Jira /rest/api/3/group/member').map((startAt) => ({ group: i, startAt, walk: false }));
  });
  const restPages = await map(rest, async ({ group, startAt, walk }) => {
    const groupId = toRead[group]?.groupId ?? '';
    // Without a total, the remaining pages can only be walked one after another.
    if (walk) return jira.getAllPageBeanValues(memberPath(groupId), GROUP_PAGE_SIZE, startAt);
    const page = await jira.getPageBean(memberPath(groupId), startAt, GROUP_PAGE_SIZE);
    if (page.startAt !== undefined && page.startAt !== startAt) throw new AppError('SOURCE_BAD_RESPONSE', `Jira /rest/api/3/group/member answered offset ${page.startAt} when asked for ${startAt}; the collection was not read completely`, { system: 'jira', paging: true });
    return page.values;
  });
  const memberPages: unknown[][] = firstPages.map((page) => [...(page?.values ?? [])]);
  for (const [i, { group }] of rest.entries()) memberPages[group]?.push(...(restPages[i] ?? []));
  const pagesOf = new Map(toRead.map((group, i) => [group.groupId, memberPages[i] ?? []]));
  const records: JiraGroupWithMembers[] = [];
  for (const group of groups.records) {
    const kept = keep(group);
    if (kept) {
      records.push({ ...group, admin: adminIds.has(group.groupId), memberAccountIds: kept.memberAccountIds });
      continue;
    }
    const joiners = patched.get(group.groupId);
    if (joiners) {
      // Only active accounts are members, as group/member?includeInactiveUsers=false lists them.
      const members = new Set((known.get(group.groupId)?.memberAccountIds ?? []).filter((id) => !joiners.has(id)));
      for (const id of joiners) {
        const now = groupsOfAsked.get(id);
        if (now && (now.has(group.groupId) || now.has(group.name))) members.add(id);
      }
      records.push({ ...group, admin: adminIds.has(group.groupId), memberAccountIds: [...members].sort() });
      continue;
    }
    const members = parseRecords(pagesOf.get(group.groupId) ?? [], memberSchema, { system: 'jira', endpoint: '/rest/api/3/group/member' });
    groups.quarantined.push(...members.quarantined);
    records.push({
      ...group,
      admin: adminIds.has(group.groupId),
      memberAccountIds: [...new Set(members.records.filter((m) => m.active !== false).map((m) => m.accountId))].sort(),
    });
  }
  return { records: records.flatMap(splitMembers), quarantined: groups.quarantined };
}

/**
 * A group with thousands of members is stored as several records of the same group, so one joiner rewrites a
 * slice of the stored dataset and not the whole member list (see dataset-store.ts). Slices end where a member id's
 * hash says so (content-defined, about MEMBER_SLICE ids each), not at fixed positions: a joiner or a leaver changes
 * one slice instead of shifting every later one. joinGroupSlices puts them back together.
 */
export const MEMBER_SLICE = 100;
const MAX_SLICE = 2000;

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function splitMembers(group: JiraGroupWithMembers): JiraGroupWithMembers[] {
  if (group.memberAccountIds.length <= MEMBER_SLICE) return [group];
  const slices: JiraGroupWithMembers[] = [];
  let current: string[] = [];
  for (const accountId of group.memberAccountIds) {
    current.push(accountId);
    if (fnv1a(accountId) % MEMBER_SLICE === 0 || current.length >= MAX_SLICE) {
      slices.push({ ...group, memberAccountIds: current });
      current = [];
    }
  }
  if (current.length > 0) slices.push({ ...group, memberAccountIds: current });
  return slices;
}

export function joinGroupSlices(records: readonly JiraGroupWithMembers[]): JiraGroupWithMembers[] {
  const byId = new Map<string, JiraGroupWithMembers>();
  for (const record of records) {
    const known = byId.get(record.groupId);
    if (known) known.memberAccountIds.push(...record.memberAccountIds);
    else byId.set(record.groupId, { ...record, memberAccountIds: [...record.memberAccountIds] });
  }
  return [...byId.values()];
}

export const jiraGroupRoleId = (groupId: string) => nodeId('jira', 'role', 'group', groupId);

/** How a grant or a role actor names a group: by id (preferred by Jira) or only by name. */
export interface GroupRef {
  groupId?: string;
  name?: string;
}

/**
 * Finds the group a grant or role actor names. Jira recommends the id ("As a group's name can change, use of groupId
 * is recommended", ProjectRoleGroup; PermissionHolder: `parameter` is the group name, `value` its id), and older
 * records carry only the name: by id first, then by exact name, then by a case-insensitive name when exactly one
 * group has it. A group the groups dataset does not hold resolves to nothing (unknown, never another group).
 */
export function groupResolver<G extends { groupId: string; name: string }>(groups: readonly G[]): (ref: GroupRef) => G | undefined {
  const byId = new Map(groups.map((g) => [g.groupId, g]));
  const byName = new Map<string, G>();
  const byLowerName = new Map<string, G[]>();
  for (const group of groups) {
    if (!byName.has(group.name)) byName.set(group.name, group);
    const lower = group.name.toLowerCase();
    byLowerName.set(lower, [...(byLowerName.get(lower) ?? []), group]);
  }
  return (ref) => {
    const found = ref.groupId ? byId.get(ref.groupId) : undefined;
    if (found || !ref.name) return found;
    const exact = byName.get(ref.name);
    if (exact) return exact;
    const folded = byLowerName.get(ref.name.toLowerCase()) ?? [];
    return folded.length === 1 ? folded[0] : undefined;
  };
}

export const JIRA_ADMINISTER_ID = nodeId('jira', 'permission', 'global', 'ADMINISTER');
export const JIRA_SITE_ID = nodeId('jira', 'resource', 'site');

export function jiraGroupsToGraph(groups: readonly JiraGroupWithMembers[], siteName: string): GraphFragment {
  const streamed = jiraGroupsFragment(groups, siteName);
  return { nodes: [...streamed.nodes], edges: [...streamed.edges] };
}

/**
 * jiraGroupsToGraph with each membership edge made as the graph takes it: at 140,000 people 311,000 MEMBER_OF
 * edge objects (and their ids) were some 50 MB held at once while the graph added them.
 */
export function jiraGroupsFragment(groups: readonly JiraGroupWithMembers[], siteName: string): StreamedFragment {
  const nodes: GraphNode[] = [];
  for (const group of groups) nodes.push({ id: jiraGroupRoleId(group.groupId), kind: 'role', system: 'jira', name: `Jira group ${group.name}`, props: { subtype: 'jira_group', nativeId: group.groupId } });
  const anyAdmin = groups.some((g) => g.admin);
  if (anyAdmin) {
    nodes.push({
      id: JIRA_ADMINISTER_ID,
      kind: 'permission',
      system: 'jira',
      name: 'Administer Jira',
      props: { subtype: 'jira_global', key: 'ADMINISTER', highPrivilege: true, tenantWide: true, write: true, impersonation: false },
    });
    nodes.push({ id: JIRA_SITE_ID, kind: 'resource', system: 'jira', name: `Jira site ${siteName}`, props: { subtype: 'jira_site', nativeId: siteName, sensitivity: 'internal' } });
  }
  function* edges(): Generator<GraphEdge> {
    for (const group of groups) {
      const roleId = jiraGroupRoleId(group.groupId);
      for (const accountId of group.memberAccountIds) yield { kind: 'MEMBER_OF', from: jiraIdentityId(accountId), to: roleId, basis: 'observed' };
      if (group.admin) yield { kind: 'GRANTS', from: roleId, to: JIRA_ADMINISTER_ID, basis: 'observed', reason: 'group grants Jira admin access' };
    }
    if (anyAdmin) yield { kind: 'APPLIES_TO', from: JIRA_ADMINISTER_ID, to: JIRA_SITE_ID, basis: 'observed' };
  }
  return { nodes, edges: edges() };
}
