/**
 * What the calling person may see, asked of Jira as that person (the CallerAccess port over a ProductRequest made
 * asUser): whether they administer Jira, and which of some project keys they may browse (project/search as the user
 * lists only those). Anything but a clear answer shows nothing: the safe way to be wrong.
 */
import { z } from 'zod';
import type { ProductRequest } from '../shared/http';
import type { CallerAccess } from './ports';

const KEYS_PER_SEARCH = 50;
const projectPageSchema = z.looseObject({ values: z.array(z.looseObject({ key: z.string() })), isLast: z.boolean().optional() });
const myPermissionsSchema = z.looseObject({ permissions: z.record(z.string(), z.looseObject({ havePermission: z.boolean() })) });

export function jiraCallerAccess(asUser: ProductRequest): CallerAccess {
  return {
    async isJiraAdmin() {
      const response = await asUser('/rest/api/3/mypermissions?permissions=ADMINISTER', { headers: { Accept: 'application/json' } });
      if (response.status !== 200) return false;
      const parsed = myPermissionsSchema.safeParse(JSON.parse(await response.text()));
      return parsed.success && parsed.data.permissions.ADMINISTER?.havePermission === true;
    },
    async browsableAmong(keys) {
      const browsable = new Set<string>();
      const unique = [...new Set(keys)];
      for (let start = 0; start < unique.length; start += KEYS_PER_SEARCH) {
        const batch = unique.slice(start, start + KEYS_PER_SEARCH);
        const query = batch.map((k) => `keys=${encodeURIComponent(k)}`).join('&');
        const response = await asUser(`/rest/api/3/project/search?${query}&maxResults=${KEYS_PER_SEARCH}`, { headers: { Accept: 'application/json' } });
        if (response.status !== 200) continue;
        const page = projectPageSchema.safeParse(JSON.parse(await response.text()));
        if (page.success) for (const project of page.data.values) browsable.add(project.key);
      }
      return browsable;
    },
  };
}
