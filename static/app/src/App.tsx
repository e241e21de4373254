/**
 * One build, three Forge modules and their dialogs: the extension type of the context decides which surface
 * renders, and a view opened in Jira's dialog (a bridge Modal) finds its own context under `extension.modal`. Each
 * surface is its own chunk, so the issue panel does not load the admin page's settings, tabs and pickers.
 */
import { lazy, Suspense } from 'react';
import { Box, xcss } from '@atlaskit/primitives';
import type { AppContext } from './api/types';
import { FormatProvider } from './format';
import { Loading } from './components/Loading/Loading';
import { Refusal } from './components/Refusal/Refusal';

const AdminPage = lazy(() => import('./components/AdminPage/AdminPage').then((m) => ({ default: m.AdminPage })));
const ProjectPage = lazy(() => import('./components/ProjectPage/ProjectPage').then((m) => ({ default: m.ProjectPage })));
const IssuePanel = lazy(() => import('./components/IssuePanel/IssuePanel').then((m) => ({ default: m.IssuePanel })));
const FindingDialog = lazy(() => import('./components/FindingDialog/FindingDialog').then((m) => ({ default: m.FindingDialog })));
const ReachDialog = lazy(() => import('./components/ReachDialog/ReachDialog').then((m) => ({ default: m.ReachDialog })));

const pageStyles = xcss({ padding: 'space.300', color: 'color.text', backgroundColor: 'elevation.surface' });
const panelStyles = xcss({ paddingBlock: 'space.100', paddingInline: 'space.150', color: 'color.text', backgroundColor: 'elevation.surface' });
const dialogStyles = xcss({ color: 'color.text', backgroundColor: 'elevation.surface' });

export function App({ context }: { context: AppContext }) {
  const { extension } = context;
  const modal = extension.modal;
  const surface = extension.type === 'jira:issuePanel' ? 'issue' : extension.type === 'jira:projectPage' ? 'project' : 'admin';
  let content: React.ReactNode;
  let styles = extension.type === 'jira:issuePanel' ? panelStyles : pageStyles;
  if (modal?.view === 'finding' && modal.id) {
    content = <FindingDialog id={modal.id} surface={surface} />;
    styles = dialogStyles;
  } else if (modal?.view === 'reach' && modal.id) {
    content = <ReachDialog id={modal.id} name={modal.name ?? modal.id} />;
    styles = dialogStyles;
  } else if (extension.type === 'jira:adminPage') content = <AdminPage />;
  else if (extension.type === 'jira:projectPage' && extension.project?.key) content = <ProjectPage projectKey={extension.project.key} />;
  else if (extension.type === 'jira:issuePanel') content = <IssuePanel />;
  else content = <Refusal error={{ code: 'UNSUPPORTED', message: `SecurityV0 cannot be shown here (${extension.type}).` }} title="Not available here" />;
  return (
    <FormatProvider locale={context.locale} timeZone={context.timeZone}>
      <Box as="main" xcss={styles} data-surface={extension.type} data-dialog={modal?.view} data-theme-mode={context.theme}>
        <Suspense fallback={<Loading label="Loading SecurityV0" />}>{content}</Suspense>
      </Box>
    </FormatProvider>
  );
}
