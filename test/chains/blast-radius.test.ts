/**
 * Blast radius: every path from a principal to every resource it reaches (not only the first chain), scope members
 * drawn as resources, cross-system and correlated hops marked, and a bound that summarises what does not fit.
 */
import { buildBlastRadius } from '../../src/chains/blast-radius';
import {
  browseProjects,
  correlatedPair,
  grant,
  graphAppPermission,
  jiraAdminister,
  jiraAppUser,
  jiraProject,
  role,
  scopeMember,
  sealedGraphOf,
  servicePrincipal,
  siteScope,
  hasRole,
  grants,
  appliesTo,
  type GraphPart,
} from '../support/graph-fixtures';

describe('buildBlastRadius', () => {
  it('draws every route to every resource, including a second route to a project already reached', () => {
    // Arrange
    const app = jiraAppUser('Ticket Bridge');
    const deals = jiraProject('DEALS', { sensitivity: 'restricted' });
    const sales = jiraProject('SALES');
    const viaGroup = role('jira-users', { subtype: 'jira_group' });
    const browseDeals = browseProjects(deals);
    const parts: GraphPart[] = [
      app,
      grant(app, browseDeals, deals),
      grant(app, browseProjects(sales), sales),
      viaGroup,
      hasRole(app, viaGroup),
      grants(viaGroup, browseDeals),
    ];

    // Act
    const radius = buildBlastRadius(sealedGraphOf(...parts), app.id);

    // Assert
    const resources = radius.nodes.filter((n) => n.kind === 'resource').map((n) => n.name);
    expect(new Set(resources)).toEqual(new Set(['DEALS', 'SALES']));
    const intoDeals = radius.edges.filter((e) => e.to === browseDeals.id).map((e) => e.from);
    expect(intoDeals).toHaveLength(2);
    expect(radius.reached).toEqual({ restricted: 1, internal: 1 });
    expect(radius.summarised).toBe(0);
  });

  it('draws the classified members of a tenant-wide scope, and marks the correlated hop into Jira as cross-system', () => {
    // Arrange
    const sp = servicePrincipal('SharePoint Bridge');
    const appUser = jiraAppUser('SharePoint Bridge for Jira');
    const sites = siteScope({ members: [scopeMember('HR', 'restricted'), scopeMember('Finance', 'confidential')] });
    const legal = jiraProject('LEGAL', { sensitivity: 'restricted' });
    const parts: GraphPart[] = [
      sp,
      appUser,
      grant(sp, graphAppPermission('Sites.ReadWrite.All'), sites),
      correlatedPair(sp, appUser, { evidenced: false }),
      grant(appUser, browseProjects(legal), legal),
    ];

    // Act
    const radius = buildBlastRadius(sealedGraphOf(...parts), sp.id);

    // Assert
    const members = radius.nodes.filter((n) => n.memberOf === sites.id).map((n) => n.name);
    expect(members.sort()).toEqual(['Finance', 'HR']);
    expect(radius.nodes.find((n) => n.name === 'LEGAL')?.projectKey).toBe('LEGAL');
    const hop = radius.edges.find((e) => e.from === sp.id && e.to === appUser.id);
    expect(hop).toMatchObject({ kind: 'AUTHENTICATES_TO', basis: 'correlated', crossSystem: true });
    // The way back from the app user to the service principal reaches nothing new: no cycle is drawn.
    expect(radius.edges.some((e) => e.from === appUser.id && e.to === sp.id)).toBe(false);
    expect(radius.reached).toEqual({ restricted: 2, confidential: 1 });
  });

  it('keeps an authority that applies to no resource (Administer Jira)', () => {
    const app = jiraAppUser('Sync User');
    const radius = buildBlastRadius(sealedGraphOf(app, grant(app, jiraAdminister())), app.id);
    expect(radius.nodes.map((n) => n.kind).sort()).toEqual(['identity', 'permission', 'role']);
  });

  it('summarises what does not fit under its nearest drawn node, pinned and sensitive resources first', () => {
    // Arrange: 40 projects, one restricted, one pinned
    const app = jiraAppUser('Everywhere Bot');
    const projects = Array.from({ length: 40 }, (_, i) => jiraProject(`P${String(i).padStart(2, '0')}`, { sensitivity: i === 7 ? 'restricted' : 'internal' }));
    const parts: GraphPart[] = [app, ...projects.map((p) => grant(app, browseProjects(p), p))];
    const pinned = projects[30]?.id as string;

    // Act
    const radius = buildBlastRadius(sealedGraphOf(...parts), app.id, { maxResources: 5, pinned: new Set([pinned]) });

    // Assert
    const drawn = radius.nodes.filter((n) => n.kind === 'resource' && n.count === undefined).map((n) => n.name);
    expect(drawn).toHaveLength(5);
    expect(drawn).toContain('P30');
    expect(drawn).toContain('P07');
    const summaries = radius.nodes.filter((n) => n.count !== undefined);
    expect(summaries.reduce((a, n) => a + (n.count ?? 0), 0)).toBe(35);
    expect(radius.summarised).toBe(35);
    expect(radius.reached).toEqual({ restricted: 1, internal: 39 });
    // The roles and permissions of summarised projects are not drawn.
    expect(radius.nodes.filter((n) => n.kind === 'role')).toHaveLength(5);
  });

  it('stays under its byte bound for a principal reaching thousands of resources', () => {
    const app = jiraAppUser('Global Rule Actor');
    const projects = Array.from({ length: 3000 }, (_, i) => jiraProject(`K${i}`, { sensitivity: i % 3 === 0 ? 'confidential' : 'internal' }));
    const perm = browseProjects(jiraProject('ANY'));
    const parts: GraphPart[] = [app, grant(app, perm), ...projects, ...projects.map((p) => appliesTo(perm, p))];
    const radius = buildBlastRadius(sealedGraphOf(...parts), app.id, { maxBytes: 20 * 1024 });
    expect(Buffer.byteLength(JSON.stringify(radius))).toBeLessThanOrEqual(20 * 1024);
    expect((radius.reached.internal ?? 0) + (radius.reached.confidential ?? 0)).toBe(3000);
    expect(radius.summarised).toBeGreaterThan(2900);
  });

  it('answers an empty radius for an unknown principal', () => {
    expect(buildBlastRadius(sealedGraphOf(), 'jira:identity:nobody')).toEqual({ principalId: 'jira:identity:nobody', nodes: [], edges: [], reached: {}, summarised: 0 });
  });
});
