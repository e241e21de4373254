/**
 * Which owners endpoint each flow is read from: /permissions first; an environment that answers only the older
 * /owners is learned from its first flow, so its other flows cost one request each, not a 404 and a retry. A flow
 * the learned endpoint does not answer for still gets the other one, and a flow neither answers (deleted since it
 * was listed) is left out.
 */
import { AppError } from '../../../src/shared/errors';
import { fetchFlowOwners, flowOwnersPath, flowPermissionsPath } from '../../../src/sources/powerautomate/flow-owners';
import type { PowerPlatformClient } from '../../../src/sources/powerautomate/power-platform-client';

const owner = (id: string) => ({ name: id, properties: { roleName: 'Owner', principal: { id, type: 'User' } } });

function clientAnswering(pages: Record<string, unknown[]>): { client: PowerPlatformClient; asked: string[] } {
  const asked: string[] = [];
  const client = {
    getAllPages: async (_host: string, path: string) => {
      asked.push(path);
      const page = pages[path];
      if (!page) throw new AppError('NOT_FOUND', `no ${path}`);
      return page;
    },
  } as unknown as PowerPlatformClient;
  return { client, asked };
}

it('learns per environment which endpoint answers, and still falls back for a flow it does not', async () => {
  const flows = [
    ...['a1', 'a2', 'a3', 'a4'].map((name) => ({ environmentName: 'env-old', name })),
    ...['b1', 'b2', 'b3'].map((name) => ({ environmentName: 'env-new', name })),
  ];
  const pages: Record<string, unknown[]> = {};
  for (const name of ['a1', 'a2', 'a4']) pages[flowOwnersPath('env-old', name)] = [owner(`maker-${name}`)];
  pages[flowPermissionsPath('env-old', 'a3')] = [owner('maker-a3')]; // one flow of the old environment answers /permissions
  for (const name of ['b1', 'b3']) pages[flowPermissionsPath('env-new', name)] = [owner(`maker-${name}`)]; // b2 is gone
  const { client, asked } = clientAnswering(pages);

  const result = await fetchFlowOwners(client, flows);

  expect(result.records.map((r) => `${r.environmentName}/${r.flowName}:${r.properties.principal.id}`).sort()).toEqual(
    ['env-new/b1:maker-b1', 'env-new/b3:maker-b3', 'env-old/a1:maker-a1', 'env-old/a2:maker-a2', 'env-old/a3:maker-a3', 'env-old/a4:maker-a4'].sort(),
  );
  const askedFor = (env: string) => asked.filter((p) => p.includes(`/environments/${env}/`));
  // env-old: a1 probes /permissions then /owners; a2, a4 go to /owners at once; a3 tries /owners, then /permissions.
  expect(askedFor('env-old')).toHaveLength(2 + 1 + 2 + 1);
  expect(askedFor('env-old').filter((p) => p.endsWith('/permissions'))).toEqual([flowPermissionsPath('env-old', 'a1'), flowPermissionsPath('env-old', 'a3')]);
  // env-new: /permissions for every flow; the deleted b2 is asked both before it is left out.
  expect(askedFor('env-new')).toHaveLength(1 + 2 + 1);
});

it('keeps probing an environment while its first flows answer neither endpoint', async () => {
  const flows = ['gone', 'c2', 'c3'].map((name) => ({ environmentName: 'env-c', name }));
  const pages: Record<string, unknown[]> = { [flowOwnersPath('env-c', 'c2')]: [owner('m2')], [flowOwnersPath('env-c', 'c3')]: [owner('m3')] };
  const { client, asked } = clientAnswering(pages);
  const result = await fetchFlowOwners(client, flows);
  expect(result.records.map((r) => r.flowName)).toEqual(['c2', 'c3']);
  expect(asked).toEqual([flowPermissionsPath('env-c', 'gone'), flowOwnersPath('env-c', 'gone'), flowPermissionsPath('env-c', 'c2'), flowOwnersPath('env-c', 'c2'), flowOwnersPath('env-c', 'c3')]);
});
