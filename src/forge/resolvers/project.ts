/**
 * Project page resolvers. The project comes from the invocation context, which the browser can tamper with,
 * so the caller's right to browse it is re-checked asUser before anything is returned.
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { readDataset } from '../../store/dataset-store';
import { LATEST_FINISHED_KEY } from '../../sync/sync-state';
import type { JiraProject } from '../../sources/jira/fetch-projects';
import { kvsStore } from '../adapters/kvs-store';
import { requireProjectBrowse } from './authorize';
import { respond } from './envelope';

const projectExtensionSchema = z.looseObject({ project: z.looseObject({ key: z.string().min(1) }) });

export const projectResolver = new Resolver()
  .define('project/summary', ({ context }) =>
    respond(async () => {
      const extension = projectExtensionSchema.safeParse(context.extension);
      if (!extension.success) throw new AppError('INVALID_INPUT', 'This page must be opened from a Jira project');
      const projectKey = extension.data.project.key;
      await requireProjectBrowse(context.accountId, projectKey);
      const syncId = await kvsStore.get<string>(LATEST_FINISHED_KEY);
      const projects = syncId ? ((await readDataset<JiraProject>(kvsStore, syncId, 'jira.projects')) ?? []) : [];
      const project = projects.find((p) => p.key === projectKey);
      return { projectKey, syncId: syncId ?? null, seenInLastSync: project !== undefined, name: project?.name ?? null };
    }),
  )
  .getDefinitions();
