/**
 * Egress classification (design.md "Egress destinations"): internal = equal to or a subdomain of a verified domain,
 * or one of the organisation's own hosts; sanctioned = on the admin's list (exact host or *.domain); anything else,
 * an unverified domain included, is external.
 */
import { classifyEgress, classifyHost, type EgressBoundary } from '../../src/classify/egress';
import type { GraphNode } from '../../src/model/schema';
import { connector, emailRecipients, graphOf, webRequest } from '../support/graph-fixtures';

const boundary: EgressBoundary = {
  verifiedDomains: ['example.test', 'corp.example.net'],
  ownHosts: ['example-site.atlassian.net'],
  sanctioned: ['hooks.chat.example.com', '*.storage.example.com'],
};

describe('classifyHost', () => {
  it('is internal for a verified domain and its subdomains', () => {
    expect(classifyHost('example.test', boundary)).toBe('internal');
    expect(classifyHost('intranet.example.test', boundary)).toBe('internal');
    expect(classifyHost('a.b.corp.example.net', boundary)).toBe('internal');
  });

  it('ignores case and port', () => {
    expect(classifyHost('Intranet.EXAMPLE.test:8443', boundary)).toBe('internal');
  });

  it('is external for a look-alike that only ends with the same letters', () => {
    expect(classifyHost('notexample.test', boundary)).toBe('external');
    expect(classifyHost('example.test.attacker.example.com', boundary)).toBe('external');
  });

  it('is internal for the organisation’s own host, exactly', () => {
    expect(classifyHost('example-site.atlassian.net', boundary)).toBe('internal');
    expect(classifyHost('other-site.atlassian.net', boundary)).toBe('external');
  });

  it('is sanctioned for an exact sanctioned host, but not for its siblings', () => {
    expect(classifyHost('hooks.chat.example.com', boundary)).toBe('sanctioned');
    expect(classifyHost('HOOKS.chat.example.com', boundary)).toBe('sanctioned');
    expect(classifyHost('api.chat.example.com', boundary)).toBe('external');
  });

  it('is sanctioned for any subdomain of a *.domain entry', () => {
    expect(classifyHost('eu.storage.example.com', boundary)).toBe('sanctioned');
    expect(classifyHost('a.eu.storage.example.com', boundary)).toBe('sanctioned');
    expect(classifyHost('evilstorage.example.com', boundary)).toBe('external');
  });

  it('prefers internal over sanctioned when a host is both', () => {
    expect(classifyHost('hooks.example.test', { ...boundary, sanctioned: ['hooks.example.test'] })).toBe('internal');
  });

  it('is external for everything else, and with an empty boundary', () => {
    expect(classifyHost('hooks.pager.example.com', boundary)).toBe('external');
    expect(classifyHost('example.test', { verifiedDomains: [], ownHosts: [], sanctioned: [] })).toBe('external');
  });
});

describe('classifyEgress', () => {
  it('sets egress on every connection with a host and leaves the others alone', () => {
    // Arrange
    const internal = webRequest('intranet.example.test');
    const sanctioned = webRequest('hooks.chat.example.com');
    const external = emailRecipients('partner.example.org');
    const hostless = connector('Jira connection of ana');
    const graph = graphOf(internal, sanctioned, external, hostless);

    // Act
    const result = classifyEgress(graph, boundary);

    // Assert
    const egressOf = (node: GraphNode) => (result.node(node.id) as GraphNode<'connection'> | undefined)?.props.egress;
    expect(result).toBe(graph);
    expect(egressOf(internal)).toBe('internal');
    expect(egressOf(sanctioned)).toBe('sanctioned');
    expect(egressOf(external)).toBe('external');
    expect(egressOf(hostless)).toBeUndefined();
  });
});
