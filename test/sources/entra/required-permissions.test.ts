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

it('lists blueprints and blueprint principals as readable with their own Read.All, their ReadWrite.All or Application.Read.All', () => {
  // Arrange / Act
  const least = granted(['AgentIdentityBlueprint.Read.All', 'AgentIdentityBlueprintPrincipal.Read.All']);
  const higher = granted(['AgentIdentityBlueprint.ReadWrite.All', 'AgentIdentityBlueprintPrincipal.ReadWrite.All']);
  const application = granted(['Application.Read.All']);
  const unrelated = granted(['User.Read.All', 'AgentIdentity.Read.All']);

  // Assert
  for (const answer of [least, higher, application]) {
    expect(answer['AgentIdentityBlueprint.Read.All']).toBe(true);
    expect(answer['AgentIdentityBlueprintPrincipal.Read.All']).toBe(true);
  }
  expect(unrelated['AgentIdentityBlueprint.Read.All']).toBe(false);
  expect(unrelated['AgentIdentityBlueprintPrincipal.Read.All']).toBe(false);
});
