/**
 * The write side of the fake Jira: JSM requests become issues kept for the life of the fake cloud (across syncs,
 * like a real site), with entity properties, comments, transitions and JQL search/jql paging (nextPageToken).
 * JQL is the subset the app uses: `issue.property[<key>].<path> = "v"` (or an indexed alias such as
 * `sv0FindingId = "v"`), `labels = "v"`, `key in (A, B)`, `project = KEY`, `creator = "accountId"`, joined by OR /
 * AND (no parentheses). Reads as a user answer only what that user may browse (issues of projects they cannot
 * browse are "not found", as Jira says); the app sees every issue.
 * An issue created by a person (`plantIssue`) is what any user with create or edit rights can make: it may carry
 * any label or property, but its creator is that person, never the app.
 */
import { json, type FakeRequest, type FakeResponse } from './http-types';

export interface FakeIssue {
  id: string;
  key: string;
  projectKey: string;
  serviceDeskId: string;
  requestTypeId: string;
  summary: string;
  description: unknown;
  labels: string[];
  priority?: string;
  status: string;
  statusCategory: 'new' | 'indeterminate' | 'done';
  duedate?: string;
  reporter: string;
  /** Who created it: the app's account for the app's requests, the person's for anything else. */
  creator: string;
  created: string;
  properties: Record<string, unknown>;
  comments: Array<{ id: string; body: string; public: boolean; author: string; created: string }>;
}

/** A JSM workflow small enough to reason about: open statuses and the transitions between them. */
const WORKFLOW: Record<string, Array<{ id: string; name: string; to: string; category: FakeIssue['statusCategory'] }>> = {
  'Waiting for support': [
    { id: '11', name: 'Start progress', to: 'In progress', category: 'indeterminate' },
    { id: '21', name: 'Resolve', to: 'Resolved', category: 'done' },
    { id: '31', name: 'Accept risk', to: 'Risk accepted', category: 'done' },
    { id: '41', name: 'Mark as false positive', to: 'Declined', category: 'done' },
  ],
  'In progress': [
    { id: '21', name: 'Resolve', to: 'Resolved', category: 'done' },
    { id: '31', name: 'Accept risk', to: 'Risk accepted', category: 'done' },
    { id: '41', name: 'Mark as false positive', to: 'Declined', category: 'done' },
  ],
  Resolved: [{ id: '51', name: 'Reopen', to: 'Waiting for support', category: 'new' }],
  'Risk accepted': [{ id: '51', name: 'Reopen', to: 'Waiting for support', category: 'new' }],
  Declined: [{ id: '51', name: 'Reopen', to: 'Waiting for support', category: 'new' }],
};

/** Search aliases of indexed entity properties (what jira:entityProperty declares). */
export const PROPERTY_ALIASES: Record<string, { property: string; path: string }> = { sv0FindingId: { property: 'sv0-finding', path: 'findingId' } };

export class FakeIssueStore {
  readonly issues: FakeIssue[] = [];
  /** Counts of create calls that actually created an issue (for duplicate checks in tests). */
  created = 0;
  private nextId = 20000;

  constructor(
    private readonly clock: () => string,
    private readonly projectKeyOf: (serviceDeskId: string) => string | undefined,
    /** The account the app acts as (its app user): the creator and reporter of the requests it creates. */
    readonly appAccountId: string,
    /** May this user browse that project? (The site's permission schemes decide.) */
    private readonly canBrowse: (accountId: string, projectKey: string) => boolean = () => true,
    /** The fields a request type's form takes, when the tenant says (GET .../requesttype/{id}/field). */
    private readonly requestTypeFields: (serviceDeskId: string, requestTypeId: string) => string[] | undefined = () => undefined,
  ) {}

  /**
   * What a person can do in Jira without the app: create an issue in a project and give it any label or property
   * (labels and properties are editable by anyone who can edit the issue). Its creator is that person.
   */
  plantIssue(options: { projectKey: string; summary: string; labels?: string[]; properties?: Record<string, unknown>; creator: string; status?: string; duedate?: string; comments?: string[] }): FakeIssue {
    this.nextId += 1;
    const number = this.issues.filter((i) => i.projectKey === options.projectKey).length + 1;
    const issue: FakeIssue = {
      id: String(this.nextId),
      key: `${options.projectKey}-${number}`,
      projectKey: options.projectKey,
      serviceDeskId: '',
      requestTypeId: '',
      summary: options.summary,
      description: null,
      labels: options.labels ?? [],
      status: options.status ?? 'Waiting for support',
      statusCategory: 'new',
      ...(options.duedate ? { duedate: options.duedate } : {}),
      reporter: options.creator,
      creator: options.creator,
      created: this.clock(),
      properties: options.properties ?? {},
      comments: (options.comments ?? []).map((body, i) => ({ id: String(i + 1), body, public: false, author: options.creator, created: this.clock() })),
    };
    this.issues.push(issue);
    return issue;
  }

