/** Entry point: read the context, apply Jira's theme tokens (colour, spacing, type, shape), render the surface. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setGlobalTheme } from '@atlaskit/tokens/set-global-theme';
import { followHostTheme, getContext } from './api/bridge';
import { App } from './App';
import { normaliseLocale } from './format';
import './app.css';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  try {
    const context = await getContext();
    document.documentElement.lang = normaliseLocale(context.locale);
    // Every token family the components use: radius tokens come from the shape theme.
    await setGlobalTheme({ colorMode: context.theme, light: 'light', dark: 'dark', spacing: 'spacing', typography: 'typography', shape: 'shape' });
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
