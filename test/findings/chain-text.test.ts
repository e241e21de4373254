/** A chain in words: an agent's reads as who acts as whom; any other chain reads as it always did. */
import { chainNodeKind, chainText } from '../../src/findings/chain-text';

it('joins the names of a chain that does not start at an agent, unchanged', () => {
  expect(chainText([{ name: 'Backup Bot' }, { name: 'Backup Bot: Sites.ReadWrite.All', via: { kind: 'HAS_ROLE', basis: 'observed' } }, { name: 'Finance', via: { kind: 'APPLIES_TO', basis: 'observed' } }])).toBe('Backup Bot → Backup Bot: Sites.ReadWrite.All → Finance');
  expect(chainText([])).toBe('');
});

it('names the first hop as the AI agent and every later hop by its edge', () => {
  const text = chainText([
    { name: 'Copilot helper', agent: 'Copilot Studio agent' },
    { name: 'Helper SP', via: { kind: 'RUNS_AS', basis: 'observed' } },
    { name: 'Helper role', via: { kind: 'HAS_ROLE', basis: 'observed' } },
    { name: 'BROWSE_PROJECTS', via: { kind: 'GRANTS', basis: 'observed' } },
    { name: 'FIN', via: { kind: 'APPLIES_TO', basis: 'observed' } },
  ]);
  expect(text).toBe('AI agent "Copilot helper" → runs as → Helper SP → has role → Helper role → grants → BROWSE_PROJECTS → applies to → FIN');
  expect(chainText([{ name: 'Rights Research Agent', agent: 'Entra agent identity' }, { name: 'Carlos Ruiz', via: { kind: 'OWNED_BY', basis: 'observed' } }])).toBe('AI agent "Rights Research Agent" → owned by → Carlos Ruiz');
});

it('says what kind of hop each node is, an agent as an AI agent', () => {
  expect(chainNodeKind({ kind: 'execution_evidence' })).toBe('execution evidence');
  expect(chainNodeKind({ kind: 'identity', agent: 'Entra agent identity' })).toBe('AI agent: Entra agent identity');
});
