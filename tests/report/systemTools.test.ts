import { inCI, systemToolsPresent } from '../helpers/systemTools';

// The LibreOffice render test decides with these whether to run; CI must fail, not skip, without the tools.
const noTools = { PATH: '/nonexistent' };

test('a missing tool skips on a developer machine and fails in CI, however CI is spelled', () => {
  expect(systemToolsPresent(['soffice'], { ...noTools })).toBe(false);
  expect(systemToolsPresent(['soffice'], { ...noTools, CI: 'false' })).toBe(false);
  for (const CI of ['true', '1', 'yes', 'TRUE']) {
    expect(() => systemToolsPresent(['soffice', 'pdftotext'], { ...noTools, CI })).toThrow('CI needs soffice, pdftotext on the PATH');
  }
  expect([undefined, '', '0', 'false'].map((CI) => inCI({ CI }))).toEqual([false, false, false, false]);
});

test('tools on the PATH are found', () => {
  expect(systemToolsPresent(['sh', 'ls'], { PATH: process.env.PATH, CI: 'true' })).toBe(true);
});
