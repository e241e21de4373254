/** The one predicate for "is this node an AI agent" (src/model/agents.ts): kind and subtype, never the name. */
import { aiAgentTypeOf, isAiAgent } from '../../src/model/agents';
import { automationRule, servicePrincipal } from '../support/graph-fixtures';

it('knows an Entra agent identity by its subtype, in a graph node or a stored view of one', () => {
  expect(aiAgentTypeOf(servicePrincipal('Research Agent', { subtype: 'entra_agent_identity' }))).toBe('Entra agent identity');
  expect(isAiAgent({ kind: 'identity', subtype: 'entra_agent_identity' })).toBe(true);
});

it('does not go by names, and needs the kind the subtype belongs to', () => {
  expect(isAiAgent(servicePrincipal('Copilot Agent Bot'))).toBe(false);
  expect(isAiAgent(automationRule('AI agent rule'))).toBe(false);
  expect(isAiAgent({ kind: 'workload', subtype: 'entra_agent_identity' })).toBe(false);
  expect(isAiAgent({ kind: 'identity', subtype: 'toString' })).toBe(false);
});
