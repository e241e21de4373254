/**
 * Automation rules -> graph: nested components at any depth, both web request spellings, credentials detected
 * without their values ever reaching a record or the graph, query strings cut, e-mail domains, scope and owners.
 */
import { defaultSettings } from '../../../src/settings/settings';
import { automationRuleSchema, automationRulesToGraph, scopeProjectIds, type AutomationRule } from '../../../src/sources/automation/rules';
import { automationToGraph } from '../../../src/sources/automation/to-graph';
import { toRequestTarget } from '../../../src/sources/automation/request-target';
import type { GraphEdge, GraphNode } from '../../../src/model/schema';

const context = { settings: defaultSettings(), observedAt: '2026-11-20T06:00:00.000Z' };
const CLOUD = 'c0ffee00-0000-4000-8000-000000000001';
const AUTHOR = '5b10ac8d82e05b22cc7d4ef5';
const ACTOR = '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077';
const HEADER_SECRET = 'Bearer hdr-s3cr3t-value-1234';
const QUERY_SECRET = 'qry-s3cr3t-sig-5678';

function rule(overrides: Record<string, unknown>): AutomationRule {
  return automationRuleSchema.parse({
    uuid: 'rule-0001',
    name: 'Test rule',
    state: 'ENABLED',
    authorAccountId: AUTHOR,
    actor: { type: 'ACCOUNT_ID', actor: ACTOR },
    ruleScopeARIs: [`ari:cloud:jira:${CLOUD}:project/10001`],
    trigger: { component: 'TRIGGER', type: 'jira.issue.event.trigger:created', value: {}, children: [], conditions: [] },
    components: [],
    ...overrides,
  });
}

const webRequest = (id: string, type: string, value: Record<string, unknown>) => ({ id, component: 'ACTION', type, value, children: [], conditions: [] });

const ids = (nodes: GraphNode[], kind: GraphNode['kind']) => new Set(nodes.filter((n) => n.kind === kind).map((n) => n.id));
const edgeSet = (edges: GraphEdge[], kind: GraphEdge['kind']) => new Set(edges.filter((e) => e.kind === kind).map((e) => `${e.from} -> ${e.to}`));
const connection = (nodes: GraphNode[], id: string) => nodes.find((n) => n.id === id)?.props as Record<string, unknown> | undefined;

