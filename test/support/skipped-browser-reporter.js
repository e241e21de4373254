/**
 * Jest reporter: when the browser suites (test/browser) were skipped because this machine has no Chromium, says so
 * in the last lines of the run, after jest's own summary (so on process exit: jest adds its summary reporter after
 * every custom one), so a green `npm test` cannot hide that the UI was never driven. The reason comes from the skipped describe's title, "<name> [skipped: <reason>]"
 * (test/browser/support.ts). Under CI=true those suites fail instead, so this prints nothing there.
 */
const path = require('node:path');

const BROWSER_DIR = `${path.sep}test${path.sep}browser${path.sep}`;
const SKIPPED_TITLE = /\[skipped: (.+)\]$/;

class SkippedBrowserReporter {
  constructor(globalConfig) {
    this.watching = Boolean(globalConfig.watch || globalConfig.watchAll);
  }

  onRunComplete(_contexts, results) {
    const reasons = new Set();
    const suites = [];
    let tests = 0;
    for (const suite of results.testResults) {
      if (!suite.testFilePath.includes(BROWSER_DIR)) continue;
      const skipped = suite.testResults.filter((test) => test.status === 'pending' && SKIPPED_TITLE.test(test.ancestorTitles[0] ?? ''));
      if (skipped.length === 0) continue;
      for (const test of skipped) reasons.add(SKIPPED_TITLE.exec(test.ancestorTitles[0])[1]);
      suites.push(path.relative(process.cwd(), suite.testFilePath));
      tests += skipped.length;
    }
    if (suites.length === 0) return;
    const yellow = process.stderr.isTTY ? (text) => `\u001b[33;1m${text}\u001b[0m` : (text) => text;
    const print = (text) => (this.watching ? process.stderr.write(text) : process.once('exit', () => process.stderr.write(text)));
    print(
      `\n${yellow(`Browser suites SKIPPED: ${[...reasons].join('; ')}`)}\n` +
        `  ${tests} tests in ${suites.length} suites did not run: ${suites.join(', ')}\n` +
        "  Install Chromium (apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH; with CI=true they fail instead.\n",
    );
  }
}

module.exports = SkippedBrowserReporter;
