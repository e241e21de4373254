/** Entry point: read the context, apply Jira's light or dark theme tokens, render the surface. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import { followHostTheme, getContext } from './api/bridge';
import { App } from './App';
import './app.css';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  try {
    const context = await getContext();
    await setGlobalTheme({ colorMode: context.theme, light: 'light', dark: 'dark', spacing: 'spacing', typography: 'typography' });
    root.render(
      <StrictMode>
        <App context={context} />
      </StrictMode>,
    );
    followHostTheme().catch(() => undefined); // best effort: the theme from the context is already applied
  } catch (error) {
    // Without a context there is no surface to choose; say so rather than show a blank frame.
    root.render(<p role="alert">SecurityV0 could not start: {error instanceof Error ? error.message : String(error)}</p>);
  }
}

void start();