  private visibleTo(caller: string): (issue: FakeIssue) => boolean {
    return caller === 'app' ? () => true : (issue) => this.canBrowse(caller, issue.projectKey);
  }

  find(keyOrId: string): FakeIssue | undefined {
    return this.issues.find((i) => i.key === keyOrId || i.id === keyOrId);
  }

  /** What an agent does in the Jira UI: move a ticket to a status, optionally with a due date. */
  setStatus(key: string, status: string, duedate?: string): void {
    const issue = this.find(key);
    if (!issue) throw new Error(`No issue ${key}`);
    issue.status = status;
    issue.statusCategory = status === 'Waiting for support' ? 'new' : status === 'In progress' ? 'indeterminate' : 'done';
    if (duedate !== undefined) issue.duedate = duedate;
  }

  addComment(key: string, body: string, author: string): void {
    const issue = this.find(key);
    if (!issue) throw new Error(`No issue ${key}`);
    issue.comments.push({ id: String(issue.comments.length + 1), body, public: false, author, created: this.clock() });
  }

  createRequest(request: FakeRequest, caller: string): FakeResponse {
    const body = parse(request.body) as { serviceDeskId?: string; requestTypeId?: string; requestFieldValues?: Record<string, unknown>; isAdfRequest?: boolean } | undefined;
    if (!body?.serviceDeskId || !body.requestTypeId) return json(400, { errorMessage: 'serviceDeskId and requestTypeId are required', i18nErrorMessage: { i18nKey: 'sd.request.create.error', parameters: [] } });
    const projectKey = this.projectKeyOf(body.serviceDeskId);
    if (!projectKey) return json(404, { errorMessage: `Service desk ${body.serviceDeskId} does not exist` });
    const fields = body.requestFieldValues ?? {};
    if (typeof fields.summary !== 'string' || fields.summary.trim() === '') return json(400, { errorMessage: 'Summary is required', errors: [{ errorMessage: 'Summary: You must specify a summary' }] });
    // JSM takes only the fields on the request type's form.
    const onForm = this.requestTypeFields(body.serviceDeskId, body.requestTypeId);
    const offForm = onForm ? Object.keys(fields).filter((f) => !onForm.includes(f)) : [];
    if (offForm.length > 0) {
      return json(400, {
        errorMessage: `Your request could not be created. Please check the fields have been correctly filled in. Field '${offForm[0] ?? ''}' cannot be set. It is not on the appropriate screen, or unknown.`,
        i18nErrorMessage: { i18nKey: 'sd.request.create.error.field.unknown', parameters: offForm },
      });
    }
    this.nextId += 1;
    const number = this.issues.filter((i) => i.projectKey === projectKey).length + 1;
    const issue: FakeIssue = {
      id: String(this.nextId),
      key: `${projectKey}-${number}`,
      projectKey,
      serviceDeskId: body.serviceDeskId,
      requestTypeId: body.requestTypeId,
      summary: fields.summary,
      description: fields.description,
      labels: Array.isArray(fields.labels) ? fields.labels.map(String) : [],
      priority: typeof fields.priority === 'object' && fields.priority !== null ? String((fields.priority as { name?: string }).name ?? '') : undefined,
      status: 'Waiting for support',
      statusCategory: 'new',
      reporter: caller === 'app' ? this.appAccountId : caller,
      creator: caller === 'app' ? this.appAccountId : caller,
      created: this.clock(),
      properties: {},
      comments: [],
    };
    this.issues.push(issue);
    this.created += 1;
    return json(201, {
      issueId: issue.id,
      issueKey: issue.key,
      requestTypeId: issue.requestTypeId,
      serviceDeskId: issue.serviceDeskId,
      createdDate: { iso8601: issue.created, epochMillis: Date.parse(issue.created) },
      currentStatus: { status: issue.status, statusCategory: 'NEW' },
      requestFieldValues: [{ fieldId: 'summary', label: 'Summary', value: issue.summary }],
      _links: { self: `/rest/servicedeskapi/request/${issue.id}` },
    });
  }

