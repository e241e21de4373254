/**
 * The local Forge runtime: runs the app's real handlers through the unmodified @forge/* SDK by providing what
 * the hosted runtime provides (../shared/research/forge.md §9):
 *   global.__forge_fetch__   product requests (Jira), KVS, async-event pushes
 *   global.__forge_runtime__ app context, remaining time, metrics, permissions
 *   global fetch             egress, allowlisted from manifest.yml and routed to the fake cloud on loopback
 * Handlers are invoked with Forge's payload shapes, each within its manifest timeout; an invocation past its
 * deadline is abandoned and every platform call it still makes is refused, as the hosted sandbox is frozen.
 *
 * install() must run before the app (and so @forge/api) is first loaded: @forge/api captures the global fetch
 * when it is required.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { loadAppManifest, type AppManifest, type FunctionDeclaration } from './app-manifest';
import { UPSTREAM_HOST_HEADER, createEgressFilter, createRoutingFetch } from './egress';
import { LocalKvs } from './local-kvs';

export interface LocalRuntimeOptions {
  appDir: string;
  /** Where KVS persists; omit for an in-memory store. */
  dataDir?: string;
  cloudId: string;
  /** The Jira site, e.g. https://mediapro.atlassian.net */
  siteUrl: string;
  /** Base URL of the fake cloud on loopback (dev/fake). Can be set later with setUpstream. */
  upstream?: string;
  log?: (line: string) => void;
  /** Seconds that replace a function's manifest timeoutSeconds (tests that need a step to run out of time). */
  timeoutOverrides?: Record<string, number>;
  /**
   * Where KVS and custom-entity requests go instead of the in-process LocalKvs: the benchmark runs the store in its
   * own process (dev/bench/kvs-process.ts) so that stored bytes are not counted as the app's memory. `kvs` then
   * stays empty.
   */
  kvsBackend?: KvsBackend;
  /** Called around every invocation (the benchmark measures each one's memory); what `end` returns is kept on its record. */
  invocationProbe?: InvocationProbe;
}

/** Answers @forge/kvs requests: the HTTP status and the response body as JSON text ('' for none). */
export interface KvsBackend {
  request(apiPath: string, body: string | undefined): Promise<{ status: number; text: string }>;
}

export interface InvocationMemory {
  /** RSS when the invocation began (after the probe's GC) and its high-water mark during the invocation. */
  startRssMb: number;
  peakRssMb: number;
  /** Heap in use when it began, and the largest sampled during it (sampled: a synchronous spike between samples is missed). */
  startHeapMb: number;
  peakHeapMb: number;
  /**
   * What the process held at the sample with the highest RSS: V8's heap as reserved (heapTotal, young generation and
   * free pages included) and in use, and memory outside it (external: ArrayBuffers such as the graph's typed arrays,
   * Buffers, zlib). The rest of the RSS is code, the runtime and the allocator's free lists.
   */
  atPeakRss?: { rssMb: number; heapTotalMb: number; heapUsedMb: number; externalMb: number };
}

export interface InvocationProbe {
  begin(functionKey: string): void;
  end(): InvocationMemory;
}

interface Invocation {
  id: string;
  functionKey: string;
  moduleKey: string;
  accountId?: string;
  deadline: number;
  state: 'running' | 'finished' | 'timed-out';
}

export interface QueuedEvent {
  queueName: string;
  jobId: string;
  eventId: string;
  body: Record<string, unknown>;
  delayInSeconds?: number;
}

export interface InvocationRecord {
  functionKey: string;
  moduleKey: string;
  outcome: 'ok' | 'error' | 'timeout';
  durationMs: number;
  error?: string;
  memory?: InvocationMemory;
}

export class FunctionTimeoutError extends Error {
  constructor(functionKey: string, seconds: number) {
    super(`Function ${functionKey} timed out after ${seconds} s (timeoutSeconds in manifest.yml); the invocation was stopped`);
    this.name = 'FunctionTimeoutError';
  }
}

type Handler = (...args: unknown[]) => unknown;

let installed: LocalForgeRuntime | undefined;
let realFetch: typeof fetch | undefined;

/**
 * The process-wide global fetch while a runtime is installed. @forge/api keeps the fetch it saw when first
 * required, for the life of the process, so this dispatcher stays in place and routes through whichever
 * runtime is installed now (tests start several stacks in one process).
 */
