import { groupsToGraph, ownerGroupIds, type OwnerGroup } from '../../../src/sources/entra/groups';
import { ownersToGraph, type EntraOwner } from '../../../src/sources/entra/owners';
import { entraPeople, entraUserDeparture, usersToGraph } from '../../../src/sources/entra/users';
import type { GraphNode } from '../../../src/model/schema';
import { application, context, OBSERVED_AT, servicePrincipal, TENANT, user } from './entra-records';

const identity = (spId: string) => `entra:identity:${TENANT}/${spId}`;
const userObject = (id: string, fields: Record<string, unknown> = {}) => ({ '@odata.type': '#microsoft.graph.user', id, displayName: `User ${id}`, ...fields });

describe('entraUserDeparture', () => {
  it.each([
    ['a disabled account', { accountEnabled: false, employeeLeaveDateTime: null }, true, 'Entra account disabled'],
    ['a leave date already passed', { accountEnabled: true, employeeLeaveDateTime: '2026-10-31T00:00:00Z' }, true, 'Entra leave date 2026-10-31 has passed'],
    ['a leave date at the sync time', { accountEnabled: true, employeeLeaveDateTime: OBSERVED_AT }, true, 'Entra leave date 2026-11-20 has passed'],
    ['a future leave date (not a departure)', { accountEnabled: true, employeeLeaveDateTime: '2027-01-31T00:00:00Z' }, false, 'Entra account enabled; leave date 2027-01-31 is still ahead'],
    ['an enabled account', { accountEnabled: true }, false, 'Entra account enabled'],
    ['an account whose state was not read', {}, undefined, 'Entra did not say whether the account is enabled'],
  ] as const)('%s', (_what, fields, departed, reason) => {
    expect(entraUserDeparture(fields, OBSERVED_AT)).toEqual({ departed, reason });
  });
});

describe('users', () => {
  it('are people records (one per address) for correlate/, not graph nodes', () => {
    // Arrange
    const leaver = user('u-leaver', 'Leaver@Corp.example', { userPrincipalName: 'leaver@corp.onmicrosoft.com', accountEnabled: false, department: 'IT' });
    const stayer = user('u-stayer', 'stayer@corp.example', { employeeLeaveDateTime: '2027-03-01T00:00:00Z' });

    // Act
    const people = entraPeople([leaver, stayer], OBSERVED_AT);
    const fragment = usersToGraph([leaver, stayer], context(), TENANT);

    // Assert
    expect(new Set(people.map((p) => `${p.email} ${String(p.departed)}`))).toEqual(new Set(['leaver@corp.example true', 'leaver@corp.onmicrosoft.com true', 'stayer@corp.example false']));
    expect(people.find((p) => p.email === 'leaver@corp.example')).toMatchObject({ entraUserId: 'u-leaver', department: 'IT', departedReason: 'Entra account disabled' });
    expect(fragment.nodes).toEqual([]);
  });

  it('become entra_user identities only when another system references them', () => {
    // Arrange
    const connectionAccount = user('u-maker', 'maker@corp.example');
    const serviceAccount = user('u-svc', 'svc-sync@corp.example', { employeeType: 'Service account' });

    // Act
    const fragment = usersToGraph([connectionAccount, serviceAccount, user('u-other', 'other@corp.example')], context(), TENANT, new Set(['u-maker', 'u-svc']));

    // Assert
    expect(new Set(fragment.nodes.map((n) => n.id))).toEqual(new Set([identity('u-maker'), identity('u-svc')]));
    expect(fragment.nodes.find((n) => n.id === identity('u-maker'))?.props).toMatchObject({ subtype: 'entra_user', human: true, email: 'maker@corp.example', enabled: true });
    expect(fragment.nodes.find((n) => n.id === identity('u-svc'))?.props).toMatchObject({ human: false });
  });
});

