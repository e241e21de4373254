/**
 * Saving an export as a file, and saying honestly whether the browser took it. Jira's Custom UI frame allows
 * downloads only when they start from the user's gesture ("allow-downloads: ... started via a user gesture"), and a
 * browser blocks a download that no click started without telling the page: so a download is only started while
 * the click that asked for it was the user's and still counts (navigator.userActivation), and otherwise reported as
 * not done, with a button whose own click saves the file.
 */
import type { ExportFile } from './api/types';

export type SaveOutcome = { started: true } | { started: false; reason: string };

interface ActivationNavigator {
  userActivation?: { isActive: boolean };
}

/**
 * `fromUserClick`: whether the click that asked for the file was the user's (a trusted event); a click made by a
 * script is no user gesture, and Jira's frame does not let it download.
 */
export function saveFile(file: ExportFile, doc: Document = document, nav: ActivationNavigator = navigator as ActivationNavigator, fromUserClick = true): SaveOutcome {
  if (!fromUserClick) return { started: false, reason: 'Your browser blocked the download: it saves a file only when your own click asks for it.' };
  if (nav.userActivation && !nav.userActivation.isActive) {
    return { started: false, reason: 'Your browser blocked the download: it only saves a file right after a click, and the export took longer than that.' };
  }
  let url: string | undefined;
  try {
    url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
    const link = doc.createElement('a');
    link.href = url;
    link.download = file.fileName;
    link.rel = 'noopener';
    link.hidden = true;
    doc.body.appendChild(link);
    link.click();
    link.remove();
  } catch (error) {
    return { started: false, reason: `The browser could not save the file: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    const made = url;
    if (made) setTimeout(() => URL.revokeObjectURL(made), 10_000);
  }
  return { started: true };
}
