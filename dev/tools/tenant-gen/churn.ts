/**
 * The next sync's state of a generated organisation: one day later, about 1% of the objects of each kind changed,
 * added or removed (half changed, a quarter removed, a quarter added), every surviving object keeping its id. Logs
 * slide their window by a day, which is what a daily resync sees.
 */
import { DAY_MS } from './random';
import {
  JIRA_ROLES,
  JIRA_SYSTEM_ACCOUNT,
  countsFor,
  directoryAudit,
  jiraAudit,
  newFlow,
  newPat,
  newPerson,
  newProject,
  newRule,
  streams,
  type AdoPat,
  type AdoTokenAudit,
  type JiraAudit,
  type JiraGroup,
  type JiraUser,
  type Person,
  type TenantModel,
} from './model';

export const CHURN_RATE = 0.01;

interface Split {
  changed: number;
  removed: number;
  added: number;
}

/** 1% of n (at least one change), split half changed, a quarter removed, a quarter added. */
export function churnSplit(n: number, rate = CHURN_RATE): Split {
  const k = Math.max(1, Math.round(n * rate));
  const removed = Math.floor(k / 4);
  const added = Math.floor(k / 4);
  return { changed: k - removed - added, removed, added };
}

function removeWhere<T>(items: T[], doomed: ReadonlySet<T>): void {
  let w = 0;
  for (const item of items) if (!doomed.has(item)) items[w++] = item;
  items.length = w;
}

