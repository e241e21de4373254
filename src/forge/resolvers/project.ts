/**
 * Project page resolvers (module sv0-project). The project comes from the invocation context, which the browser can
 * tamper with, so the caller's right to browse it is re-checked asUser before anything is returned; a finding is
 * shown only if its principal reaches this project (or its chain names it) (src/use-cases/project-page.ts).
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { listProjectFindings, projectFindingDetail } from '../../use-cases/project-page';
import { forgePorts as ports } from '../adapters/ports';
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
      return listProjectFindings(ports, projectKey, parsePayload(findingListRequestSchema, payload ?? {}, 'Findings list'));
    }),
  )
  .define('project/finding', ({ payload, context }) =>
    respond(async () => {
      const projectKey = await authorizedProject(context);
      const { id } = parsePayload(z.object({ id: z.string().min(1) }), payload, 'Finding');
      return projectFindingDetail(ports, projectKey, id);
    }),
  )
  .getDefinitions();