describe('automationRulesToGraph', () => {
  it('finds web requests nested three levels deep, in children and in conditions', () => {
    // Arrange: branch -> if/else block -> (children: action at depth 3) and (conditions: a block holding an action at depth 4)
    const ruleWithNestedWebRequests = rule({
      components: [
        {
          id: 'branch-1',
          component: 'BRANCH',
          type: 'jira.issue.related',
          value: {},
          conditions: [],
          children: [
            {
              id: 'block-1',
              component: 'CONDITION_BLOCK',
              type: 'jira.condition.if.block',
              value: {},
              children: [webRequest('deep-3', 'jira.issue.outgoing.webhook', { url: 'https://deep.example.net/three', method: 'POST' })],
              conditions: [
                {
                  id: 'block-2',
                  component: 'CONDITION_BLOCK',
                  type: 'jira.condition.container.block',
                  value: {},
                  conditions: [],
                  children: [webRequest('deep-4', 'jira.issue.outgoing.webhook', { url: 'https://deeper.example.net/four', method: 'PUT' })],
                },
              ],
            },
          ],
        },
      ],
    });

    // Act
    const { nodes, edges } = automationRulesToGraph([ruleWithNestedWebRequests], context);

    // Assert
    expect(ids(nodes, 'connection')).toEqual(new Set(['jira:connection:rule/rule-0001/deep-3', 'jira:connection:rule/rule-0001/deep-4']));
    expect(edgeSet(edges, 'SENDS_TO')).toEqual(
      new Set(['jira:workload:rule/rule-0001 -> jira:connection:rule/rule-0001/deep-3', 'jira:workload:rule/rule-0001 -> jira:connection:rule/rule-0001/deep-4']),
    );
    expect(connection(nodes, 'jira:connection:rule/rule-0001/deep-4')).toMatchObject({ host: 'deeper.example.net', method: 'PUT' });
  });

  it('matches both spellings of the send-web-request action, and names a component without id by its position', () => {
    const ruleWithBothSpellings = rule({
      components: [
        webRequest('legacy-1', 'jira.issue.outgoing.webhook', { url: 'https://legacy.example.net/hook' }),
        { component: 'ACTION', type: 'jira.automation.action:send-web-request', value: { url: 'https://modern.example.net/hook', method: 'post' }, children: [], conditions: [] },
      ],
    });

    const { nodes } = automationRulesToGraph([ruleWithBothSpellings], context);

    expect(new Set(nodes.filter((n) => n.kind === 'connection').map((n) => (n.props as { host?: string }).host))).toEqual(new Set(['legacy.example.net', 'modern.example.net']));
    expect(ids(nodes, 'connection')).toContain('jira:connection:rule/rule-0001/1');
    expect(connection(nodes, 'jira:connection:rule/rule-0001/1')).toMatchObject({ method: 'POST', sendsCredential: false });
  });

  it('detects a secret header and a signed URL without their values appearing in the record or the graph', () => {
    const ruleWithSecrets = rule({
      components: [
        webRequest('auth-header', 'jira.issue.outgoing.webhook', {
          url: 'https://api.partner.example/v1/items',
          method: 'POST',
          headers: [
            { id: 'h1', name: 'Content-Type', value: { keyOrValue: 'application/json', secret: false } },
            { id: 'h2', name: 'Authorization', value: { keyOrValue: HEADER_SECRET, secret: false } },
          ],
        }),
        webRequest('masked-header', 'jira.issue.outgoing.webhook', {
          url: 'https://api.partner.example/v1/other',
          headers: [{ id: 'h3', name: 'X-Tenant', value: { keyOrValue: '', secret: true } }],
        }),
        webRequest('signed-url', 'jira.issue.outgoing.webhook', { url: `https://flows.example.net:443/workflows/42/invoke?api-version=2016-06-01&sp=%2Frun&sig=${QUERY_SECRET}#frag` }),
      ],
    });

    const fragment = automationRulesToGraph([ruleWithSecrets], context);

    expect(connection(fragment.nodes, 'jira:connection:rule/rule-0001/auth-header')).toMatchObject({ sendsCredential: true, credentialMechanism: 'header Authorization' });
    expect(connection(fragment.nodes, 'jira:connection:rule/rule-0001/masked-header')).toMatchObject({ sendsCredential: true, credentialMechanism: 'header X-Tenant' });
    expect(connection(fragment.nodes, 'jira:connection:rule/rule-0001/signed-url')).toMatchObject({
      url: 'https://flows.example.net/workflows/42/invoke',
      host: 'flows.example.net',
      sendsCredential: true,
      credentialMechanism: 'query parameter sig',
    });
    expect(new Set(fragment.nodes.filter((n) => n.kind === 'credential').map((n) => `${n.id} ${(n.props as { subtype: string }).subtype}`))).toEqual(
      new Set([
        'jira:credential:rule/rule-0001/auth-header api_token',
        'jira:credential:rule/rule-0001/masked-header api_token',
        'jira:credential:rule/rule-0001/signed-url shared_secret',
      ]),
    );
    expect(edgeSet(fragment.edges, 'USES')).toContain('jira:connection:rule/rule-0001/signed-url -> jira:credential:rule/rule-0001/signed-url');
    const stored = JSON.stringify(ruleWithSecrets) + JSON.stringify(fragment);
    expect(stored).not.toContain('hdr-s3cr3t');
    expect(stored).not.toContain(QUERY_SECRET);
    expect(stored).not.toContain('api-version');
    expect(stored).not.toContain('application/json');
  });

  it('drops the query string of every stored URL and says "cannot tell" for a URL chosen at run time', () => {
    const ruleWithQueries = rule({
      components: [
        webRequest('plain-query', 'jira.issue.outgoing.webhook', { url: 'https://hooks.example.org/in?team=ops&channel=alerts' }),
        webRequest('templated', 'jira.issue.outgoing.webhook', { url: '{{issue.customfield_10050}}' }),
      ],
    });

    const { nodes } = automationRulesToGraph([ruleWithQueries], context);

    expect(connection(nodes, 'jira:connection:rule/rule-0001/plain-query')).toMatchObject({ url: 'https://hooks.example.org/in', sendsCredential: false });
    expect(ids(nodes, 'credential').size).toBe(0);
    const templated = connection(nodes, 'jira:connection:rule/rule-0001/templated');
    expect(templated?.url).toBeUndefined();
    expect(templated?.sendsCredential).toBeUndefined();
  });

  it('emits one e-mail connection per literal recipient domain, ignoring smart values', () => {
    const ruleWithEmail = rule({
      components: [
        {
          id: 'mail-1',
          component: 'ACTION',
          type: 'jira.issue.outgoing.email',
          value: { to: [{ type: 'FREE', value: 'legal@corp.example, partner@vendor.example' }, { type: 'REPORTER' }], cc: [{ type: 'FREE', value: '{{issue.assignee.emailAddress}}' }], bcc: [] },
          children: [],
          conditions: [],
        },
      ],
    });

    const { nodes } = automationRulesToGraph([ruleWithEmail], context);

    expect(ids(nodes, 'connection')).toEqual(new Set(['jira:connection:rule/rule-0001/email/corp.example', 'jira:connection:rule/rule-0001/email/vendor.example']));
  });

  it('runs as the actor, is created and owned by a placeholder owner of the author, and triggers on its scoped projects', () => {
    const scopedRule = rule({ ruleScopeARIs: [`ari:cloud:jira:${CLOUD}:project/10001`, `ari:cloud:jira:${CLOUD}:project/10002`] });

    const { nodes, edges } = automationRulesToGraph([scopedRule], context);

    const workload = nodes.find((n) => n.id === 'jira:workload:rule/rule-0001');
    expect(workload?.props).toMatchObject({ subtype: 'jira_automation_rule', enabled: true, executionMode: 'autonomous', trigger: 'jira.issue.event.trigger:created', scopeProjectIds: ['10001', '10002'] });
    expect(edgeSet(edges, 'RUNS_AS')).toEqual(new Set([`jira:workload:rule/rule-0001 -> jira:identity:${ACTOR}`]));
    const owner = `people:owner:atlassian/${AUTHOR}`;
    expect(edgeSet(edges, 'CREATED_BY')).toEqual(new Set([`jira:workload:rule/rule-0001 -> ${owner}`]));
    expect(edgeSet(edges, 'OWNED_BY')).toEqual(new Set([`jira:workload:rule/rule-0001 -> ${owner}`]));
    expect(nodes.find((n) => n.id === owner)?.props).toEqual({ subtype: 'person', atlassianAccountIds: [AUTHOR], entraUserIds: [], adoUserIds: [] });
    expect(edgeSet(edges, 'TRIGGERS_ON')).toEqual(new Set(['jira:workload:rule/rule-0001 -> jira:resource:10001', 'jira:workload:rule/rule-0001 -> jira:resource:10002']));
  });

  it('treats an empty scope, and a scope beyond single projects, as global', () => {
    expect(scopeProjectIds([])).toEqual([]);
    expect(scopeProjectIds([`ari:cloud:jira::site/${CLOUD}`])).toEqual([]);
    const globalRule = rule({ ruleScopeARIs: [], state: 'DISABLED' });

    const { nodes, edges } = automationRulesToGraph([globalRule], context);

    expect(nodes.find((n) => n.kind === 'workload')?.props).toMatchObject({ enabled: false, scopeProjectIds: [] });
    expect(edgeSet(edges, 'TRIGGERS_ON').size).toBe(0);
  });

  it('reads the older export shape (idUuid, actor.value, ruleScope.resources)', () => {
    const olderRule = automationRuleSchema.parse({
      id: 42,
      idUuid: 'rule-older',
      name: 'Older export',
      state: 'ENABLED',
      authorAccountId: AUTHOR,
      actor: { type: 'ACCOUNT_ID', value: ACTOR },
      ruleScope: { resources: [`ari:cloud:jira:${CLOUD}:project/10003`] },
      trigger: { component: 'TRIGGER', type: 'jira.manual.trigger.issue', value: {} },
      components: [],
    });

    const { nodes, edges } = automationRulesToGraph([olderRule], context);

    expect(nodes.find((n) => n.kind === 'workload')?.props).toMatchObject({ nativeId: 'rule-older', executionMode: 'manual', scopeProjectIds: ['10003'] });
    expect(edgeSet(edges, 'RUNS_AS')).toEqual(new Set([`jira:workload:rule/rule-older -> jira:identity:${ACTOR}`]));
  });

  it('prefers the API copy of a rule over the uploaded export', () => {
    const fromExport = rule({ name: 'Old name' });
    const fromApi = rule({ name: 'New name' });

    const { nodes } = automationToGraph({ exportedRules: [fromExport], rules: [fromApi] }, context);

    expect(nodes.filter((n) => n.kind === 'workload').map((n) => n.name)).toEqual(['New name']);
  });
});

describe('toRequestTarget', () => {
  it('strips user-info and flags it, keeps a non-default port, and names credential parameters only', () => {
    const target = toRequestTarget('https://bot:pa55word@Hooks.Example.COM:8443/a/b?code=abc&page=2&x-api-key=zzz');

    expect(target).toEqual({ url: 'https://hooks.example.com:8443/a/b', host: 'hooks.example.com', credentialQueryParams: ['code', 'x-api-key'], userInfo: true });
    expect(JSON.stringify(target)).not.toContain('pa55word');
  });
});