export function churn(previous: TenantModel): TenantModel {
  const model = structuredClone(previous);
  const rnd = streams(model.seed * 7919 + 17);
  const at = previous.at + DAY_MS;
  model.at = at;
  const counts = countsFor(model.scale);
  const domain = model.org.domain;

  // People: some change (department, departure, a sign-in), some are deleted, some are hired.
  const rp = rnd('people');
  const peopleSplit = churnSplit(model.people.length);
  const owning = new Set<string>();
  for (const sp of model.sps) for (const o of sp.owners) owning.add(o.id);
  for (const app of model.apps) for (const o of app.owners) owning.add(o.id);
  for (const f of model.flows) for (const o of f.owners) owning.add(o.id);
  for (const c of model.connections) owning.add(c.ownerId);
  for (const p of model.people) if (p.ado || p.sponsorId) owning.add(p.id);
  for (const p of model.people) if (p.sponsorId) owning.add(p.sponsorId);
  const jiraByPerson = new Map(model.jiraUsers.filter((u) => u.personId).map((u) => [u.personId as string, u]));
  const members = model.people.filter((p) => p.kind === 'member');
  for (const p of rp.sample(members, peopleSplit.changed)) {
    const roll = rp.next();
    if (roll < 0.3 && p.accountEnabled) {
      p.accountEnabled = false;
      p.leaveAt = at - rp.int(0, 1) * DAY_MS;
      const account = jiraByPerson.get(p.id);
      if (account && p.atlassian && rp.chance(0.5)) {
        account.active = false;
        p.atlassian.active = false;
      }
    } else if (roll < 0.6) {
      p.jobTitle = `Senior ${p.jobTitle ?? 'Specialist'}`;
    } else {
      p.lastSignIn = at - rp.int(0, 20) * 3_600_000;
      p.lastNonInteractive = p.lastSignIn + 60_000;
    }
  }
  const removable = members.filter((p) => !owning.has(p.id));
  const removedPeople = new Set(rp.sample(removable, peopleSplit.removed));
  const removedIds = new Set([...removedPeople].map((p) => p.id));
  removeWhere(model.people, removedPeople);
  for (const g of model.groups) if (g.memberIds.some((id) => removedIds.has(id))) g.memberIds = g.memberIds.filter((id) => !removedIds.has(id));
  for (const p of removedPeople) {
    const account = jiraByPerson.get(p.id);
    if (account) account.active = false; // the Atlassian account outlives the Entra object, deactivated
  }
  const usedNicks = new Map<string, number>();
  for (const p of model.people) usedNicks.set(p.nick.replace(/\d+$/, ''), (usedNicks.get(p.nick.replace(/\d+$/, '')) ?? 0) + 1);
  const softwareGroup = model.jiraGroups.find((g) => g.name.startsWith('jira-software-users'));
  const hiredAccounts: string[] = [];
  for (let i = 0; i < peopleSplit.added; i++) {
    const hire = newPerson(rp, -1, 'member', domain, usedNicks, at);
    hire.leaveAt = null;
    hire.accountEnabled = true;
    model.people.push(hire);
    const department = model.groups.find((g) => g.displayName === hire.department);
    department?.memberIds.push(hire.id);
    if (rp.chance(0.9)) {
      const accountId = rp.hex(24);
      hire.atlassian = { accountId, active: true };
      model.jiraUsers.push({ accountId, type: 'atlassian', displayName: hire.displayName, email: `${hire.nick}@${domain}`, active: true, personId: hire.id });
      softwareGroup?.memberIds.push(accountId);
      hiredAccounts.push(accountId);
    }
  }

  // Entra group memberships.
  const rg = rnd('groups');
  const livePeople = model.people.filter((p) => p.kind === 'member');
  for (const g of rg.sample(model.groups, churnSplit(model.groups.length).changed + churnSplit(model.groups.length).added)) {
    if (rg.chance(0.5) && g.memberIds.length > 1) g.memberIds.splice(rg.int(0, g.memberIds.length - 1), 1);
    else {
      const p = rg.pick(livePeople);
      if (!g.memberIds.includes(p.id)) g.memberIds.push(p.id);
    }
  }

  // Service principals and app registrations: credentials rotate, a few third-party apps go, new apps arrive.
  const rs = rnd('service-principals');
  const spSplit = churnSplit(model.sps.length);
  for (const sp of rs.sample(model.sps, spSplit.changed)) {
    if (sp.origin === 'third') {
      sp.replyUrls = [...sp.replyUrls, `${sp.replyUrls[0] ?? 'https://example.invalid'}/v2`];
    } else {
      sp.lastSignIn = at - rs.int(0, 12) * 3_600_000;
    }
  }
  const removedSps = new Set(rs.sample(model.sps.filter((sp) => sp.origin === 'third'), spSplit.removed));
  const removedSpIds = new Set([...removedSps].map((sp) => sp.id));
  removeWhere(model.sps, removedSps);
  model.assignments = model.assignments.filter((a) => !removedSpIds.has(a.principalId));
  model.grants = model.grants.filter((g) => !removedSpIds.has(g.clientId));
  const graphSp = model.sps.find((sp) => sp.appId === '00000003-0000-0000-c000-000000000000');
  for (let i = 0; i < spSplit.added; i++) {
    const owner = rs.pick(livePeople);
    const appId = rs.uuid();
    const name = `${model.org.name.split(' ')[0]} New Integration ${at}-${i}`;
    model.apps.push({ id: rs.uuid(), appId, displayName: name, createdAt: at - 3_600_000, templateId: null, passwords: [{ keyId: rs.uuid(), displayName: 'initial', start: at - 3_600_000, end: at + 365 * DAY_MS, hint: rs.hex(3) }], keys: [], redirectUris: [], requiredRoles: [], owners: [{ type: 'user', id: owner.id }], reference: null, appRoles: [] });
    const sp = { id: rs.uuid(), appId, displayName: name, origin: 'home' as const, ownerOrg: model.org.tenantId, appRoles: [], scopes: [], tags: ['WindowsAzureActiveDirectoryIntegratedApp'], replyUrls: [], homepage: null, publisher: null, templateId: null, description: null, enabled: true, owners: [{ type: 'user' as const, id: owner.id }], lastSignIn: at - 600_000 };
    model.sps.push(sp);
    const role = graphSp?.appRoles.find((r) => r.value === 'User.Read.All');
    if (graphSp && role) model.assignments.push({ id: rs.hex(43), appRoleId: role.id, principalId: sp.id, principalType: 'ServicePrincipal', principalName: name, resourceId: graphSp.id, resourceName: graphSp.displayName, createdAt: at - 1_800_000 });
  }
  // Credentials rotate and owners change on about 1% of app registrations.
  const appSplit = churnSplit(model.apps.length);
  for (const app of rs.sample(model.apps, appSplit.changed)) {
    app.passwords.push({ keyId: rs.uuid(), displayName: `rotated-${at}`, start: at - 3_600_000, end: at + rs.int(90, 700) * DAY_MS, hint: rs.hex(3) });
  }
  const ownerAudits: Array<{ app: (typeof model.apps)[number]; added: boolean }> = [];
  for (const app of rs.sample(model.apps, appSplit.changed)) {
    if (app.owners.length > 1 && rs.chance(0.5)) {
      app.owners = app.owners.slice(1);
      ownerAudits.push({ app, added: false });
    } else {
      app.owners = [...app.owners, { type: 'user', id: rs.pick(livePeople).id }];
      ownerAudits.push({ app, added: true });
    }
  }
  // Application permissions: about 1% granted or revoked.
  const ra = rnd('assignments');
  const assignmentSplit = churnSplit(model.assignments.length);
  const revoked = new Set(ra.sample(model.assignments.filter((a) => a.principalType === 'ServicePrincipal'), assignmentSplit.removed));
  removeWhere(model.assignments, revoked);
  const clients = model.sps.filter((sp) => sp.origin === 'home' || sp.origin === 'third');
  for (let i = 0; i < assignmentSplit.added + assignmentSplit.changed && graphSp; i++) {
    const client = ra.pick(clients);
    const role = ra.pick(graphSp.appRoles);
    model.assignments.push({ id: ra.hex(43), appRoleId: role.id, principalId: client.id, principalType: 'ServicePrincipal', principalName: client.displayName, resourceId: graphSp.id, resourceName: graphSp.displayName, createdAt: at - 7_200_000 });
  }
  // Sign-in activity: about 1% of rows move.
  const rsi = rnd('sign-ins');
  for (const sp of rsi.sample(model.sps.filter((s) => s.lastSignIn !== null), churnSplit(model.sps.length).changed)) sp.lastSignIn = at - rsi.int(0, 20) * 3_600_000;

  // Directory audits: the 30-day window moves a day.
  const rd = rnd('directory-audits');
  model.directoryAudits = model.directoryAudits.filter((a) => a.at >= at - 30 * DAY_MS);
  const appActors = model.sps.filter((sp) => sp.origin === 'home' || sp.origin === 'mi').slice(0, 50);
  const admins = livePeople.slice(0, 12);
  const fresh = Math.max(1, Math.round(counts.directoryAuditsPerMonth / 30));
  for (let i = 0; i < fresh; i++) model.directoryAudits.push(directoryAudit(rd, at - rd.next() * DAY_MS, model.people, model.groups, appActors, admins));
  // Owner changes are in the directory audit log, as Entra records them (https://learn.microsoft.com/entra/identity/monitoring-health/reference-audit-activities).
  for (const { app, added } of ownerAudits) {
    model.directoryAudits.push({
      id: `Directory_${rd.uuid()}_${rd.hex(5).toUpperCase()}_${rd.int(10_000_000, 99_999_999)}`,
      at: at - rd.next() * DAY_MS,
      activity: added ? 'Add owner to application' : 'Remove owner from application',
      category: 'ApplicationManagement',
      operationType: added ? 'Assign' : 'Unassign',
      byUserId: rd.pick(admins).id,
      targetId: app.id,
      targetName: app.displayName,
      targetType: 'Application',
    });
  }
  model.directoryAudits.sort((a, b) => b.at - a.at);

  // Jira groups and projects.
  const rj = rnd('jira');
  const jiraPeople = model.jiraUsers.filter((u) => u.type === 'atlassian' && u.active);
  // What the day's access changes write to the Jira audit log (https://support.atlassian.com/jira-cloud-administration/docs/audit-activities-in-jira-applications/).
  const accessAudits: Array<Omit<JiraAudit, 'id' | 'at' | 'author'>> = [];
  const userItem = (accountId: string) => ({ id: accountId, name: model.jiraUsers.find((u) => u.accountId === accountId)?.displayName ?? accountId, typeName: 'USER' });
  const membership = (g: JiraGroup, accountId: string, added: boolean) =>
    accessAudits.push({ summary: added ? 'User added to group' : 'User removed from group', category: 'group management', objectId: g.groupId, objectName: g.name, typeName: 'GROUP', associated: [userItem(accountId)] });
  for (const g of rj.sample(model.jiraGroups.slice(4), churnSplit(model.jiraGroups.length).changed + 1)) {
    if (rj.chance(0.5) && g.memberIds.length > 1) membership(g, g.memberIds.splice(rj.int(0, g.memberIds.length - 1), 1)[0] ?? '', false);
    else {
      const accountId = rj.pick(jiraPeople).accountId;
      g.memberIds.push(accountId);
      membership(g, accountId, true);
    }
  }
  if (softwareGroup) for (const id of hiredAccounts) membership(softwareGroup, id, true);
  const projectSplit = churnSplit(model.projects.length);
  const teamGroups: JiraGroup[] = model.jiraGroups.slice(4);
  const appUsers: JiraUser[] = model.jiraUsers.filter((u) => u.type === 'app' && u.accountId !== JIRA_SYSTEM_ACCOUNT);
  const touchedProjects = rj.sample(model.projects, projectSplit.changed);
  for (const p of touchedProjects) {
    const memberRole = p.roles[JIRA_ROLES.member] ?? p.roles[JIRA_ROLES.deskTeam];
    if (memberRole) {
      memberRole.push({ id: model.seq.actor++, user: rj.pick(jiraPeople).accountId });
      accessAudits.push({ summary: 'Project roles changed', category: 'projects', objectId: p.id, objectName: p.name, typeName: 'PROJECT' });
    }
  }
  const removedProjects = new Set(rj.sample(model.projects.filter((p) => p.type !== 'service_desk'), projectSplit.removed));
  removeWhere(model.projects, removedProjects);
  const usedKeys = new Set(model.projects.map((p) => p.key));
  let deskId = model.projects.reduce((max, p) => Math.max(max, Number(p.deskId ?? 0)), 0) + 1;
  for (let i = 0; i < projectSplit.added; i++) {
    const project = newProject(rj, model.seq, usedKeys, jiraPeople, teamGroups, appUsers, () => String(deskId++), at);
    model.projects.push(project);
    accessAudits.push({ summary: 'Project created', category: 'projects', objectId: project.id, objectName: project.name, typeName: 'PROJECT' });
  }

  // Jira audit log: a day of new records.
  const rja = rnd('jira-audits');
  // Jira keeps its audit log far longer than the 90 days the extractor asks for: nothing is dropped, a day is added.
  const authors = model.jiraGroups.filter((g) => g.admin).flatMap((g) => g.memberIds);
  const activeApps = appUsers.filter((u) => u.active).map((u) => u.accountId);
  const freshAudits = Math.max(1, Math.round(counts.jiraAuditsPer90Days / 90));
  for (let i = 0; i < freshAudits; i++) model.jiraAudits.push(jiraAudit(rja, model.seq, at - rja.next() * DAY_MS, authors.length > 0 ? authors : [JIRA_SYSTEM_ACCOUNT], activeApps, model.projects, jiraPeople, false));
  for (const change of accessAudits) model.jiraAudits.push({ ...change, id: model.seq.audit++, at: at - rja.next() * DAY_MS, author: rja.pick(authors.length > 0 ? authors : [JIRA_SYSTEM_ACCOUNT]) });
  model.jiraAudits.sort((a, b) => b.at - a.at);

  // Automation rules.
  const rr = rnd('rules');
  const ruleSplit = churnSplit(model.rules.length);
  const ruleAuthors = jiraPeople.slice(0, Math.max(3, Math.round(jiraPeople.length * 0.04)));
  for (const rule of rr.sample(model.rules, ruleSplit.changed)) {
    rule.updated = at - rr.int(1, 20) * 3_600_000;
    rule.enabled = rr.chance(0.5) ? !rule.enabled : rule.enabled;
    rule.description = `${rule.description} (edited)`;
  }
  removeWhere(model.rules, new Set(rr.sample(model.rules, ruleSplit.removed)));
  for (let i = 0; i < ruleSplit.added; i++) model.rules.push(newRule(rr, model.rules.length + i + 100_000, model.projects, ruleAuthors, domain, at));

  // Flows: an edit, a new run, occasionally a new flow.
  const rf = rnd('flows');
  const flowSplit = churnSplit(model.flows.length);
  for (const f of rf.sample(model.flows, flowSplit.changed)) {
    f.modified = at - rf.int(1, 20) * 3_600_000;
    f.runs = [at - rf.int(1, 20) * 3_600_000, ...f.runs].slice(0, 10);
  }
  removeWhere(model.flows, new Set(rf.sample(model.flows, flowSplit.removed)));
  const makers = livePeople.slice(0, 20);
  for (let i = 0; i < flowSplit.added; i++) model.flows.push(newFlow(rf, model.flows.length + 1000 + i, makers, model.groups.slice(0, 10), model.connections, model.projects, domain, at));

  // Azure DevOps: a PAT created or expired, a hook delivery.
  const rad = rnd('ado');
  const patSplit = churnSplit(model.pats.length);
  const revokedPats = rad.sample(model.pats, patSplit.removed);
  removeWhere(model.pats, new Set(revokedPats));
  const adoPeople: Person[] = model.people.filter((p) => p.ado);
  const added: AdoPat[] = [];
  for (let i = 0; i < patSplit.added + patSplit.changed && adoPeople.length > 0; i++) added.push(newPat(rad, rad.pick(adoPeople), at));
  model.pats.push(...added);
  // The audit log records each of these (Token area); a revoked PAT leaves the list (as the fake serves it).
  const adoActor = (userId: string) => {
    const person = adoPeople.find((p) => p.ado?.id === userId);
    return person ? { userId, upn: `${person.nick}@${model.org.domain}`, displayName: person.displayName } : undefined;
  };
  const tokenEvent = (actionId: AdoTokenAudit['actionId'], pat: AdoPat, when: number, actor = adoActor(pat.userId)): AdoTokenAudit => ({ id: rad.uuid(), at: when, actionId, ...(actor ? { actor } : {}), tokenName: pat.displayName });
  model.adoAudits = model.adoAudits.filter((a) => a.at >= at - 90 * DAY_MS);
  for (const pat of added) model.adoAudits.push(tokenEvent('Token.PatCreateEvent', pat, at - rad.next() * DAY_MS));
  for (const pat of revokedPats) model.adoAudits.push(tokenEvent('Token.PatRevokeEvent', pat, at - rad.next() * DAY_MS));
  for (const pat of model.pats) if (pat.validTo > previous.at && pat.validTo <= at) model.adoAudits.push(tokenEvent('Token.PatExpiredEvent', pat, pat.validTo, undefined));
  model.adoAudits.sort((a, b) => b.at - a.at);
  for (const h of rad.sample(model.hooks, churnSplit(model.hooks.length).changed)) h.deliveries = [at - rad.int(1, 20) * 3_600_000, ...h.deliveries.filter((d) => d >= at - 30 * DAY_MS)];

  return model;
}
