/** CSV cells never start a spreadsheet formula, however the formula is dressed (CWE-1236). */
import { csvCell } from '../../src/use-cases/exports';

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://x")'],
    ['+1+cmd|/C calc!A0'],
    ['-2+3'],
    ['@SUM(A1)'],
    ['\t=1'],
    ['\r=1'],
    ['\n=1'],
    ['   =1'],
    ['\n\n+1'],
    ['\u00a0=1'],
    ['＝HYPERLINK("x")'],
    ['＋1'],
    ['－1'],
    ['＠SUM(A1)'],
  ])('neutralises %j', (value) => {
    expect(csvCell(value).startsWith(`"'`)).toBe(true);
  });

  it('quotes ordinary text and doubles quotes', () => {
    expect(csvCell('Sync "Deal" Issues')).toBe('"Sync ""Deal"" Issues"');
    expect(csvCell(['a', 'b'])).toBe('"a; b"');
    expect(csvCell(undefined)).toBe('""');
  });
});
