/**
 * The mark of an AI agent wherever one appears (inventory, finding lists and detail, blast radius): Atlaskit's
 * AI agent glyph, labelled "AI agent" for assistive technology unless the text beside it already says so. Which
 * nodes are agents is decided once, in src/model/agents.ts; the pages only read the `agent` it sets.
 */
import AiAgentIcon from '@atlaskit/icon/core/ai-agent';
import { token } from '@atlaskit/tokens';

export const AGENT_LABEL = 'AI agent';

export function AgentIcon({ decorative = false, size = 'small' }: { decorative?: boolean; size?: 'small' | 'medium' }) {
  return (
    <span data-testid="agent-icon" style={{ display: 'inline-flex', flexShrink: 0 }}>
      <AiAgentIcon label={decorative ? '' : AGENT_LABEL} color={token('color.icon.discovery')} size={size} />
    </span>
  );
}
