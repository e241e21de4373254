/**
 * The blast radius and the insight of a finding as a caller may see them (findings/visibility.ts decides what is
 * hidden: Jira projects the caller cannot browse, and any site or mailbox, for anyone but a Jira administrator). A
 * hidden resource is drawn as "Restricted resource" where it sits, so the shape of the reach stays true while its
 * name does not show; every name it gave a role, a permission, a fix or an impact is scrubbed. Pure.
 */
import type { BlastNode, BlastRadius } from '../chains/blast-radius';
import type { FindingInsight } from './insights';
import { scrub, type Visibility } from './visibility';

export const RESTRICTED_NODE = 'Restricted resource';

function hiddenNode(node: BlastNode, visibility: Visibility): boolean {
  if (visibility.all || node.kind !== 'resource' || node.count !== undefined) return false;
  if (node.subtype === 'jira_project' || node.projectKey) return !node.projectKey || !visibility.browsableProjects.has(node.projectKey);
  return node.subtype !== 'jira_site';
}

/** Names (and project keys) of the resources of a radius the caller may not see. */
export function hiddenInRadius(radius: BlastRadius, visibility: Visibility): string[] {
  if (visibility.all) return [];
  return [...new Set(radius.nodes.filter((n) => hiddenNode(n, visibility)).flatMap((n) => [n.name, ...(n.projectKey ? [n.projectKey] : [])]))];
}

export function visibleBlast(radius: BlastRadius, visibility: Visibility, names: readonly string[]): BlastRadius {
  if (visibility.all) return radius;
  return {
    ...radius,
    nodes: radius.nodes.map((node) => {
      if (hiddenNode(node, visibility)) {
        const { projectKey: _key, ...rest } = node;
        return { ...rest, name: RESTRICTED_NODE };
      }
      return { ...node, name: scrub(node.name, names) };
    }),
    edges: radius.edges.map((edge) => (edge.reason ? { ...edge, reason: scrub(edge.reason, names) } : edge)),
  };
}

/** A link into a hidden project's settings goes; everything a fix says is scrubbed. */
export function visibleInsight(insight: FindingInsight, visibility: Visibility, names: readonly string[]): FindingInsight {
  if (visibility.all) return insight;
  const hiddenLink = (url: string) => names.some((name) => url.includes(`/${encodeURIComponent(name)}/`));
  return {
    ...insight,
    ...(insight.causes ? { causes: insight.causes.map((c) => ({ ...c, text: scrub(c.text, names) })) } : {}),
    fixes: insight.fixes.map((fix) => ({
      ...fix,
      label: scrub(fix.label, names),
      links: fix.links.filter((l) => !hiddenLink(l.url)).map((l) => ({ ...l, label: scrub(l.label, names) })),
      ...(fix.impact
        ? { impact: { ...fix.impact, text: scrub(fix.impact.text, names), cuts: fix.impact.cuts.map((c) => ({ ...c, name: scrub(c.name, names) })), closes: fix.impact.closes.map((c) => ({ ...c, subject: scrub(c.subject, names) })) } }
        : {}),
    })),
  };
}