const dispatchFetch: typeof fetch = (input, init) => {
  if (!realFetch) throw new Error('No local Forge runtime was ever installed');
  return installed ? installed.routingFetch(input, init) : realFetch(input, init);
};

export class LocalForgeRuntime {
  readonly manifest: AppManifest;
  readonly kvs: LocalKvs;
  readonly queue: QueuedEvent[] = [];
  readonly invocations: InvocationRecord[] = [];
  private readonly current = new AsyncLocalStorage<Invocation>();
  private upstream: string | undefined;
  private readonly installationId = randomUUID();
  private readonly environmentId = '00000000-0000-4000-8000-00000000e0e0';

  private constructor(private readonly options: LocalRuntimeOptions) {
    this.manifest = loadAppManifest(options.appDir);
    this.kvs = new LocalKvs(this.manifest.entities, options.dataDir);
    this.upstream = options.upstream;
  }

  /** Creates the runtime and installs the globals. One runtime per process (per jest test file). */
  static install(options: LocalRuntimeOptions): LocalForgeRuntime {
    if (installed) throw new Error('A local Forge runtime is already installed in this process; call close() first');
    if (globalThis.fetch !== dispatchFetch) {
      realFetch = globalThis.fetch;
      globalThis.fetch = dispatchFetch;
    }
    const runtime = new LocalForgeRuntime(options);
    const baseFetch = realFetch as typeof fetch;
    runtime.routingFetch = createRoutingFetch(
      baseFetch,
      createEgressFilter(runtime.manifest.egress),
      () => runtime.requireUpstream(),
      () => runtime.current.getStore() !== undefined,
    );
    const g = globalThis as Record<string, unknown>;
    g.__forge_fetch__ = (descriptor: ForgeDescriptor, apiPath: string, init?: RequestInit) =>
      runtime.forgeFetch(descriptor, apiPath, init, baseFetch);
    Object.defineProperty(globalThis, '__forge_runtime__', { configurable: true, get: () => runtime.runtimeObject() });
    runtime.restore = () => {
      delete g.__forge_fetch__;
      delete g.__forge_runtime__;
    };
    installed = runtime;
    return runtime;
  }

  private restore: () => void = () => undefined;
  /** This runtime's egress: allowlist, then the fake cloud. Reached through the process-wide dispatchFetch. */
  routingFetch: typeof fetch = () => Promise.reject(new Error('runtime not installed'));

  setUpstream(url: string): void {
    this.upstream = url;
  }

  get contextAri(): string {
    return `ari:cloud:jira::site/${this.options.cloudId}`;
  }

  /** Invokes a UI module's resolver function as the Custom UI bridge would (`invoke(functionKey, payload)`). */
  async invokeResolver(
    moduleKey: string,
    resolverKey: string,
    payload: unknown,
    caller: { accountId?: string; extension?: Record<string, unknown> },
  ): Promise<unknown> {
    const module = this.manifest.uiModules.get(moduleKey);
    if (!module) throw new Error(`manifest.yml has no UI module ${moduleKey}`);
    const extension = { type: module.type, ...(caller.extension ?? {}) };
    const request = {
      call: { functionKey: resolverKey, payload },
      context: {
        accountId: caller.accountId,
        cloudId: this.options.cloudId,
        moduleKey,
        siteUrl: this.options.siteUrl,
        extension,
        localId: `${moduleKey}-local`,
        environmentId: this.environmentId,
        environmentType: 'DEVELOPMENT',
        locale: 'en-US',
        timezone: 'UTC',
      },
    };
    const backend = {
      principal: caller.accountId ? { accountId: caller.accountId } : undefined,
      installContext: this.contextAri,
      installation: { ari: `ari:cloud:ecosystem::installation/${this.installationId}`, contexts: [this.contextAri] },
    };
    return this.invoke(module.functionKey, moduleKey, [request, backend], caller.accountId);
  }

  /** Runs a scheduled trigger with Forge's payload ({ context: { cloudId, moduleKey }, contextToken }). */
  async runScheduledTrigger(triggerKey: string): Promise<unknown> {
    const functionKey = this.manifest.scheduledTriggers.get(triggerKey);
    if (!functionKey) throw new Error(`manifest.yml has no scheduledTrigger ${triggerKey}`);
    const request = { context: { cloudId: this.options.cloudId, moduleKey: triggerKey }, contextToken: 'local-context-token' };
    return this.invoke(functionKey, triggerKey, [request, { installContext: this.contextAri }]);
  }

