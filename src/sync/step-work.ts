/**
 * Per-object work that may outlast one invocation. A step hands its list of lookups to `resumable`; the lookups run
 * with bounded concurrency, and when the step's slice of the invocation is used up the answers so far are stored
 * and the step yields. The next invocation runs the step again: it rebuilds the same list (steps are
 * deterministic over their input datasets), takes the stored answers, and goes on from where it stopped.
 * So no step runs longer than its slice, whatever the tenant's size.
 */
import { HOST_CONCURRENCY, mapConcurrent, type ConcurrentMap } from '../shared/concurrency';
import { deleteDataset, readDataset, writeDataset } from '../store/dataset-store';
import type { KeyValueStore } from '../store/key-value-store';
import { stepWorkKey } from '../store/layout';

/** Thrown by `resumable` when the step's slice is used up; the job keeps the step pending. */
export class StepYield extends Error {
  constructor(
    readonly done: number,
    readonly total: number,
  ) {
    super(`yielded after ${done} of ${total} lookups`);
  }
}

interface Progress {
  total: number;
  done: number;
  slices: number;
}

const WORK_SCOPE = 'stepwork';
const sliceName = (syncId: string, work: string, slice: number) => `${syncId}:${work}:${slice}`;

/** Deletes one list's stored answers and its progress. */
async function dropWork(store: KeyValueStore, syncId: string, work: string, slices: number): Promise<void> {
  for (let slice = 0; slice < slices; slice++) await deleteDataset(store, WORK_SCOPE, sliceName(syncId, work, slice));
  await store.delete(stepWorkKey(syncId, work));
}

/** Answers are stored wrapped, so an undefined answer (a 404) survives JSON. */
type Stored<R> = { v?: R };

/** The lookups of one step in one invocation: `map` for each list the step hands over, `finish` once the step is over. */
export interface StepWork {
  map: ConcurrentMap;
  /** Drops every stored answer of the step (it finished, or failed and will not resume). */
  finish(): Promise<void>;
}

export function resumableWork(store: KeyValueStore, syncId: string, stepId: string, deadline: number, now: () => number = Date.now): StepWork {
  // A step may hand over several lists; each keeps its own progress (the step asks for them in the same order).
  // A list finished in this invocation keeps its answers in memory; if a later list yields, they are stored too,
  // so the resumed step does not ask for them again (a group step asks first pages, then the remaining pages).
  let calls = 0;
  const stored = new Map<string, number>();
  const unsaved: Array<() => Promise<void>> = [];
  const saveFinished = async () => {
    for (const save of unsaved.splice(0)) await save();
  };
  const map = async <T, R>(items: readonly T[], fn: (item: T, index: number) => Promise<R>): Promise<R[]> => {
    const work = `${stepId}#${calls++}`;
    const saved = await store.get<Progress>(stepWorkKey(syncId, work));
    const progress: Progress = { total: items.length, done: 0, slices: 0 };
    const results: R[] = [];
    if (saved && saved.total === items.length) {
      for (let slice = 0; slice < saved.slices; slice++) {
        for (const answer of (await readDataset<Stored<R>>(store, WORK_SCOPE, sliceName(syncId, work, slice))) ?? []) results.push(answer.v as R);
      }
      if (results.length === saved.done) Object.assign(progress, saved);
      else results.length = 0;
    }
    // A list that changed is not the list the stored answers belong to: they go, and the work starts over.
    if (saved && progress.slices === 0) await dropWork(store, syncId, work, saved.slices);
    if (progress.slices > 0) stored.set(work, progress.slices);
    const fresh: R[] = [];
    const storeFresh = async (): Promise<Progress> => {
      await writeDataset<Stored<R>>(store, WORK_SCOPE, sliceName(syncId, work, progress.slices), fresh.map((v) => (v === undefined ? {} : { v })));
      const next = { total: items.length, done: progress.done + fresh.length, slices: progress.slices + 1 };
      await store.set(stepWorkKey(syncId, work), next);
      stored.set(work, next.slices);
      return next;
    };
    // One round of requests between looks at the clock, so a slice overshoots its deadline by one round at most.
    const batch = HOST_CONCURRENCY;
    while (progress.done + fresh.length < items.length) {
      const start = progress.done + fresh.length;
      const answers = await mapConcurrent(items.slice(start, start + batch), HOST_CONCURRENCY, (item, i) => fn(item, start + i));
      for (const answer of answers) fresh.push(answer);
      if (progress.done + fresh.length < items.length && now() >= deadline) {
        await saveFinished();
        const next = await storeFresh();
        throw new StepYield(next.done, next.total);
      }
    }
    if (fresh.length > 0) unsaved.push(async () => void (await storeFresh()));
    return [...results, ...fresh];
  };
  return {
    map,
    async finish() {
      unsaved.length = 0;
      for (const [work, slices] of stored) await dropWork(store, syncId, work, slices);
      stored.clear();
    },
  };
}

/** Lists a step hands over, at most, that `dropStepWork` looks for (the steps here hand over one or two). */
const MAX_LISTS = 8;

/**
 * Drops what a step of an abandoned sync left (its consumer died between slices): its progress keys and stored
 * answers. Nothing else would, since no later sync resumes another sync's work.
 */
export async function dropStepWork(store: KeyValueStore, syncId: string, stepId: string): Promise<void> {
  for (let list = 0; list < MAX_LISTS; list++) {
    const work = `${stepId}#${list}`;
    const saved = await store.get<Progress>(stepWorkKey(syncId, work));
    if (saved) await dropWork(store, syncId, work, saved.slices);
  }
}