describe('ownersToGraph', () => {
  it('makes user owners of the service principal and of its application owner nodes by lower-case e-mail, with departure; a service-principal owner never departs', () => {
    // Arrange
    const sp = servicePrincipal('sp-1', 'app-1');
    const registration = application('obj-1', 'app-1');
    const owners: EntraOwner[] = [
      { ownedType: 'servicePrincipal', ownedId: 'sp-1', owner: userObject('u-active', { mail: 'Active.Owner@Corp.example', userPrincipalName: 'active@corp.onmicrosoft.com' }) },
      { ownedType: 'application', ownedId: 'obj-1', owner: userObject('u-leaver', { mail: null, userPrincipalName: 'Leaver@corp.example' }) },
      { ownedType: 'application', ownedId: 'obj-unknown', owner: userObject('u-active', { mail: 'active.owner@corp.example' }) },
      { ownedType: 'servicePrincipal', ownedId: 'sp-1', owner: { '@odata.type': '#microsoft.graph.servicePrincipal', id: 'sp-automation' } },
    ];
    const users = [user('u-active', 'active.owner@corp.example'), user('u-leaver', 'leaver@corp.example', { accountEnabled: true, employeeLeaveDateTime: '2026-10-31T00:00:00Z' })];

    // Act
    const fragment = ownersToGraph(owners, { servicePrincipals: [sp], applications: [registration], users }, context(), TENANT);

    // Assert
    const nodes = new Map(fragment.nodes.map((n) => [n.id, n as GraphNode<'owner'>]));
    expect(new Set(nodes.keys())).toEqual(new Set(['people:owner:active.owner@corp.example', 'people:owner:leaver@corp.example', `people:owner:sp/${TENANT}/sp-automation`]));
    expect(nodes.get(`people:owner:sp/${TENANT}/sp-automation`)?.props).toMatchObject({ subtype: 'service_principal', departed: false });
    expect(nodes.get('people:owner:active.owner@corp.example')?.props).toMatchObject({ subtype: 'person', email: 'active.owner@corp.example', entraUserIds: ['u-active'], departed: false });
    expect(nodes.get('people:owner:leaver@corp.example')?.props).toMatchObject({ departed: true, departedReason: 'Entra leave date 2026-10-31 has passed' });
    expect(new Set(fragment.edges.map((e) => `${e.kind} ${e.from} ${e.to}`))).toEqual(
      new Set([`OWNED_BY ${identity('sp-1')} people:owner:active.owner@corp.example`, `OWNED_BY ${identity('sp-1')} people:owner:leaver@corp.example`, `OWNED_BY ${identity('sp-1')} people:owner:sp/${TENANT}/sp-automation`]),
    );
  });

  it('makes a group owner a group owner node, with its active members counted from the enabled users', () => {
    // Arrange
    const sp = servicePrincipal('sp-1', 'app-1');
    const owners: EntraOwner[] = [{ ownedType: 'servicePrincipal', ownedId: 'sp-1', owner: { '@odata.type': '#microsoft.graph.group', id: 'g-ops', displayName: 'Ops' } }];
    const opsGroup: OwnerGroup = {
      id: 'g-ops',
      displayName: 'Ops',
      members: [userObject('u-1'), userObject('u-2'), userObject('u-3', { accountEnabled: false }), { '@odata.type': '#microsoft.graph.group', id: 'g-nested' }],
    };
    const users = [user('u-1', 'one@corp.example'), user('u-2', 'two@corp.example', { accountEnabled: false }), user('u-3', 'three@corp.example')];

    // Act
    const ownerFragment = ownersToGraph(owners, { servicePrincipals: [sp], applications: [], users }, context(), TENANT);
    const groupFragment = groupsToGraph([opsGroup], users, context(), TENANT);

    // Assert
    const groupOwnerId = `people:owner:group/${TENANT}/g-ops`;
    expect(ownerGroupIds(owners)).toEqual(['g-ops']);
    expect(ownerFragment.edges).toEqual([expect.objectContaining({ kind: 'OWNED_BY', from: identity('sp-1'), to: groupOwnerId })]);
    expect(ownerFragment.nodes).toEqual([expect.objectContaining({ id: groupOwnerId, props: expect.objectContaining({ subtype: 'group' }) })]);
    expect(groupFragment.nodes).toEqual([expect.objectContaining({ id: groupOwnerId, name: 'Ops', props: expect.objectContaining({ subtype: 'group', activeMembers: 1 }) })]);
  });

  it('leaves activeMembers unknown when no member user state is known, and 0 for a group with no user left', () => {
    // Arrange
    const unknownState: OwnerGroup = { id: 'g-unknown', members: [userObject('u-not-listed')] };
    const emptied: OwnerGroup = { id: 'g-empty', members: [] };

    // Act
    const fragment = groupsToGraph([unknownState, emptied], [], context(), TENANT);

    // Assert
    const props = new Map(fragment.nodes.map((n) => [n.id, n.props as GraphNode<'owner'>['props']]));
    expect(props.get(`people:owner:group/${TENANT}/g-unknown`)?.activeMembers).toBeUndefined();
    expect(props.get(`people:owner:group/${TENANT}/g-empty`)?.activeMembers).toBe(0);
  });
});
