/**
 * Each person sees only what they may. A finding on the project page or in an issue panel can name other projects,
 * SharePoint sites and mailboxes (a flow that reaches DEALS also reaches CONTENT): for someone who is not a Jira
 * administrator, every Jira project they cannot browse, and every site or mailbox (Jira cannot say who may read
 * those), is replaced by "a restricted resource" in the summary, the evidence, the chain and the project list. Pure.
 */
import type { ChainNode, Finding } from './finding';
import type { FindingRow } from './query';

/** A resource a finding's text may name: a Jira project (by key and by name), a site, a mailbox, a scope member. */
export interface NamedResource {
  name: string;
  system: string;
  subtype: string;
  /** Jira projects: their key, which summaries also use. */
  key?: string;
}

export interface Visibility {
  /** Sees everything (a Jira administrator). */
  all: boolean;
  /** Jira project keys the caller may browse. */
  browsableProjects: ReadonlySet<string>;
}

export const RESTRICTED = 'a restricted resource';

function hiddenFor(resource: NamedResource, visibility: Visibility): boolean {
  if (visibility.all) return false;
  if (resource.subtype === 'jira_project') return !resource.key || !visibility.browsableProjects.has(resource.key);
  // Whole-site resources (the Jira site itself) say nothing private; anything else outside Jira cannot be checked.
  return resource.subtype !== 'jira_site';
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces each hidden name (longest first, whole words only) in a text. */
export function scrub(text: string, names: readonly string[]): string {
  let out = text;
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    if (name.trim().length < 2 || !out.includes(name)) continue;
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}_@.-])${escape(name)}(?![\\p{L}\\p{N}_@-])`, 'gu'), RESTRICTED);
  }
  return out;
}

/** Everything a finding names that this caller may not see: names and keys to scrub. */
export function hiddenNames(resources: readonly NamedResource[], visibility: Visibility): string[] {
  if (visibility.all) return [];
  const names = new Set<string>();
  for (const resource of resources) {
    if (!hiddenFor(resource, visibility)) continue;
    names.add(resource.name);
    if (resource.key) names.add(resource.key);
  }
  return [...names];
}

function redactNode(node: ChainNode, visibility: Visibility, names: readonly string[]): ChainNode {
  if (node.kind !== 'resource') return { ...node, name: scrub(node.name, names) };
  const hidden = hiddenFor({ name: node.name, system: node.system, subtype: node.subtype ?? (node.system === 'jira' ? 'jira_project' : 'unknown'), ...(node.key ? { key: node.key } : {}) }, visibility);
  const members = node.members?.filter((m) => !names.includes(m.name));
  const { key: _key, ...rest } = node;
  return {
    ...(hidden ? rest : node),
    name: hidden ? 'Restricted resource' : node.name,
    ...(node.members ? { members: hidden ? [] : (members ?? []) } : {}),
  };
}

/** The finding as this caller may see it; unchanged for an administrator. */
export function visibleFinding(finding: Finding, resources: readonly NamedResource[], visibility: Visibility): Finding & { restricted?: number } {
  if (visibility.all) return finding;
  const names = hiddenNames(resources, visibility);
  const projectKeys = finding.projectKeys.filter((k) => visibility.browsableProjects.has(k));
  // How many restricted resources it names: each counted once, whether by key, by name, in the chain or the text.
  const text = [finding.summary, ...finding.evidence.map((e) => e.text), ...finding.chainNodes.flatMap((n) => [n.name, ...(n.members ?? []).map((m) => m.name)])].join('\n');
  const mentioned = (resource: NamedResource) =>
    hiddenFor(resource, visibility) && ((resource.key !== undefined && finding.projectKeys.includes(resource.key)) || scrub(text, [resource.name, ...(resource.key ? [resource.key] : [])]) !== text);
  const restricted = new Set(resources.filter(mentioned).map((r) => `${r.subtype}|${r.key ?? r.name}`)).size;
  return {
    ...finding,
    summary: scrub(finding.summary, names),
    evidence: finding.evidence.map((e) => ({ ...e, text: scrub(e.text, names) })),
    chainNodes: finding.chainNodes.map((n) => redactNode(n, visibility, names)),
    projectKeys,
    ...(finding.justification ? { justification: scrub(finding.justification, names) } : {}),
    ...(restricted > 0 ? { restricted } : {}),
  };
}

export function visibleRow(row: FindingRow, resources: readonly NamedResource[], visibility: Visibility): FindingRow {
  if (visibility.all) return row;
  return { ...row, summary: scrub(row.summary, hiddenNames(resources, visibility)) };
}
