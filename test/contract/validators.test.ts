import { checkGraphFile, checkJiraFile, formatLocatedError } from './check-system-files';
import { findJiraRoute, listGraphRoutes } from './routes';
import { loadGraphSchema, loadJiraSchema } from './schema-files';
import { validateGraphObject } from './validate-graph';
import { validateJiraValue } from './validate-jira';

const graph = { 'v1.0': loadGraphSchema('v1.0'), beta: loadGraphSchema('beta') };
const jira = loadJiraSchema();
const TENANT = '11111111-2222-4333-8444-555555555555';
const SP = 'microsoft.graph.servicePrincipal';

const servicePrincipal = {
  id: '5e000000-0000-4000-8000-000000000001',
  appId: 'a9000000-0000-4000-8000-000000000001',
  displayName: 'Test app',
  accountEnabled: true,
  appOwnerOrganizationId: TENANT,
  tags: [],
  passwordCredentials: [{ keyId: 'c0000000-0000-4000-8000-000000000001', endDateTime: '2027-01-01T00:00:00Z', displayName: null }],
};

const project = { id: '10001', key: 'OPS', name: 'Operations', projectTypeKey: 'software', simplified: false, style: 'classic' };

function jiraElement(key: string) {
  const element = findJiraRoute(key, jira)?.element;
  if (element === undefined) throw new Error(`no paged route for ${key}`);
  return element;
}

describe('Graph', () => {
  it('passes a minimal valid service principal', () => {
    expect(validateGraphObject(servicePrincipal, SP, graph['v1.0'])).toEqual([]);
  });

  it('fails an unknown property (servicePrincipal has no createdDateTime)', () => {
    const errors = validateGraphObject({ ...servicePrincipal, createdDateTime: '2026-01-01T00:00:00Z' }, SP, graph['v1.0']);

    expect(errors).toEqual([{ pointer: '/createdDateTime', message: `unknown property of ${SP}` }]);
  });

  it('fails a wrong primitive type', () => {
    const errors = validateGraphObject({ ...servicePrincipal, accountEnabled: 'yes' }, SP, graph['v1.0']);

    expect(errors).toEqual([{ pointer: '/accountEnabled', message: 'expected Edm.Boolean, got string "yes"' }]);
  });

  it('fails a bad GUID, naming the nested field', () => {
    const credential = { ...servicePrincipal.passwordCredentials[0], keyId: 'not-a-guid' };

    const errors = validateGraphObject({ ...servicePrincipal, passwordCredentials: [credential] }, SP, graph['v1.0']);

    expect(errors).toEqual([{ pointer: '/passwordCredentials/0/keyId', message: 'expected Edm.Guid (a GUID), got string "not-a-guid"' }]);
  });

  it('fails null where the CSDL says Nullable="false", and a null collection', () => {
    const errors = validateGraphObject({ ...servicePrincipal, appRoleAssignmentRequired: null, tags: null }, SP, graph['v1.0']);

    expect(errors.map((error) => error.pointer).sort()).toEqual(['/appRoleAssignmentRequired', '/tags']);
  });

  it('fails a value outside an enum', () => {
    const errors = validateGraphObject({ id: 'x', status: { code: 'Sleeping' } }, 'microsoft.graph.synchronizationJob', graph['v1.0']);

    expect(errors).toHaveLength(1);
    expect(errors[0]?.pointer).toBe('/status/code');
  });

  it('checks an owner against the derived type named in @odata.type', () => {
    const owner = { '@odata.type': '#microsoft.graph.user', id: 'u1', displayName: 'Ana', userPrincipalName: 'ana@example.com' };

    expect(validateGraphObject(owner, 'microsoft.graph.directoryObject', graph['v1.0'])).toEqual([]);
    expect(validateGraphObject({ id: 'u1', displayName: 'Ana' }, 'microsoft.graph.directoryObject', graph['v1.0'])).toEqual([
      { pointer: '/displayName', message: 'unknown property of microsoft.graph.directoryObject' },
    ]);
    expect(validateGraphObject({ ...owner, '@odata.type': '#microsoft.graph.domain' }, 'microsoft.graph.directoryObject', graph['v1.0'])).toHaveLength(1);
  });

  it('validates /beta paths against the beta types', () => {
    const row = { id: 'AAA', appId: servicePrincipal.appId, lastSignInActivity: { lastSignInDateTime: '2026-11-20T05:59:00Z' } };

    const errors = checkGraphFile({ [TENANT]: { '/beta/reports/servicePrincipalSignInActivities': [row, { ...row, lastSignInActivity: { lastSignInDateTime: 'yesterday' } }] } }, graph);

    expect(errors.map((error) => formatLocatedError('t/01/graph.json', error))).toEqual([
      `t/01/graph.json ${TENANT}/beta/reports/servicePrincipalSignInActivities[1] #/lastSignInActivity/lastSignInDateTime: ` +
        'expected Edm.DateTimeOffset (an ISO 8601 date-time with offset), got string "yesterday"',
    ]);
  });

  it('fails a path with no route', () => {
    const errors = checkGraphFile({ [TENANT]: { '/v1.0/servicePrincipals': [servicePrincipal], '/v1.0/devices': [] } }, graph);

    expect(errors).toEqual([{ key: `${TENANT}/v1.0/devices`, pointer: '', message: 'no contract for path /v1.0/devices; add a route in test/contract/routes.ts (GRAPH_ROUTES)' }]);
  });

  const entitySetTypes: Record<string, string> = { users: 'user', groups: 'group', servicePrincipals: 'servicePrincipal', applications: 'application' };

  it.each(listGraphRoutes().filter((route) => /^\/v1\.0\/\w+\/\{id\}\/\w+$/.test(route.template)))(
    'route $template agrees with the CSDL navigation property',
    ({ template, elementType }) => {
      const [, , entitySet = '', , property = ''] = template.split('/');
      const owner = graph['v1.0'].types[`microsoft.graph.${entitySetTypes[entitySet] ?? entitySet}`];

      expect(owner?.kind !== 'enum' ? owner?.navigation[property] : undefined).toEqual({ type: elementType, collection: true });
    },
  );
});

