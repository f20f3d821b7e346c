// Bad input is exit 2 with one readable line on stderr, before any job runs; plus the small pieces
// (globs, names, CSV) that decide what a run reads and where it writes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { globToRegExp, expandInputs } from '../../companion/src/cli/run/inputs.js';
import { parseCsv } from '../../companion/src/cli/run/manifest.js';
import { bundleDirFor, uniqueJobNames } from '../../companion/src/cli/run/names.js';
import { AEPX_CORPUS } from '../helpers/corpus.js';
import { tempDir } from '../helpers/server.js';
import { MANIFEST, cli, designFolder, pairPsd, templatePath } from './run-helpers.js';

const C = MANIFEST.cases[0]!;

async function expectBadInput(argv: string[], pattern: RegExp, cwd?: string) {
  const r = await cli(argv, { cwd });
  expect(r.code).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^conform run: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stdout).toBe('');
  return r;
}

describe('conform run: bad input exits 2 with one line', () => {
  const out = () => path.join(tempDir('conform-run-'), 'out');

  it('missing --template', async () => {
    const o = out();
    await expectBadInput(['--out', o, pairPsd(C)], /--template is required/);
    expect(fs.existsSync(o)).toBe(false);
  });

  it('missing --out, nonexistent template, nonexistent input, empty folder, glob matching nothing', async () => {
    await expectBadInput(['--template', templatePath(C), pairPsd(C)], /--out is required/);
    await expectBadInput(['--template', path.join(AEPX_CORPUS, 'nope.aepx'), '--out', out(), pairPsd(C)], /--template .*nope\.aepx: no such file/);
    await expectBadInput(['--template', templatePath(C), '--out', out(), '/no/such/design.psd'], /\/no\/such\/design\.psd: no such file or folder/);
    await expectBadInput(['--template', templatePath(C), '--out', out(), tempDir('conform-empty-')], /no \.psd or \.psb files in this folder/);
    await expectBadInput(['--template', templatePath(C), '--out', out(), `${tempDir('conform-empty-')}/*.psd`], /no files match/);
  });

  it('bad flags: unknown option, bad --fit, --min-confidence out of range, short --override-reason, unknown --comp, not a template', async () => {
    const base = ['--template', templatePath(C), '--out', out(), pairPsd(C)];
    await expectBadInput([...base, '--frobnicate'], /unknown option --frobnicate/);
    await expectBadInput([...base, '--fit', 'zoom'], /--fit must be contain, cover or stretch/);
    await expectBadInput([...base, '--min-confidence', '1.5'], /--min-confidence must be a number from 0 to 1/);
    await expectBadInput([...base, '--override-reason', 'ok'], /at least 10 characters/);
    await expectBadInput([...base, '--comp', 'No Such Comp'], /has no composition "No Such Comp"/);
    await expectBadInput(['--template', pairPsd(C), '--out', out(), pairPsd(C)], /not an After Effects project/);
  });

  it('a bad manifest row is reported as "batch.csv line N: …"', async () => {
    const dir = tempDir('conform-manifest-');
    const psd = path.join(designFolder([C]), `${C.case}.psd`);
    const write = (rows: string[]) => {
      fs.writeFileSync(path.join(dir, 'batch.csv'), rows.join('\n'));
      return path.join(dir, 'batch.csv');
    };
    const good = `${psd},${templatePath(C)},${C.comp}`;
    await expectBadInput(['--manifest', write(['psd,template,comp,fit', `${good},cover`, `${good},cover`, `${good},zoom`]), '--out', out()], /^conform run: batch\.csv line 4: fit: must be contain, cover or stretch$/);
    await expectBadInput(['--manifest', write(['psd,template,comp', good, `${dir}/missing.psd,${templatePath(C)},`]), '--out', out()], /batch\.csv line 3: psd .*missing\.psd: no such file or folder/);
    await expectBadInput(['--manifest', write(['psd,template,min_confidence', `${psd},${templatePath(C)},2`]), '--out', out()], /batch\.csv line 2: min_confidence: must be a number from 0 to 1/);
    await expectBadInput(['--manifest', write(['psd,template,colour', `${psd},${templatePath(C)},red`]), '--out', out()], /batch\.csv line 1: unknown column "colour"/);
    await expectBadInput(['--manifest', write(['psd,comp', `${psd},x`]), '--out', out()], /batch\.csv line 2: template: missing/);
    // Relative paths are the manifest's folder's; a quoted cell may hold commas.
    fs.copyFileSync(templatePath(C), path.join(dir, 'tpl.aepx'));
    fs.copyFileSync(psd, path.join(dir, 'a,b.psd'));
    await expectBadInput(['--manifest', write(['psd,template,override_reason', '"a,b.psd",tpl.aepx,short']), '--out', out()], /batch\.csv line 2: override_reason: must be at least 10 characters/);
    fs.writeFileSync(path.join(dir, 'batch.json'), JSON.stringify([{ psd: 'a,b.psd', template: 'tpl.aepx' }, { psd: 'a,b.psd', template: 'tpl.aepx', approve: 'perhaps' }]));
    await expectBadInput(['--manifest', path.join(dir, 'batch.json'), '--out', out()], /batch\.json item 2: approve: must be true or false/);
  });
});

