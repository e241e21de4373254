import { checkGrantedPermissions } from '../../../src/sources/entra/required-permissions';

const granted = (roles: string[]) => Object.fromEntries(checkGrantedPermissions(roles).map((p) => [p.name, p.granted]));

it('counts a documented higher-privileged alternative as granted, and nothing else', () => {
  const answer = granted(['Directory.Read.All']);
  expect(answer['Application.Read.All']).toBe(true);
  expect(answer['User.Read.All']).toBe(true);
  expect(answer['GroupMember.Read.All']).toBe(true);
  expect(answer['AuditLog.Read.All']).toBe(false);
  expect(answer['Synchronization.Read.All']).toBe(false);
});

it('lists agent identities as readable with Application.Read.All, as Graph documents', () => {
  expect(granted(['Application.Read.All'])['AgentIdentity.Read.All']).toBe(true);
  expect(granted(['User.Read.All'])['AgentIdentity.Read.All']).toBe(false);
});
