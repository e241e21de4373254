import { expect, it, vi } from 'vitest';
import { saveFile } from './download';

const file = { fileName: 'securityv0-findings-2026-11-20.csv', mimeType: 'text/csv;charset=utf-8', content: '\uFEFF"id"\r\n', records: 0 };

it('does not start a download the browser would block (no click still counts), and says so', () => {
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click');
  const outcome = saveFile(file, document, { userActivation: { isActive: false } });
  expect(outcome).toEqual({ started: false, reason: expect.stringContaining('Your browser blocked the download') });
  expect(click).not.toHaveBeenCalled();
  click.mockRestore();
});

it('starts a download right after a click, with the file name', () => {
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    expect(this.download).toBe('securityv0-findings-2026-11-20.csv');
  });
  expect(saveFile(file, document, { userActivation: { isActive: true } })).toEqual({ started: true });
  expect(click).toHaveBeenCalledTimes(1);
  click.mockRestore();
});

it('does not start a download that a script’s click asked for', () => {
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click');
  expect(saveFile(file, document, { userActivation: { isActive: true } }, false)).toEqual({ started: false, reason: expect.stringContaining('only when your own click asks for it') });
  expect(click).not.toHaveBeenCalled();
  click.mockRestore();
});
