/**
 * Automation rules come from the export an admin downloads in Jira (Forge cannot call the Automation API): the file
 * is read here in the browser and its text is sent to automation/upload, which validates it.
 */
import { useState } from 'react';
import { Label } from '@atlaskit/form';
import SectionMessage from '@atlaskit/section-message';
import { token } from '@atlaskit/tokens';
import { uploadAutomation } from '../../api/uploadAutomation';
import type { SettingsView } from '../../api/types';
import { useFormat } from '../../format';

const MAX_BYTES = 5 * 1024 * 1024;

export function AutomationUpload({ current, onUploaded }: { current: SettingsView['automationUpload']; onUploaded: () => void }) {
  const { dateTime: formatDateTime } = useFormat();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setMessage({ ok: false, text: `${file.name} is larger than 5 MB; export fewer rules at a time.` });
      return;
    }
    setBusy(true);
    const result = await uploadAutomation(file.name, await file.text());
    setBusy(false);
    if (result.ok) {
      setMessage({ ok: true, text: `${result.data.rules} rule${result.data.rules === 1 ? '' : 's'} read from ${file.name}.${result.data.problems?.length ? ` ${result.data.problems.length} record(s) skipped: ${result.data.problems[0]}` : ''}` });
      onUploaded();
    } else setMessage({ ok: false, text: result.error.message });
  };
  return (
    <div data-testid="automation-upload">
      <p style={{ marginTop: 0, color: token('color.text.subtle') }}>
        {current ? `Last upload: ${current.fileName}, ${current.rules} rules, ${formatDateTime(current.uploadedAt)}.` : 'No automation export has been uploaded yet.'} In Jira, open Automation → ⋯ → Export rules, then choose the file here.
      </p>
      <Label htmlFor="automation-file">Automation export (JSON)</Label>
      <div>
        <input id="automation-file" type="file" accept=".json,application/json" disabled={busy} onChange={(e) => void onFile(e.currentTarget.files?.[0])} data-testid="automation-file" />
      </div>
      {message && (
        <div style={{ marginTop: token('space.100') }}>
          <SectionMessage appearance={message.ok ? 'success' : 'error'} testId="automation-upload-result">
            <p>{message.text}</p>
          </SectionMessage>
        </div>
      )}
    </div>
  );
}
