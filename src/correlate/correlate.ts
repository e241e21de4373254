/**
 * Joins what several systems say about the same person or app. Pure: graph in, graph out (before seal()).
 * - People: owner placeholders known only by an account id (`people:owner:atlassian/<id>`) fold into the person
 *   known by e-mail; a person's departure is read from every system (Entra disabled or past leave date, Atlassian
 *   account inactive: any one suffices).
 * - Apps: a Jira app user and an Entra service principal, or a webhook and a Jira app, belong to the same vendor
 *   when the app key's reversed domain matches the other side's publisher, reply-URL or destination domain. The link
 *   is `correlated`, with its basis in `reason`, and `evidenced` when either end shows use inside the window.
 * - Connections: a credential that names the e-mail it signed in as (CredentialProps.accountEmail) authenticates as
 *   the Atlassian or Entra account with that e-mail.
 */
import type { AccessGraph } from '../model/graph';
import { getDomain } from 'tldts';
import { NO_IDS, nodeId, type GraphNode } from '../model/schema';
import type { PersonRecord } from '../model/person';

export type { PersonRecord };

export interface CorrelationInput {
  /** Entra users (all tenants) by lower-case e-mail, UPN and SMTP alias. */
  people: ReadonlyMap<string, PersonRecord>;
  /** The same people by `<tenantId>/<Entra object id>`, deleted ones included: owners known only by object id. */
  peopleByEntraId?: ReadonlyMap<string, PersonRecord>;
  /**
   * The organisation's verified domains (every configured Entra tenant). An app key or publisher domain that is one
   * of them names the organisation itself, not a vendor: it links nothing.
   */
  ownDomains?: readonly string[];
  observedAt: string;
  windowDays: number;
}

const props = <K extends GraphNode['kind']>(node: GraphNode, _k: K) => node.props as GraphNode<K>['props'];

/**
 * The vendor domain behind a reverse-domain app key: com.docuvane.sharepoint-for-jira -> docuvane.com,
 * uk.co.acme.bridge -> acme.co.uk (the Public Suffix List decides where the registrable part ends).
 */
export function appKeyDomain(appKey: string): string | undefined {
  const parts = appKey.toLowerCase().split('.').filter(Boolean);
  if (parts.length < 2) return undefined;
  return getDomain([...parts].reverse().join('.')) ?? undefined;
}

/** The registrable domain per the Public Suffix List: sharepoint.docuvane.com -> docuvane.com, a.globex.co.uk -> globex.co.uk. */
function registrableDomain(host: string): string | undefined {
  return getDomain(host.toLowerCase().replace(/:\d+$/, '')) ?? undefined;
}

/** Nodes by the registrable domain of any of their hosts, each node once per domain, in the order given. */
function groupByDomains<T extends GraphNode>(nodes: readonly T[], hostsOf: (node: T) => string[]): Map<string, T[]> {
  const byDomain = new Map<string, T[]>();
  for (const node of nodes) {
    const domains = new Set(hostsOf(node).map(registrableDomain).filter((d): d is string => d !== undefined));
    for (const domain of domains) {
      const list = byDomain.get(domain);
      if (list) list.push(node);
      else byDomain.set(domain, [node]);
    }
  }
  return byDomain;
}

function hasEvidenceInWindow(graph: AccessGraph, nodeIdValue: string, input: CorrelationInput): boolean {
  const from = Date.parse(input.observedAt) - input.windowDays * 86_400_000;
  const targets = [nodeIdValue, ...graph.in(nodeIdValue, 'RUNS_AS').map((e) => e.from)];
  return targets.some((t) =>
    graph.in(t, 'EVIDENCES').some((e) => {
      const ev = graph.node(e.from);
      return ev?.kind === 'execution_evidence' && Date.parse(props(ev, 'execution_evidence').lastAt) >= from;
    }),
  );
}

/** Folds account-id owner placeholders into e-mail owners and applies directory departures. */
export function correlatePeople(graph: AccessGraph, input: CorrelationInput): void {
  // Owners known only by their Entra object id (a flow's owner, an app owner whose user record had no mail): the
  // directory knows the person, by that id, in that tenant.
  for (const owner of graph.nodesOfKind('owner')) {
    const entra = /^people:owner:entra\/([^/]+)\/(.+)$/.exec(owner.id);
    const person = entra ? input.peopleByEntraId?.get(`${entra[1] ?? ''}/${entra[2] ?? ''}`) : undefined;
    if (!person) continue;
    const departure = person.departed === undefined ? {} : { departed: person.departed, ...(person.departed ? { departedReason: person.departedReason } : {}) };
    if (person.email) {
      graph.addNode({ ...owner, name: person.displayName ?? owner.name, props: { ...owner.props, email: person.email, ...departure } });
      graph.mergeNodeInto(owner.id, nodeId('people', 'owner', person.email));
    } else {
      graph.addNode({ ...owner, name: person.displayName ?? owner.name, props: { ...owner.props, ...departure } });
    }
  }
  for (const owner of graph.nodesOfKind('owner')) {
    const atlassian = /^people:owner:atlassian\/(.+)$/.exec(owner.id);
    if (!atlassian) continue;
    const account = graph.node(nodeId('jira', 'identity', atlassian[1] ?? ''));
    const accountProps = account?.kind === 'identity' ? props(account, 'identity') : undefined;
    if (accountProps?.email && accountProps.human) {
      const target = nodeId('people', 'owner', accountProps.email);
      graph.addNode({ ...owner, props: { ...owner.props, email: accountProps.email } });
      graph.mergeNodeInto(owner.id, target);
    } else if (account && accountProps) {
      graph.addNode({
        ...owner,
        name: account.name,
        props: { ...owner.props, ...(accountProps.enabled ? {} : { departed: true, departedReason: 'Atlassian account inactive' }) },
      });
    }
  }
  for (const owner of graph.nodesOfKind('owner')) {
    const email = owner.props.email?.toLowerCase();
    const person = email ? input.people.get(email) : undefined;
    if (!person) continue;
    graph.addNode({
      ...owner,
      props: {
        ...owner.props,
        entraUserIds: person.entraUserId ? [person.entraUserId] : NO_IDS,
        department: person.department ?? owner.props.department,
        ...(person.departed === undefined ? {} : { departed: person.departed }),
        ...(person.departed ? { departedReason: person.departedReason } : {}),
        ...(person.departed && person.departedAt ? { departedAt: person.departedAt } : {}),
      },
    });
  }
}