describe('Jira', () => {
  it('passes a minimal valid project and role', () => {
    const role = { id: 10002, name: 'Administrators', self: 'https://x.atlassian.net/rest/api/3/project/10001/role/10002', actors: [] };

    expect(validateJiraValue(project, jiraElement('/rest/api/3/project/search'), jira)).toEqual([]);
    expect(checkJiraFile({ '/rest/api/3/project/10001/role/10002': role }, jira)).toEqual([]);
  });

  it('fails a wrong type (Project.id as a number)', () => {
    const errors = validateJiraValue({ ...project, id: 10001 }, jiraElement('/rest/api/3/project/search'), jira);

    expect(errors).toEqual([{ pointer: '/id', message: 'expected string (Project.id), got number 10001' }]);
  });

  it('fails an unknown field', () => {
    const errors = validateJiraValue({ ...project, owner: 'ana' }, jiraElement('/rest/api/3/project/search'), jira);

    expect(errors).toEqual([{ pointer: '/owner', message: 'unknown property of Project' }]);
  });

  it('treats an object schema with properties as closed even without additionalProperties: false', () => {
    const schema = { type: 'object', properties: { a: { type: 'integer' } } };

    expect(validateJiraValue({ a: 1, b: 2 }, schema, jira)).toEqual([{ pointer: '/b', message: 'unknown property of response' }]);
    expect(validateJiraValue({ a: 1, b: 2 }, { ...schema, additionalProperties: true }, jira)).toEqual([]);
  });

  it('allows only the documented deviations of real payloads from the spec', () => {
    const groupActor = { id: 10240, displayName: 'devs', type: 'atlassian-group-role-actor', user: 'devs', actorGroup: { name: 'devs', groupId: 'g1' } };

    expect(checkJiraFile({ '/rest/api/3/project/10001/role/10002': { id: 10002, actors: [groupActor] } }, jira)).toEqual([]);
    expect(checkJiraFile({ '/rest/api/3/project/10001/role/10002': { id: 10002, actors: [{ ...groupActor, accountId: 'x' }] } }, jira)).toEqual([
      { key: '/rest/api/3/project/10001/role/10002', pointer: '/actors/0/accountId', message: 'unknown property of RoleActor' },
    ]);
  });

  it('routes concrete paths to spec templates and paged values to their items', () => {
    expect(findJiraRoute('/rest/api/3/project/search', jira)?.template).toBe('/rest/api/3/project/search');
    expect(findJiraRoute('/rest/api/3/project/10001/role/10002', jira)?.template).toBe('/rest/api/3/project/{projectIdOrKey}/role/{id}');
    expect(findJiraRoute('/rest/api/3/group/member#groupId=g1', jira)?.element).toEqual({ $ref: '#/components/schemas/UserDetails' });
    expect(findJiraRoute('/rest/api/3/auditing/record', jira)?.element).toEqual({ $ref: '#/components/schemas/AuditRecordBean' });
    expect(findJiraRoute('/rest/api/3/users/search', jira)?.element).toEqual({ $ref: '#/components/schemas/User' });
    expect(findJiraRoute('/rest/api/3/permissionscheme', jira)?.element).toBeUndefined();
  });

  it('fails a path with no route and skips JSM, which has no spec', () => {
    const errors = checkJiraFile({ '/rest/api/3/dashboard': [], '/rest/servicedeskapi/servicedesk': [{ anything: true }] }, jira);

    expect(errors.map((error) => error.message)).toEqual([
      'no contract for path /rest/api/3/dashboard; add a route in dev/tools/schema-extract/jira-openapi.ts (JIRA_GET_TEMPLATES) and regenerate',
    ]);
  });
});