  /**
   * Delivers pushed events to their consumers, in push order, until the queues are empty (events pushed by a
   * consumer are delivered too). Throws if more than maxEvents are delivered: a job that never ends is a bug.
   */
  async drainQueues(maxEvents = 1000): Promise<InvocationRecord[]> {
    const records: InvocationRecord[] = [];
    for (let delivered = 0; this.queue.length > 0; delivered++) {
      if (delivered >= maxEvents) throw new Error(`More than ${maxEvents} events delivered; the job does not converge`);
      const event = this.queue.shift() as QueuedEvent;
      const functionKey = this.manifest.consumers.get(event.queueName);
      if (!functionKey) throw new Error(`No consumer in manifest.yml reads queue ${event.queueName}`);
      const asyncEvent = { body: event.body, queueName: event.queueName, jobId: event.jobId, eventId: event.eventId };
      const moduleKey = `consumer:${event.queueName}`;
      try {
        await this.invoke(functionKey, moduleKey, [asyncEvent, { installContext: this.contextAri }]);
      } catch {
        // Recorded in this.invocations; Forge does not redeliver an event whose consumer threw.
      }
      records.push(this.invocations[this.invocations.length - 1] as InvocationRecord);
    }
    return records;
  }

  async close(): Promise<void> {
    this.kvs.flush();
    this.restore();
    if (installed === this) installed = undefined;
  }

  private loadHandler(fn: FunctionDeclaration): Handler {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- handlers are resolved at run time from manifest.yml
    const module = require(path.join(this.options.appDir, 'src', fn.file)) as Record<string, unknown>;
    const handler = module[fn.exportName];
    if (typeof handler !== 'function') throw new Error(`src/${fn.file} does not export a function ${fn.exportName} (function ${fn.key})`);
    return handler as Handler;
  }

  private timeoutSecondsOf(functionKey: string, manifestSeconds: number): number {
    return this.options.timeoutOverrides?.[functionKey] ?? manifestSeconds;
  }

