/**
 * The Jira calls ticketing makes, as the app: JSM request create, comments, transitions, issue properties and
 * search/jql. Reads retry on 429/5xx with Retry-After; no 4xx other than 429 is ever retried (a 400 is a question
 * the same request will get the same answer to). A write whose answer was lost (dropped connection, 5xx) may have
 * taken effect, so it is followed by a lookup, never sent again blindly: a create by the ticket's label
 * (ticket-sync.ts), a comment by the ticket's comments, a transition by the ticket's status.
 * https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/
 */
import { z } from 'zod';
import { AppError } from '../shared/errors';
import type { HttpResponse, ProductRequest, Sleep } from '../shared/http';
import { isRetryableStatus, retryAfterMs, sendWithRetry } from '../shared/retry';

export interface TicketState {
  id: string;
  key: string;
  /** The project the issue is in now (an issue moved to another project gets that project's key). */
  projectKey: string;
  /** Who created the issue: set by Jira, editable by nobody. The app's own tickets are created by the app's user. */
  creatorAccountId?: string;
  created?: string;
  status: string;
  statusCategory: string;
  duedate?: string;
  labels: string[];
  lastComment?: string;
}

const commentBodyText = (body: unknown): string | undefined => {
  if (typeof body === 'string') return body;
  // ADF (search/jql returns comment bodies as documents): the text of its text nodes.
  if (typeof body !== 'object' || body === null) return undefined;
  const parts: string[] = [];
  const walk = (node: unknown) => {
    if (typeof node !== 'object' || node === null) return;
    const n = node as { type?: unknown; text?: unknown; content?: unknown };
    if (n.type === 'text' && typeof n.text === 'string') parts.push(n.text);
    if (Array.isArray(n.content)) n.content.forEach(walk);
  };
  walk(body);
  return parts.length > 0 ? parts.join('') : undefined;
};

const issueSchema = z.looseObject({
  id: z.string(),
  key: z.string(),
  fields: z.looseObject({
    project: z.looseObject({ key: z.string() }).optional(),
    creator: z.looseObject({ accountId: z.string() }).nullable().optional(),
    created: z.string().optional(),
    status: z.looseObject({ name: z.string(), statusCategory: z.looseObject({ key: z.string() }).optional() }).optional(),
    duedate: z.string().nullable().optional(),
    labels: z.array(z.string()).optional(),
    comment: z.looseObject({ comments: z.array(z.looseObject({ body: z.unknown() })) }).optional(),
  }),
});

const searchSchema = z.looseObject({ issues: z.array(issueSchema), nextPageToken: z.string().optional(), isLast: z.boolean().optional() });
const bulkFetchSchema = z.looseObject({ issues: z.array(issueSchema) });

/** Issues per bulkfetch call, at most (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-bulkfetch-post). */
const BULK_FETCH_LIMIT = 100;
const SEARCH_FIELDS = ['project', 'creator', 'created', 'status', 'duedate', 'labels', 'comment'];
/** Lost answers to a write, each followed by a lookup, before the write is given up for this sync. */
const WRITE_ATTEMPTS = 4;

/** JSM's own words for a refused request (errorMessage, and per-field errors when it gives them). */
function jsmMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { errorMessage?: unknown; errorMessages?: unknown; errors?: unknown };
    const parts: string[] = [];
    if (typeof body.errorMessage === 'string') parts.push(body.errorMessage);
    if (Array.isArray(body.errorMessages)) parts.push(...body.errorMessages.filter((m): m is string => typeof m === 'string'));
    if (Array.isArray(body.errors)) for (const e of body.errors) if (typeof (e as { errorMessage?: unknown }).errorMessage === 'string') parts.push((e as { errorMessage: string }).errorMessage);
    if (body.errors && typeof body.errors === 'object' && !Array.isArray(body.errors)) for (const [field, m] of Object.entries(body.errors)) if (typeof m === 'string') parts.push(`${field}: ${m}`);
    if (parts.length > 0) return parts.join(' ').slice(0, 500);
  } catch {
    // not JSON
  }
  return text.slice(0, 300);
}

export class JiraWriter {
  private appAccount: Promise<string> | undefined;

  constructor(
    private readonly request: ProductRequest,
    private readonly sleep: Sleep,
  ) {}

