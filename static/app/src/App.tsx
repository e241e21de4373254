/**
 * One build, three Forge modules: the extension type of the context decides which surface renders. Each surface is
 * its own chunk, so the issue panel does not load the admin page's settings, tabs and pickers.
 */
import { lazy, Suspense } from 'react';
import { token } from '@atlaskit/tokens';
import type { AppContext } from './api/types';
import { Loading } from './components/Loading/Loading';
import { Refusal } from './components/Refusal/Refusal';

const AdminPage = lazy(() => import('./components/AdminPage/AdminPage').then((m) => ({ default: m.AdminPage })));
const ProjectPage = lazy(() => import('./components/ProjectPage/ProjectPage').then((m) => ({ default: m.ProjectPage })));
const IssuePanel = lazy(() => import('./components/IssuePanel/IssuePanel').then((m) => ({ default: m.IssuePanel })));

export function App({ context }: { context: AppContext }) {
  const { extension } = context;
  let surface: React.ReactNode;
  if (extension.type === 'jira:adminPage') surface = <AdminPage />;
  else if (extension.type === 'jira:projectPage' && extension.project?.key) surface = <ProjectPage projectKey={extension.project.key} />;
  else if (extension.type === 'jira:issuePanel') surface = <IssuePanel />;
  else surface = <Refusal error={{ code: 'UNSUPPORTED', message: `SecurityV0 cannot be shown here (${extension.type}).` }} title="Not available here" />;
  const padding = extension.type === 'jira:issuePanel' ? token('space.100') : token('space.300');
  return (
    <main data-surface={extension.type} data-theme-mode={context.theme} style={{ padding, color: token('color.text'), background: token('elevation.surface'), minHeight: '100vh', boxSizing: 'border-box' }}>
      <Suspense fallback={<Loading label="Loading SecurityV0" />}>{surface}</Suspense>
    </main>
  );
}
