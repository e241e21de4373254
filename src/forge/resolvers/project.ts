/**
 * Project page resolvers (module sv0-project). The project comes from the invocation context, which the browser can
 * tamper with, so the caller's right to browse it is re-checked asUser before anything is returned; a finding is
 * shown only if its principal reaches this project (or its chain names it).
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { findingEntityStore, findingIdsForProject } from '../adapters/finding-entity-store';
import { listFindings } from '../read/finding-reads';
import { findingIdsReachingProject } from '../read/surfaces';
import { callerView, visibleDetailOf } from '../read/visibility-reads';
import { requireProjectBrowse } from './authorize';
import { respond } from './envelope';
import { findingListRequestSchema, parsePayload } from './payloads';

const projectExtensionSchema = z.looseObject({ project: z.looseObject({ key: z.string().min(1) }) });

async function authorizedProject(context: { accountId?: string; extension?: unknown }): Promise<string> {
  const extension = projectExtensionSchema.safeParse(context.extension);
  if (!extension.success) throw new AppError('INVALID_INPUT', 'This page must be opened from a Jira project');
  await requireProjectBrowse(context.accountId, extension.data.project.key);
  return extension.data.project.key;
}

export const projectResolver = new Resolver()
  .define('project/findings', ({ payload, context }) =>
    respond(async () => {
      const projectKey = await authorizedProject(context);
      const ids = new Set((await findingIdsReachingProject(projectKey)) ?? (await findingIdsForProject(projectKey)));
      const list = await listFindings(parsePayload(findingListRequestSchema, payload ?? {}, 'Findings list'), ids);
      // Other projects, sites and mailboxes a finding names are shown only to those who may see them.
      const view = await callerView({ rows: list.rows });
      return { projectKey, ...list, rows: list.rows.map(view.row) };
    }),
  )
  .define('project/finding', ({ payload, context }) =>
    respond(async () => {
      const projectKey = await authorizedProject(context);
      const { id } = parsePayload(z.object({ id: z.string().min(1) }), payload, 'Finding');
      if (!((await findingIdsReachingProject(projectKey)) ?? (await findingIdsForProject(projectKey))).includes(id)) throw new AppError('NOT_FOUND', `Finding ${id} does not touch project ${projectKey}`);
      const finding = await findingEntityStore.get(id);
      if (!finding) throw new AppError('NOT_FOUND', `No finding ${id}`);
      return visibleDetailOf(finding);
    }),
  )
  .getDefinitions();