  private send(path: string, method: string, body?: unknown): Promise<HttpResponse> {
    return this.request(path, { method, headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  }

  private async refusal(response: HttpResponse, method: string, path: string): Promise<AppError> {
    const endpoint = path.split('?')[0] ?? path;
    const detail = jsmMessage(await response.text());
    const code = response.status === 401 || response.status === 403 ? 'SOURCE_UNAUTHORIZED' : response.status === 429 ? 'SOURCE_THROTTLED' : response.status === 404 ? 'NOT_FOUND' : response.status >= 500 ? 'SOURCE_UNAVAILABLE' : 'INVALID_INPUT';
    return new AppError(code, `Jira answered HTTP ${response.status} to ${method} ${endpoint}: ${detail}`, { system: 'jira', endpoint, status: response.status, retryAfterMs: retryAfterMs(response) });
  }

  /** A read (or an idempotent write such as a property PUT): retried on 429/5xx and dropped connections. */
  private async call(path: string, method: string, body?: unknown): Promise<HttpResponse> {
    const response = await sendWithRetry(() => this.send(path, method, body), this.sleep);
    if (response.status >= 400) throw await this.refusal(response, method, path);
    return response;
  }

  /**
   * A write that must not happen twice: sent once; a 429 (nothing done) is sent again after waiting; a lost answer
   * (dropped connection, 5xx) is followed by `landed()`, and sent again only if it did not land.
   */
  private async writeOnce(path: string, method: string, body: unknown, landed: () => Promise<boolean>): Promise<HttpResponse | undefined> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
      let response: HttpResponse | undefined;
      try {
        response = await this.send(path, method, body);
      } catch (error) {
        lastError = error;
      }
      if (response && response.status < 400) return response;
      if (response && !isRetryableStatus(response.status)) throw await this.refusal(response, method, path);
      if (response?.status !== 429) {
        if (await landed()) return undefined;
        if (response) lastError = await this.refusal(response, method, path);
      }
      await this.sleep(Math.min(30_000, (response ? retryAfterMs(response) : undefined) ?? 1000 * 2 ** (attempt - 1)));
    }
    throw lastError instanceof Error ? lastError : new AppError('SOURCE_UNAVAILABLE', `Jira did not answer ${method} ${path.split('?')[0]}`, { system: 'jira' });
  }

