/** Findings and the access review as CSV or JSON, produced by the export resolvers and saved with a Blob. */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { exportAccessReview } from '../../api/exportAccessReview';
import { exportFindings } from '../../api/exportFindings';
import type { Envelope, ExportFile } from '../../api/types';
import { downloadFile } from '../../download';

const EXPORTS = [
  { id: 'findings', title: 'Findings', description: 'Every open finding: severity, check, subject, systems, owners, summary, ticket.', run: exportFindings },
  { id: 'access-review', title: 'Access review', description: 'Who and what can reach each Jira project, and how: people, non-human identities and workloads.', run: exportAccessReview },
] as const;

export function ExportTab({ save = downloadFile }: { save?: (file: ExportFile) => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = async (id: string, call: () => Promise<Envelope<ExportFile>>) => {
    setBusy(id);
    setMessage(null);
    const result = await call();
    setBusy(null);
    if (result.ok) {
      save(result.data);
      setMessage({ ok: true, text: `Saved ${result.data.fileName}.` });
    } else setMessage({ ok: false, text: result.error.message });
  };
  return (
    <div data-testid="export" style={{ display: 'flex', flexDirection: 'column', gap: token('space.200') }}>
      {EXPORTS.map((e) => (
        <section key={e.id} aria-label={e.title} style={{ background: token('elevation.surface.raised'), boxShadow: token('elevation.shadow.raised'), borderRadius: 8, padding: token('space.200') }}>
          <Heading size="small" as="h3">
            {e.title}
          </Heading>
          <p style={{ color: token('color.text.subtle') }}>{e.description}</p>
          <div style={{ display: 'flex', gap: 8 }}>
            {(['csv', 'json'] as const).map((format) => (
              <Button key={format} onClick={() => void run(`${e.id}-${format}`, () => e.run(format))} isLoading={busy === `${e.id}-${format}`} testId={`export-${e.id}-${format}`}>
                {`Download ${format.toUpperCase()}`}
              </Button>
            ))}
          </div>
        </section>
      ))}
      {message && (
        <SectionMessage appearance={message.ok ? 'success' : 'error'} testId="export-result">
          <p>{message.text}</p>
        </SectionMessage>
      )}
    </div>
  );
}
