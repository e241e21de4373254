import { fireEvent, render, screen } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import { AutomationUpload } from './AutomationUpload';

const uploadAutomation = vi.fn();
vi.mock('../../api/uploadAutomation', () => ({ uploadAutomation: (name: string, text: string) => uploadAutomation(name, text) }));

it('reads the chosen file in the browser and sends its text', async () => {
  uploadAutomation.mockResolvedValue({ ok: true, data: { rules: 5, uploadedAt: '2026-11-23T08:00:00Z' } });
  const onUploaded = vi.fn();
  render(<AutomationUpload current={null} onUploaded={onUploaded} />);
  const file = new File(['{"rules":[]}'], 'automation-rules.json', { type: 'application/json' });
  fireEvent.change(screen.getByTestId('automation-file'), { target: { files: [file] } });
  expect((await screen.findByTestId('automation-upload-result')).textContent).toContain('5 rules read from automation-rules.json');
  expect(uploadAutomation).toHaveBeenCalledWith('automation-rules.json', '{"rules":[]}');
  expect(onUploaded).toHaveBeenCalled();
});

it('shows the resolver refusal', async () => {
  uploadAutomation.mockResolvedValue({ ok: false, error: { code: 'INVALID_INPUT', message: 'x.json holds no automation rule' } });
  render(<AutomationUpload current={null} onUploaded={() => undefined} />);
  fireEvent.change(screen.getByTestId('automation-file'), { target: { files: [new File(['{}'], 'x.json')] } });
  expect((await screen.findByTestId('automation-upload-result')).textContent).toContain('holds no automation rule');
});
