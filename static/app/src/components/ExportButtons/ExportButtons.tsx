/**
 * Download buttons for one export: CSV and JSON. A file the browser would not save is reported as not saved, with a
 * button to save it by a click of its own; a file it did take is reported as started, never as "saved" (only the
 * browser knows where it went).
 */
import { useState } from 'react';
import Button from '@atlaskit/button/new';
import { Inline, Stack } from '@atlaskit/primitives';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import type { Envelope, ExportFile } from '../../api/types';
import { saveFile, type SaveOutcome } from '../../download';
import { useFormat } from '../../format';

type Outcome = { kind: 'started'; file: ExportFile } | { kind: 'blocked'; file: ExportFile; reason: string } | { kind: 'refused'; message: string };

const saveFromClick = (file: ExportFile, fromUserClick: boolean) => saveFile(file, document, navigator, fromUserClick);

export function ExportButtons({ id, run, noun, save = saveFromClick, labelPrefix = 'Download' }: {
  id: string;
  run: (format: 'csv' | 'json') => Promise<Envelope<ExportFile>>;
  /** What a record is, for the message: "finding", "row". */
  noun: string;
  save?: (file: ExportFile, fromUserClick: boolean) => SaveOutcome;
  labelPrefix?: string;
}) {
  const fmt = useFormat();
  const [busy, setBusy] = useState<'csv' | 'json' | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const start = async (format: 'csv' | 'json', fromUserClick: boolean) => {
    setBusy(format);
    setOutcome(null);
    const result = await run(format);
    setBusy(null);
    if (!result.ok) return setOutcome({ kind: 'refused', message: result.error.message });
    const saved = save(result.data, fromUserClick);
    setOutcome(saved.started ? { kind: 'started', file: result.data } : { kind: 'blocked', file: result.data, reason: saved.reason });
  };
  const saveAgain = (file: ExportFile, fromUserClick: boolean) => {
    const saved = save(file, fromUserClick);
    setOutcome(saved.started ? { kind: 'started', file } : { kind: 'blocked', file, reason: saved.reason });
  };
  const count = (file: ExportFile) => `${fmt.number(file.records)} ${noun}${file.records === 1 ? '' : 's'}`;
  return (
    <Stack space="space.100">
      <Inline space="space.100">
        {(['csv', 'json'] as const).map((format) => (
          <Button key={format} onClick={(event) => void start(format, event.nativeEvent.isTrusted !== false)} isLoading={busy === format} testId={`export-${id}-${format}`}>
            {`${labelPrefix} ${format.toUpperCase()}`}
          </Button>
        ))}
      </Inline>
      {outcome?.kind === 'started' && (
        <SectionMessage appearance="success" testId="export-result">
          <p>{`Your browser is saving ${outcome.file.fileName} (${count(outcome.file)}).`}</p>
        </SectionMessage>
      )}
      {outcome?.kind === 'blocked' && (
        <SectionMessage
          appearance="warning"
          title={`${outcome.file.fileName} was not saved`}
          testId="export-result"
          actions={[
            <SectionMessageAction key="save" onClick={(event) => saveAgain(outcome.file, event.nativeEvent.isTrusted !== false)} testId="export-save-again">
              {`Save ${outcome.file.fileName}`}
            </SectionMessageAction>,
          ]}
        >
          <p data-testid="export-failed" data-file={outcome.file.fileName}>
            {outcome.reason}
          </p>
        </SectionMessage>
      )}
      {outcome?.kind === 'refused' && (
        <SectionMessage appearance="error" testId="export-result">
          <p>{outcome.message}</p>
        </SectionMessage>
      )}
    </Stack>
  );
}