  /** /rest/servicedeskapi/request/{key}/... and /rest/api/3/issue/{key}/... ; undefined when the path is not ours. */
  handle(request: FakeRequest, caller: string): FakeResponse | undefined {
    const { method, pathname } = request;
    const visible = this.visibleTo(caller);
    const findVisible = (keyOrId: string) => {
      const issue = this.find(keyOrId);
      return issue && visible(issue) ? issue : undefined;
    };
    const notFound = () => json(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
    if (method === 'POST' && pathname === '/rest/servicedeskapi/request') return this.createRequest(request, caller);
    if ((method === 'POST' || method === 'GET') && pathname === '/rest/api/3/search/jql') return this.search(request, visible);
    if (method === 'POST' && pathname === '/rest/api/3/issue/bulkfetch') return this.bulkFetch(request, visible);
    const property = /^\/rest\/api\/3\/issue\/([^/]+)\/properties\/([^/]+)$/.exec(pathname);
    if (property) return findVisible(property[1] ?? '') ? this.property(method, property[1] ?? '', property[2] ?? '', request.body) : notFound();
    const issueMatch = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(pathname);
    if (issueMatch && method === 'GET') {
      const issue = findVisible(issueMatch[1] ?? '');
      return issue ? json(200, this.issueView(issue)) : notFound();
    }
    const issueComments = /^\/rest\/api\/3\/issue\/([^/]+)\/comment$/.exec(pathname);
    if (issueComments && method === 'GET') {
      const issue = findVisible(issueComments[1] ?? '');
      if (!issue) return notFound();
      const comments = issue.comments.map((c) => ({ id: c.id, body: c.body, author: { accountId: c.author }, created: c.created }));
      return json(200, { startAt: 0, maxResults: comments.length, total: comments.length, comments: request.query.get('orderBy') === '-created' ? [...comments].reverse() : comments });
    }
    const comment = /^\/rest\/servicedeskapi\/request\/([^/]+)\/comment$/.exec(pathname);
    if (comment && method === 'POST') {
      const issue = findVisible(comment[1] ?? '');
      if (!issue) return json(404, { errorMessage: 'Request not found' });
      const body = parse(request.body) as { body?: string; public?: boolean } | undefined;
      if (!body?.body) return json(400, { errorMessage: 'A comment needs a body' });
      issue.comments.push({ id: String(issue.comments.length + 1), body: body.body, public: body.public ?? false, author: caller, created: this.clock() });
      return json(201, { id: String(issue.comments.length), body: body.body, public: body.public ?? false });
    }
    const transition = /^\/rest\/servicedeskapi\/request\/([^/]+)\/transition$/.exec(pathname);
    if (transition) {
      const issue = findVisible(transition[1] ?? '');
      if (!issue) return json(404, { errorMessage: 'Request not found' });
      const available = WORKFLOW[issue.status] ?? [];
      if (method === 'GET') return json(200, { size: available.length, start: 0, limit: 50, isLastPage: true, values: available.map((t) => ({ id: t.id, name: t.name })) });
      const body = parse(request.body) as { id?: string; additionalComment?: { body?: string } } | undefined;
      const chosen = available.find((t) => t.id === body?.id);
      if (!chosen) return json(400, { errorMessage: `Transition ${body?.id ?? '(none)'} is not available from ${issue.status}` });
      issue.status = chosen.to;
      issue.statusCategory = chosen.category;
      if (body?.additionalComment?.body) issue.comments.push({ id: String(issue.comments.length + 1), body: body.additionalComment.body, public: false, author: caller, created: this.clock() });
      return { status: 204 };
    }
    return undefined;
  }

  private issueView(issue: FakeIssue): Record<string, unknown> {
    return {
      id: issue.id,
      key: issue.key,
      fields: {
        summary: issue.summary,
        project: { key: issue.projectKey },
        creator: { accountId: issue.creator },
        reporter: { accountId: issue.reporter },
        created: issue.created.replace(/Z$/, '+0000'),
        status: { name: issue.status, statusCategory: { key: issue.statusCategory } },
        labels: issue.labels,
        duedate: issue.duedate ?? null,
        priority: issue.priority ? { name: issue.priority } : null,
        comment: { comments: issue.comments.map((c) => ({ id: c.id, body: c.body, created: c.created })), total: issue.comments.length },
      },
      properties: issue.properties,
    };
  }

  private property(method: string, key: string, propertyKey: string, body: string): FakeResponse {
    const issue = this.find(key);
    if (!issue) return json(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
    if (method === 'PUT') {
      const value = parse(body);
      if (value === undefined || body.length > 32_768) return json(400, { errorMessages: ['The property value must be valid JSON of at most 32768 characters'], errors: {} });
      const existed = propertyKey in issue.properties;
      issue.properties[propertyKey] = value;
      return { status: existed ? 200 : 201 };
    }
    if (method === 'GET') return propertyKey in issue.properties ? json(200, { key: propertyKey, value: issue.properties[propertyKey] }) : json(404, { errorMessages: [`The property ${propertyKey} does not exist.`], errors: {} });
    return json(405, { errorMessages: [`${method} is not supported here`], errors: {} });
  }

  /** POST /rest/api/3/issue/bulkfetch: up to 100 ids or keys; unknown (or invisible) ones go to issueErrors. */
  private bulkFetch(request: FakeRequest, visible: (issue: FakeIssue) => boolean): FakeResponse {
    const body = parse(request.body) as { issueIdsOrKeys?: unknown } | undefined;
    const refs = Array.isArray(body?.issueIdsOrKeys) ? body.issueIdsOrKeys.map(String) : [];
    if (refs.length === 0 || refs.length > 100) return json(400, { errorMessages: ['issueIdsOrKeys must list 1 to 100 issue ids or keys.'], errors: {} });
    const issues: FakeIssue[] = [];
    const issueErrors: Array<{ id: string; errorMessage: string }> = [];
    for (const ref of refs) {
      const issue = this.find(ref);
      if (issue && visible(issue)) {
        if (!issues.includes(issue)) issues.push(issue);
      } else issueErrors.push({ id: ref, errorMessage: 'Issue does not exist or you do not have permission to see it.' });
    }
    issues.sort((a, b) => Number(a.id) - Number(b.id));
    return json(200, { expand: '', issues: issues.map((i) => this.issueView(i)), issueErrors });
  }

  private search(request: FakeRequest, visible: (issue: FakeIssue) => boolean): FakeResponse {
    const body = (request.method === 'POST' ? parse(request.body) : undefined) as { jql?: string; nextPageToken?: string; maxResults?: number; fields?: string[] } | undefined;
    const jql = body?.jql ?? request.query.get('jql') ?? '';
    const maxResults = Math.min(Number(body?.maxResults ?? request.query.get('maxResults') ?? 50) || 50, 5000);
    const offset = Number(Buffer.from(body?.nextPageToken ?? request.query.get('nextPageToken') ?? '', 'base64url').toString() || 0);
    let predicate: (issue: FakeIssue) => boolean;
    try {
      predicate = compileJql(jql);
    } catch (error) {
      return json(400, { errorMessages: [(error as Error).message], errors: {} });
    }
    const matched = this.issues.filter((i) => visible(i) && predicate(i));
    const page = matched.slice(offset, offset + maxResults);
    const isLast = offset + maxResults >= matched.length;
    return json(200, { issues: page.map((i) => ({ id: i.id, key: i.key, ...this.issueView(i) })), isLast, ...(isLast ? {} : { nextPageToken: Buffer.from(String(offset + maxResults)).toString('base64url') }) });
  }
}

function parse(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

function compileJql(jql: string): (issue: FakeIssue) => boolean {
  const trimmed = jql.replace(/\s+ORDER BY .*$/i, '').trim();
  if (!trimmed) throw new Error('The JQL query must be bounded (search/jql refuses an empty query)');
  const anyOf = trimmed.split(/\s+OR\s+/i).map((part) => part.split(/\s+AND\s+/i).map(compileClause));
  return (issue) => anyOf.some((all) => all.every((clause) => clause(issue)));
}

function compileClause(clause: string): (issue: FakeIssue) => boolean {
  const text = clause.trim();
  const property = /^issue\.property\[([^\]]+)\]\.([\w.]+)\s*=\s*"([^"]*)"$/.exec(text);
  if (property) return (i) => readPath(i.properties[property[1] ?? ''], property[2] ?? '') === property[3];
  const alias = /^(\w+)\s*=\s*"([^"]*)"$/.exec(text);
  if (alias && PROPERTY_ALIASES[alias[1] ?? '']) {
    const { property: key, path } = PROPERTY_ALIASES[alias[1] ?? ''] as { property: string; path: string };
    return (i) => readPath(i.properties[key], path) === alias[2];
  }
  if (alias && alias[1] === 'labels') return (i) => i.labels.includes(alias[2] ?? '');
  if (alias && alias[1] === 'project') return (i) => i.projectKey === alias[2];
  if (alias && alias[1] === 'creator') return (i) => i.creator === alias[2];
  const project = /^project\s*=\s*(\w+)$/.exec(text);
  if (project) return (i) => i.projectKey === project[1];
  const keys = /^key\s+in\s+\(([^)]*)\)$/i.exec(text);
  if (keys) {
    const set = new Set((keys[1] ?? '').split(',').map((k) => k.trim().replace(/"/g, '')));
    return (i) => set.has(i.key);
  }
  throw new Error(`The fake Jira does not understand the JQL clause: ${text}`);
}

function readPath(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), value);
}