/** Links the two sides of one vendor's integration by domain. */
export function correlateApps(graph: AccessGraph, input: CorrelationInput): void {
  const identities = graph.nodesOfKind('identity');
  const appUsers = identities.filter((n) => n.props.subtype === 'jira_app_user' && n.props.appKey);
  if (appUsers.length === 0) return;
  const own = new Set((input.ownDomains ?? []).map((d) => registrableDomain(d)).filter((d): d is string => d !== undefined));
  // Service principals and connections by registrable domain, worked out once: per app user, a scan of every
  // identity with a Public Suffix List lookup per host was 800 × 30,000 service principals at 140,000 people.
  const servicePrincipalsByDomain = groupByDomains(
    identities.filter((n) => n.props.subtype === 'service_principal' && n.props.origin !== 'microsoft'),
    (sp) => [sp.props.publisherDomain, ...(sp.props.replyUrlHosts ?? [])].filter((h): h is string => typeof h === 'string'),
  );
  const connectionsByDomain = groupByDomains(graph.nodesOfKind('connection'), (c) => (c.props.host ? [c.props.host] : []));
  for (const app of appUsers) {
    const domain = appKeyDomain(app.props.appKey ?? '');
    // An in-house app (its key under the organisation's own domain) shares that domain with every app registration
    // and internal host of the organisation: the domain says who built it, not which app it is.
    if (!domain || own.has(domain)) continue;
    for (const sp of servicePrincipalsByDomain.get(domain) ?? []) {
      const evidenced = hasEvidenceInWindow(graph, app.id, input) || hasEvidenceInWindow(graph, sp.id, input);
      const reason = `same publisher domain ${domain} (app key ${app.props.appKey})`;
      for (const [from, to] of [[app.id, sp.id], [sp.id, app.id]] as const) {
        graph.addEdge({ kind: 'AUTHENTICATES_TO', from, to, basis: 'correlated', confidence: 0.7, reason, evidenced });
      }
    }
    // A webhook delivering to the app's own domain feeds that app: its credential authenticates to the app.
    for (const connection of connectionsByDomain.get(domain) ?? []) {
      const senders = graph.in(connection.id, 'SENDS_TO').map((e) => e.from);
      const credentials = graph.out(connection.id, 'USES').map((e) => e.to);
      const evidenced = hasEvidenceInWindow(graph, app.id, input) || senders.some((s) => hasEvidenceInWindow(graph, s, input));
      const reason = `destination ${connection.props.host} is the publisher domain of app key ${app.props.appKey}`;
      for (const credential of credentials) graph.addEdge({ kind: 'AUTHENTICATES_AS', from: credential, to: app.id, basis: 'correlated', confidence: 0.6, reason, evidenced });
    }
  }
}

/** A credential that names the e-mail it signs in as authenticates as the account(s) with that e-mail. */
export function correlateAccounts(graph: AccessGraph, input: CorrelationInput): void {
  const byEmail = new Map<string, Array<GraphNode<'identity'>>>();
  for (const identity of graph.nodesOfKind('identity')) {
    const email = identity.props.email?.toLowerCase();
    if (email) byEmail.set(email, [...(byEmail.get(email) ?? []), identity]);
  }
  for (const credential of graph.nodesOfKind('credential')) {
    const email = credential.props.accountEmail?.toLowerCase();
    if (!email) continue;
    const users = graph.in(credential.id, 'USES').flatMap((u) => graph.in(u.from, 'INVOKES').map((i) => i.from));
    const evidenced = users.some((w) => hasEvidenceInWindow(graph, w, input));
    for (const identity of byEmail.get(email) ?? []) {
      graph.addEdge({ kind: 'AUTHENTICATES_AS', from: credential.id, to: identity.id, basis: 'correlated', confidence: 0.95, reason: `signed in as ${email}`, evidenced });
    }
  }
}

/**
 * A Jira automation rule runs as a person or as Atlassian's own "Automation for Jira" account; Marketplace apps'
 * users cannot be chosen as a rule actor (https://support.atlassian.com/jira-software-cloud/docs/run-rules-as-another-user/).
 * So an app account that a rule runs as is the platform's automation actor, whatever its id or display name.
 */
export function markAutomationActors(graph: AccessGraph): void {
  for (const rule of graph.nodesOfKind('workload')) {
    if (props(rule, 'workload').subtype !== 'jira_automation_rule') continue;
    for (const edge of graph.out(rule.id, 'RUNS_AS')) {
      const actor = graph.node(edge.to);
      if (actor?.kind !== 'identity') continue;
      const p = props(actor, 'identity');
      if (p.subtype === 'jira_app_user' && p.origin === 'unknown') graph.addNode({ ...actor, props: { ...p, origin: 'atlassian' } });
    }
  }
}

export function correlate(graph: AccessGraph, input: CorrelationInput): AccessGraph {
  markAutomationActors(graph);
  correlatePeople(graph, input);
  correlateApps(graph, input);
  correlateAccounts(graph, input);
  return graph;
}
