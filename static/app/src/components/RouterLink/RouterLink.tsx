/**
 * A link to a Jira object or an address, opened through Jira's router: an app frame cannot open windows or move
 * Jira's page itself. Jira objects open in place; consoles outside Jira (Entra, Power Automate, Azure DevOps) open
 * in a new tab.
 */
import type { ReactNode } from 'react';
import { xcss, Pressable } from '@atlaskit/primitives';
import { navigate } from '../../api/bridge';
import type { RouterTarget } from '../../api/types';

const linkStyles = xcss({
  color: 'color.link',
  backgroundColor: 'color.background.neutral.subtle',
  padding: 'space.0',
  textAlign: 'start',
  textDecoration: 'underline',
  font: 'font.body',
  ':hover': { color: 'color.link.pressed' },
});

export function hrefOf(to: RouterTarget): string {
  if (to.kind === 'issue') return `/browse/${encodeURIComponent(to.issueKey)}`;
  if (to.kind === 'project') return `/jira/projects/${encodeURIComponent(to.projectKey)}`;
  return to.url;
}

export function RouterLink({ to, children, testId, label }: { to: RouterTarget; children: ReactNode; testId?: string; label?: string }) {
  const external = to.kind === 'url' && /^https?:\/\//.test(to.url);
  return (
    <Pressable
      xcss={linkStyles}
      onClick={(event) => {
        event.stopPropagation();
        void navigate(to, external);
      }}
      testId={testId}
      aria-label={label ?? (external ? `${typeof children === 'string' ? children : hrefOf(to)} (opens in a new tab)` : undefined)}
      data-href={hrefOf(to)}
    >
      {children}
    </Pressable>
  );
}
