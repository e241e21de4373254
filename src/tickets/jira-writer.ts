/**
 * The Jira calls ticketing makes, as the app: JSM request create, comments, transitions, issue properties and
 * search/jql. Reads and idempotent writes retry on 429/5xx with Retry-After; a create is never blindly retried
 * (see ticket-sync.ts).
 * https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/
 */
import { z } from 'zod';
import { AppError } from '../shared/errors';
import type { HttpResponse, ProductRequest, Sleep } from '../shared/http';
import { retryAfterMs, sendWithRetry } from '../shared/retry';

export interface TicketState {
  key: string;
  status: string;
  statusCategory: string;
  duedate?: string;
  labels: string[];
  findingId?: string;
  lastComment?: string;
}

const searchSchema = z.looseObject({
  issues: z.array(
    z.looseObject({
      key: z.string(),
      fields: z.looseObject({
        status: z.looseObject({ name: z.string(), statusCategory: z.looseObject({ key: z.string() }).optional() }).optional(),
        duedate: z.string().nullable().optional(),
        labels: z.array(z.string()).optional(),
        comment: z.looseObject({ comments: z.array(z.looseObject({ body: z.unknown() })) }).optional(),
      }),
      properties: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  nextPageToken: z.string().optional(),
  isLast: z.boolean().optional(),
});

export class JiraWriter {
  constructor(
    private readonly request: ProductRequest,
    private readonly sleep: Sleep,
  ) {}

  private async call(path: string, method: string, body?: unknown, retry = true): Promise<HttpResponse> {
    const send = () => this.request(path, { method, headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const response = retry ? await sendWithRetry(send, this.sleep) : await send();
    if (response.status >= 400) {
      const detail = (await response.text()).slice(0, 300);
      const code = response.status === 401 || response.status === 403 ? 'SOURCE_UNAUTHORIZED' : response.status === 429 ? 'SOURCE_THROTTLED' : 'SOURCE_UNAVAILABLE';
      throw new AppError(code, `Jira answered HTTP ${response.status} to ${method} ${path.split('?')[0]}: ${detail}`, {
        system: 'jira',
        endpoint: path.split('?')[0],
        status: response.status,
        retryAfterMs: retryAfterMs(response),
      });
    }
    return response;
  }

  /** One attempt: the caller decides whether a lost answer means "not created". */
  async createRequestOnce(body: Record<string, unknown>): Promise<{ issueKey: string }> {
    const response = await this.call('/rest/servicedeskapi/request', 'POST', body, false);
    const parsed = z.looseObject({ issueKey: z.string() }).safeParse(JSON.parse(await response.text()));
    if (!parsed.success) throw new AppError('SOURCE_BAD_RESPONSE', 'JSM did not return the created request key', { system: 'jira' });
    return parsed.data;
  }

  async setProperty(issueKey: string, propertyKey: string, value: unknown): Promise<void> {
    await this.call(`/rest/api/3/issue/${encodeURIComponent(issueKey)}/properties/${encodeURIComponent(propertyKey)}`, 'PUT', value);
  }

  async comment(issueKey: string, body: string): Promise<void> {
    await this.call(`/rest/servicedeskapi/request/${encodeURIComponent(issueKey)}/comment`, 'POST', { body, public: false });
  }

  /** Moves a request through the first available transition whose name or target fits one of `names`; false when none does. */
  async transition(issueKey: string, names: readonly string[], comment: string): Promise<boolean> {
    const response = await this.call(`/rest/servicedeskapi/request/${encodeURIComponent(issueKey)}/transition`, 'GET');
    const list = z.looseObject({ values: z.array(z.looseObject({ id: z.string(), name: z.string() })) }).parse(JSON.parse(await response.text()));
    const wanted = names.map((n) => n.toLowerCase());
    // JSM lists transitions by name ("Resolve"), settings name statuses ("Resolved"): accept either spelling.
    const chosen = list.values.find((t) => {
      const name = t.name.toLowerCase();
      return wanted.some((w) => name === w || name.includes(w) || w.startsWith(name));
    });
    if (!chosen) return false;
    await this.call(`/rest/servicedeskapi/request/${encodeURIComponent(issueKey)}/transition`, 'POST', { id: chosen.id, additionalComment: { body: comment } });
    return true;
  }

  /** Every issue matching a bounded JQL query, following nextPageToken (https://developer.atlassian.com/changelog/#CHANGE-2046). */
  async search(jql: string, propertyKey: string): Promise<TicketState[]> {
    const found: TicketState[] = [];
    let nextPageToken: string | undefined;
    do {
      const response = await this.call('/rest/api/3/search/jql', 'POST', { jql, maxResults: 100, fields: ['status', 'duedate', 'labels', 'comment'], properties: [propertyKey], ...(nextPageToken ? { nextPageToken } : {}) });
      const page = searchSchema.parse(JSON.parse(await response.text()));
      for (const issue of page.issues) {
        const comments = issue.fields.comment?.comments ?? [];
        const last = comments[comments.length - 1]?.body;
        const property = issue.properties?.[propertyKey] as { findingId?: unknown } | undefined;
        found.push({
          key: issue.key,
          status: issue.fields.status?.name ?? '',
          statusCategory: issue.fields.status?.statusCategory?.key ?? '',
          ...(issue.fields.duedate ? { duedate: issue.fields.duedate } : {}),
          labels: issue.fields.labels ?? [],
          ...(typeof property?.findingId === 'string' ? { findingId: property.findingId } : {}),
          ...(typeof last === 'string' ? { lastComment: last } : {}),
        });
      }
      nextPageToken = page.isLast === false ? page.nextPageToken : undefined;
    } while (nextPageToken);
    return found;
  }
}