  private async json(response: HttpResponse): Promise<unknown> {
    const text = await response.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new AppError('SOURCE_BAD_RESPONSE', 'Jira answered with a body that is not JSON', { system: 'jira' });
    }
  }

  /** The app's own Jira account (its app user): the creator of every ticket the app opens. */
  appAccountId(): Promise<string> {
    this.appAccount ??= (async () => {
      const parsed = z.looseObject({ accountId: z.string().min(1) }).safeParse(await this.json(await this.call('/rest/api/3/myself', 'GET')));
      if (!parsed.success) throw new AppError('SOURCE_BAD_RESPONSE', 'Jira did not say which account the app acts as (/rest/api/3/myself)', { system: 'jira' });
      return parsed.data.accountId;
    })();
    return this.appAccount;
  }

  /** The project of a service desk (GET /rest/servicedeskapi/servicedesk/{id}). */
  async serviceDeskProject(serviceDeskId: string): Promise<string> {
    const response = await this.call(`/rest/servicedeskapi/servicedesk/${encodeURIComponent(serviceDeskId)}`, 'GET').catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'NOT_FOUND') throw new AppError('NOT_CONFIGURED', `Service desk ${serviceDeskId} does not exist or the app cannot see it: pick another in Settings > Ticketing`, { system: 'jira', ticketing: true });
      throw error;
    });
    const parsed = z.looseObject({ projectKey: z.string().min(1) }).safeParse(await this.json(response));
    if (!parsed.success) throw new AppError('SOURCE_BAD_RESPONSE', `JSM did not give the project of service desk ${serviceDeskId}`, { system: 'jira' });
    return parsed.data.projectKey;
  }

  /**
   * Creates the request once. A 400 is a configuration error (the request type does not take a field the app sets,
   * or does not exist): it is thrown as NOT_CONFIGURED with JSM's explanation, and never retried.
   */
  async createRequestOnce(body: Record<string, unknown>): Promise<{ issueKey: string }> {
    const response = await this.send('/rest/servicedeskapi/request', 'POST', body);
    if (response.status === 400) {
      const detail = jsmMessage(await response.text());
      throw new AppError(
        'NOT_CONFIGURED',
        `JSM refused to create a request in service desk ${String(body.serviceDeskId)} with request type ${String(body.requestTypeId)}: ${detail}. The request type must have Summary, Description, Labels and Priority on its form (JSM accepts only the request type's fields); add them, or pick another request type in Settings > Ticketing`,
        { system: 'jira', status: 400, ticketing: true },
      );
    }
    if (response.status >= 400) throw await this.refusal(response, 'POST', '/rest/servicedeskapi/request');
    const parsed = z.looseObject({ issueKey: z.string() }).safeParse(await this.json(response));
    if (!parsed.success) throw new AppError('SOURCE_BAD_RESPONSE', 'JSM did not return the created request key', { system: 'jira' });
    return parsed.data;
  }

  async setProperty(issueKey: string, propertyKey: string, value: unknown): Promise<void> {
    // A PUT of the same value is idempotent: retried like a read.
    await this.call(`/rest/api/3/issue/${encodeURIComponent(issueKey)}/properties/${encodeURIComponent(propertyKey)}`, 'PUT', value);
  }

  /** Adds an internal comment, exactly once: a lost answer is checked against the ticket's comments first. */
  async comment(issueKey: string, body: string): Promise<void> {
    const path = `/rest/servicedeskapi/request/${encodeURIComponent(issueKey)}/comment`;
    await this.writeOnce(path, 'POST', { body, public: false }, async () => (await this.commentBodies(issueKey)).includes(body));
  }

  private async commentBodies(issueKey: string): Promise<string[]> {
    const response = await this.call(`/rest/api/3/issue/${encodeURIComponent(issueKey)}/comment?maxResults=100&orderBy=-created`, 'GET');
    const parsed = z.looseObject({ comments: z.array(z.looseObject({ body: z.unknown() })) }).safeParse(await this.json(response));
    return parsed.success ? parsed.data.comments.map((c) => commentBodyText(c.body)).filter((b): b is string => b !== undefined) : [];
  }

  private async statusOf(issueKey: string): Promise<string | undefined> {
    const response = await this.call(`/rest/api/3/issue/${encodeURIComponent(issueKey)}?fields=status`, 'GET');
    const parsed = z.looseObject({ fields: z.looseObject({ status: z.looseObject({ name: z.string() }).optional() }) }).safeParse(await this.json(response));
    return parsed.success ? parsed.data.fields.status?.name : undefined;
  }

  /**
   * Moves a request through the first available transition whose name or target fits one of `names`; false when
   * none does. A lost answer is checked against the ticket's status before the transition is tried again.
   */
  async transition(issueKey: string, names: readonly string[], comment: string): Promise<boolean> {
    const path = `/rest/servicedeskapi/request/${encodeURIComponent(issueKey)}/transition`;
    const response = await this.call(path, 'GET');
    const list = z.looseObject({ values: z.array(z.looseObject({ id: z.string(), name: z.string() })) }).parse(await this.json(response));
    const wanted = names.map((n) => n.toLowerCase());
    // JSM lists transitions by name ("Resolve"), settings name statuses ("Resolved"): accept either spelling.
    const chosen = list.values.find((t) => {
      const name = t.name.toLowerCase();
      return wanted.some((w) => name === w || name.includes(w) || w.startsWith(name));
    });
    if (!chosen) return false;
    const before = await this.statusOf(issueKey);
    await this.writeOnce(path, 'POST', { id: chosen.id, additionalComment: { body: comment } }, async () => (await this.statusOf(issueKey)) !== before);
    return true;
  }

  /** Every issue matching a bounded JQL query, following nextPageToken (https://developer.atlassian.com/changelog/#CHANGE-2046). */
  async search(jql: string): Promise<TicketState[]> {
    const found: TicketState[] = [];
    const tokens = new Set<string>();
    let nextPageToken: string | undefined;
    do {
      const response = await this.call('/rest/api/3/search/jql', 'POST', { jql, maxResults: 100, fields: SEARCH_FIELDS, ...(nextPageToken ? { nextPageToken } : {}) });
      const page = searchSchema.parse(await this.json(response));
      for (const issue of page.issues) found.push(toTicketState(issue));
      nextPageToken = page.isLast === false ? page.nextPageToken : undefined;
      // A token seen before would walk the same pages again for ever.
      if (nextPageToken && tokens.has(nextPageToken)) throw new AppError('SOURCE_BAD_RESPONSE', 'Jira search returned a page token it had already given', { system: 'jira' });
      if (nextPageToken) tokens.add(nextPageToken);
    } while (nextPageToken);
    return found;
  }

  /**
   * The current state of these issues, by the id or key they were asked by (POST /rest/api/3/issue/bulkfetch, 100 at
   * a time; an identifier that matches no issue is listed in issueErrors instead of failing the batch, and a moved
   * issue is found by its old key). Ask by issue id where it is known: it survives a move, a key does not.
   */
  async ticketsByIdOrKey(refs: readonly string[]): Promise<Map<string, TicketState>> {
    const found = new Map<string, TicketState>();
    for (let start = 0; start < refs.length; start += BULK_FETCH_LIMIT) {
      const batch = refs.slice(start, start + BULK_FETCH_LIMIT);
      const response = await this.call('/rest/api/3/issue/bulkfetch', 'POST', { issueIdsOrKeys: batch, fields: SEARCH_FIELDS });
      const page = bulkFetchSchema.parse(await this.json(response));
      const asked = new Set(batch);
      for (const issue of page.issues) {
        const state = toTicketState(issue);
        if (asked.has(issue.id)) found.set(issue.id, state);
        if (asked.has(issue.key)) found.set(issue.key, state);
      }
    }
    return found;
  }
}

function toTicketState(issue: z.infer<typeof issueSchema>): TicketState {
  const comments = issue.fields.comment?.comments ?? [];
  const last = commentBodyText(comments[comments.length - 1]?.body);
  return {
    id: issue.id,
    key: issue.key,
    projectKey: issue.fields.project?.key ?? issue.key.replace(/-\d+$/, ''),
    ...(issue.fields.creator?.accountId ? { creatorAccountId: issue.fields.creator.accountId } : {}),
    ...(issue.fields.created ? { created: issue.fields.created } : {}),
    status: issue.fields.status?.name ?? '',
    statusCategory: issue.fields.status?.statusCategory?.key ?? '',
    ...(issue.fields.duedate ? { duedate: issue.fields.duedate } : {}),
    labels: issue.fields.labels ?? [],
    ...(last !== undefined ? { lastComment: last } : {}),
  };
}