describe('conform run: inputs, names and CSV', () => {
  it('globs: *, ?, **, [..] and {a,b}', () => {
    expect(globToRegExp('*.psd').test('a.psd')).toBe(true);
    expect(globToRegExp('*.psd').test('x/a.psd')).toBe(false);
    expect(globToRegExp('**/*.psd').test('a.psd')).toBe(true);
    expect(globToRegExp('**/*.psd').test('x/y/a.psd')).toBe(true);
    expect(globToRegExp('p00?/design.psd').test('p001/design.psd')).toBe(true);
    expect(globToRegExp('p[01]*.{psd,psb}').test('p1x.psb')).toBe(true);
    expect(globToRegExp('p[01]*.{psd,psb}').test('p2x.psb')).toBe(false);
    expect(globToRegExp('a+b(1).psd').test('a+b(1).psd')).toBe(true);
  });

  it('folders are searched recursively for .psd/.psb, sorted, each file once', () => {
    const root = tempDir('conform-in-');
    fs.mkdirSync(path.join(root, 'sub'));
    fs.mkdirSync(path.join(root, '.hidden'));
    for (const f of ['b.psd', 'a.PSB', 'notes.txt', 'sub/c.psd', '.hidden/d.psd']) fs.writeFileSync(path.join(root, f), '8BPS');
    const files = expandInputs(root, ['.', 'b.psd']);
    expect(files.map((f) => path.relative(root, f))).toEqual(['a.PSB', 'b.psd', path.join('sub', 'c.psd')]);
  });

  it('job names are unique and their folders stay inside --out', () => {
    expect(uniqueJobNames(['/x/p001/design.psd', '/x/p002/design.psd', '/y/p001/design.psd', '/z/solo.psd'])).toEqual(['p001-design', 'p002-design', 'p001-design-2', 'solo']);
    expect(uniqueJobNames(['/a/Logo.psd', '/b/logo.psd'])).toEqual(['a-Logo', 'b-logo']);
    const out = tempDir('conform-out-');
    for (const hostile of ['../../etc/passwd', '..', '.conform', 'a/b', 'C:\\x', '\u0000', 'é']) {
      const dir = bundleDirFor(out, hostile);
      expect(path.dirname(dir)).toBe(out);
      expect(path.basename(dir)).not.toMatch(/^\.|[\\/]/);
    }
    // A folder of the user's that is not a bundle is never reused.
    fs.mkdirSync(path.join(out, 'solo'));
    expect(uniqueJobNames(['/z/solo.psd'], (safe) => fs.existsSync(path.join(out, safe)))).toEqual(['solo-2']);
  });

  it('CSV: quotes, doubled quotes, CRLF, blank lines, line numbers of the record start', () => {
    const rows = parseCsv('psd,comp\r\n"a,b.psd","say ""hi"""\r\n\r\n"multi\nline.psd",x\nlast.psd,\n');
    expect(rows).toEqual([
      { line: 1, cells: ['psd', 'comp'] },
      { line: 2, cells: ['a,b.psd', 'say "hi"'] },
      { line: 4, cells: ['multi\nline.psd', 'x'] },
      { line: 6, cells: ['last.psd', ''] },
    ]);
  });
});