  private async invoke(functionKey: string, moduleKey: string, args: unknown[], accountId?: string): Promise<unknown> {
    const fn = this.manifest.functions.get(functionKey);
    if (!fn) throw new Error(`manifest.yml has no function ${functionKey}`);
    const handler = this.loadHandler(fn);
    this.options.invocationProbe?.begin(functionKey);
    const started = Date.now();
    const invocation: Invocation = {
      id: randomUUID(),
      functionKey,
      moduleKey,
      accountId,
      deadline: started + this.timeoutSecondsOf(functionKey, fn.timeoutSeconds) * 1000,
      state: 'running',
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        invocation.state = 'timed-out';
        reject(new FunctionTimeoutError(functionKey, this.timeoutSecondsOf(functionKey, fn.timeoutSeconds)));
      }, this.timeoutSecondsOf(functionKey, fn.timeoutSeconds) * 1000);
    });
    const run = this.current.run(invocation, async () => handler(...args));
    run.catch(() => undefined); // a handler that fails after its timeout must not become an unhandled rejection
    try {
      const result = await Promise.race([run, timeout]);
      this.record(invocation, started, 'ok');
      return result;
    } catch (error) {
      this.record(invocation, started, error instanceof FunctionTimeoutError ? 'timeout' : 'error', error);
      throw error;
    } finally {
      clearTimeout(timer);
      if (invocation.state === 'running') invocation.state = 'finished';
    }
  }

  private record(invocation: Invocation, started: number, outcome: InvocationRecord['outcome'], error?: unknown): void {
    const entry: InvocationRecord = { functionKey: invocation.functionKey, moduleKey: invocation.moduleKey, outcome, durationMs: Date.now() - started };
    if (this.options.invocationProbe) entry.memory = this.options.invocationProbe.end();
    if (error !== undefined) entry.error = error instanceof Error ? error.message : String(error);
    this.invocations.push(entry);
    this.options.log?.(`${entry.functionKey} (${entry.moduleKey}) ${outcome} in ${entry.durationMs} ms${entry.error ? `: ${entry.error}` : ''}`);
  }

  private activeInvocation(): Invocation {
    const invocation = this.current.getStore();
    if (!invocation) throw new Error('A Forge platform call was made outside any invocation');
    if (invocation.state !== 'running') {
      throw new Error(`Function ${invocation.functionKey} has ${invocation.state === 'timed-out' ? 'timed out' : 'returned'}; its platform calls are refused`);
    }
    return invocation;
  }

  private runtimeObject(): Record<string, unknown> {
    const invocation = this.current.getStore();
    const appId = this.manifest.appId.split('/').pop();
    return {
      appContext: {
        appId,
        appVersion: '1.0.0',
        environmentId: this.environmentId,
        environmentType: 'DEVELOPMENT',
        invocationId: invocation?.id,
        installationId: this.installationId,
        moduleKey: invocation?.moduleKey,
        permissions: { scopes: this.manifest.scopes, external: { fetch: { backend: this.manifest.egress } } },
      },
      contextAri: this.contextAri,
      aaid: invocation?.accountId,
      proxy: { token: 'local-proxy-token', url: this.upstream, host: '127.0.0.1' },
      tracing: { traceId: invocation?.id ?? 'none', spanId: 'local' },
      lambdaContext: {
        awsRequestId: invocation?.id,
        getRemainingTimeInMillis: () => Math.max(0, (invocation?.deadline ?? Date.now()) - Date.now()),
      },
      metrics: {
        counter: () => ({ incr: () => undefined, decr: () => undefined }),
        timing: () => ({ measure: () => ({ stop: () => undefined }) }),
      },
      externalAuth: [],
    };
  }

  private requireUpstream(): string {
    if (!this.upstream) throw new Error('The local runtime has no fake cloud to route to; start dev/fake first');
    return this.upstream;
  }

  private async forgeFetch(descriptor: ForgeDescriptor, apiPath: string, init: RequestInit | undefined, realFetch: typeof fetch): Promise<Response> {
    const invocation = this.activeInvocation();
    if (descriptor.type === 'kvs' && this.options.kvsBackend) {
      const result = await this.options.kvsBackend.request(apiPath, typeof init?.body === 'string' && init.body !== '' ? init.body : undefined);
      return new Response(result.text, { status: result.status, headers: { 'content-type': 'application/json' } });
    }
    if (descriptor.type === 'kvs') {
      const body = typeof init?.body === 'string' && init.body !== '' ? (JSON.parse(init.body) as unknown) : undefined;
      const result = this.kvs.handle(apiPath, body);
      return new Response(result.body === undefined ? '' : JSON.stringify(result.body), {
        status: result.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    if (descriptor.type === 'fpp' && descriptor.remote === 'jira') {
      return this.forwardToJira(descriptor, apiPath, init, invocation, realFetch);
    }
    if (descriptor.type === 'fpp' && descriptor.remote === 'stargate' && apiPath.startsWith('/webhook/queue/publish/')) {
      return this.acceptPush(init);
    }
    return new Response(JSON.stringify({ message: `The local runtime does not serve ${descriptor.type}/${descriptor.remote ?? ''} ${apiPath}` }), {
      status: 501,
    });
  }

  private async forwardToJira(
    descriptor: ForgeDescriptor,
    apiPath: string,
    init: RequestInit | undefined,
    invocation: Invocation,
    realFetch: typeof fetch,
  ): Promise<Response> {
    let authorization = 'Forge as=app';
    if (descriptor.provider === 'user') {
      const accountId = descriptor.accountId ?? invocation.accountId;
      // As the hosted proxy does when there is no user to act as.
      if (!accountId) return new Response('', { status: 401, headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' } });
      authorization = `Forge as=user,id=${accountId}`;
    }
    const headers = new Headers(init?.headers);
    headers.set('authorization', authorization);
    headers.set(UPSTREAM_HOST_HEADER, new URL(this.options.siteUrl).host);
    return realFetch(new URL(apiPath, this.requireUpstream()), { ...init, headers });
  }

  private acceptPush(init: RequestInit | undefined): Response {
    const push = JSON.parse(String(init?.body ?? '{}')) as { queueName?: string; jobId?: string; payload?: Array<{ body: Record<string, unknown>; delayInSeconds?: number }> };
    if (!push.queueName || !this.manifest.consumers.has(push.queueName)) {
      return new Response(JSON.stringify({ errorMessage: `No consumer declared for queue ${String(push.queueName)}` }), { status: 400 });
    }
    for (const event of push.payload ?? []) {
      this.queue.push({
        queueName: push.queueName,
        jobId: push.jobId ?? randomUUID(),
        eventId: randomUUID(),
        body: event.body,
        delayInSeconds: event.delayInSeconds,
      });
    }
    return new Response('{}', { status: 201, headers: { 'content-type': 'application/json' } });
  }
}

interface ForgeDescriptor {
  type: string;
  provider?: string;
  remote?: string;
  accountId?: string;
}
