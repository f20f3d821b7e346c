// The simulator is only worth its name if it refuses what After Effects refuses. Each rule here is
// one a generated script could get wrong; plus the built host code, run in the same sandbox.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { AEPX_CORPUS, REPO_ROOT } from '../helpers/corpus.js';
import { EDFORMAN } from '../helpers/flow.js';
import { tempDir } from '../helpers/server.js';
import { type Project, projectFromTemplate, runInAeSim } from './index.js';

const doc = extractTemplate(new Uint8Array(fs.readFileSync(path.join(AEPX_CORPUS, EDFORMAN))));
const dir = tempDir('conform-rules-');

/** Runs `body` (ES3) with the edforman project open; returns what it returned or the error it threw. */
function run(body: string, project: Project = projectFromTemplate(doc)): string {
  const file = path.join(dir, 'probe.jsx');
  fs.writeFileSync(file, `(function () { try { ${body} } catch (e) { return "threw: " + e.message; } })();`);
  return runInAeSim(file, { project }).returned;
}

const comp = 'var c = null; for (var i = 1; i <= app.project.numItems; i++) if (app.project.item(i) instanceof CompItem && app.project.item(i).name === "test-aep") c = app.project.item(i);';

describe('the ES3 sandbox', () => {
  it.each([
    ['JSON', 'return JSON.stringify(1);', /JSON is not defined/],
    ['Array.prototype.forEach', '[1].forEach(function () {}); return "ran";', /forEach is not a function/],
    ['Array.prototype.indexOf', 'return [1].indexOf(1);', /indexOf is not a function/],
    ['String.prototype.trim', 'return " a ".trim();', /trim is not a function/],
    ['Object.keys', 'return Object.keys({a: 1});', /keys is not a function/],
    ['Function.prototype.bind', 'return (function () {}).bind(null);', /bind is not a function/],
  ])('has no %s', (_name, body, error) => {
    expect(run(body)).toMatch(error);
  });
});

describe('After Effects rules', () => {
  it('collections are 1-based and refuse index 0', () => {
    expect(run('return String(app.project.item(0));')).toMatch(/threw: .*out of range/);
    expect(run(`${comp} return c.layer(1).name;`)).toBe('player1fullname');
    expect(run(`${comp} return c.layer(0).name;`)).toMatch(/threw: .*out of range/);
  });

  it('property() sees direct children only, by match name or display name', () => {
    expect(run(`${comp} return c.layer(1).property("ADBE Transform Group").property("ADBE Scale").value.length;`)).toBe('2');
    expect(run(`${comp} return c.layer(1).property("Transform").property("Scale").value[0];`)).toBe('100');
    expect(run(`${comp} return String(c.layer(1).property("ADBE Scale"));`)).toBe('null');
  });

  it('a TextDocument value is a copy; only setValue changes the layer', () => {
    const prop = `${comp} var p = c.layer(1).property("ADBE Text Properties").property("ADBE Text Document");`;
    expect(run(`${prop} var td = p.value; td.text = "changed"; return p.value.text;`)).toBe('player1fullname');
    expect(run(`${prop} var td = p.value; td.text = "changed"; p.setValue(td); return p.value.text;`)).toBe('changed');
    expect(run(`${prop} var td = p.value; td.fontSize = 5000; return "set";`)).toMatch(/threw: .*out of range/);
  });

  it('boxTextSize exists only on box text; fillColor only with applyFill', () => {
    const prop = `${comp} var td = c.layer(1).property("ADBE Text Properties").property("ADBE Text Document").value;`;
    expect(run(`${prop} return td.boxText ? "box" : td.boxTextSize[0];`)).toMatch(/threw: .*only box text/);
    expect(run(`${prop} td.applyFill = false; return td.fillColor[0];`)).toMatch(/threw: .*applyFill/);
  });

  it('setValue throws on a keyframed property', () => {
    const animated = structuredClone(doc);
    animated.comps.find((c) => c.name === 'test-aep')!.layers[0]!.animated = ['scale'];
    expect(run(`${comp} c.layer(1).property("ADBE Transform Group").property("ADBE Scale").setValue([50, 50]); return "set";`, projectFromTemplate(animated))).toMatch(/threw: .*keyframes/);
  });

  it('replaceSource keeps the transform and refuses text layers and non-items', () => {
    fs.writeFileSync(path.join(dir, 'tiny.png'), Buffer.from('89504e470d0a1a0a0000000d49484452000000030000000200000000', 'hex'));
    const imp = `var io = new ImportOptions(new File(${JSON.stringify(path.join(dir, 'tiny.png'))})); io.importAs = ImportAsType.FOOTAGE; var it = app.project.importFile(io);`;
    expect(run(`${comp} ${imp} var l = c.layer(5); var before = l.property("ADBE Transform Group").property("ADBE Scale").value[0]; l.replaceSource(it, false); return [l.width, l.height, l.property("ADBE Transform Group").property("ADBE Scale").value[0] === before].join(",");`)).toBe('3,2,true');
    expect(run(`${comp} ${imp} c.layer(1).replaceSource(it, false); return "replaced";`)).toMatch(/threw: .*text layer/);
    expect(run(`${comp} c.layer(5).replaceSource("x.png", false); return "replaced";`)).toMatch(/threw: .*AVItem/);
    expect(run(`var io = new ImportOptions(new File(${JSON.stringify(path.join(dir, 'missing.png'))})); app.project.importFile(io); return "imported";`)).toMatch(/threw: .*does not exist/);
  });

  it('undo groups must balance and open() cannot run inside one', () => {
    expect(run('app.endUndoGroup(); return "ended";')).toMatch(/threw: .*without beginUndoGroup/);
    expect(() => run('app.beginUndoGroup("x"); return "left open";')).toThrow(/undo group/);
    expect(run(`app.beginUndoGroup("x"); try { app.open(new File(${JSON.stringify(path.join(dir, 'probe.jsx'))})); } finally { app.endUndoGroup(); } return "opened";`)).toMatch(/threw: .*inside an undo group/);
  });

  it('save without a File would open a dialog', () => {
    expect(run('app.project.save(); return "saved";')).toMatch(/threw: .*Save dialog/);
  });
});

describe('the built host code', () => {
  const host = fs.readFileSync(path.join(REPO_ROOT, 'dist/host/host.jsx'), 'utf8');

  it('parses as ES3 and defines one global', () => {
    parse(host, { ecmaVersion: 3, allowReserved: 'never' });
    const file = path.join(dir, 'host.jsx');
    fs.writeFileSync(file, `${host}\nconformHost.ping();`);
    const r = runInAeSim(file, { project: projectFromTemplate(doc) });
    expect(JSON.parse(r.returned)).toEqual({ ok: true, data: { app: 'AEFT', version: '22.0x32', buildName: null } });
    expect(r.leakedGlobals).toEqual(['conformHost']); // its one namespace, nothing else
  });

  it('projectInfo lists comps and applyScript reports a missing script as an error', () => {
    const file = path.join(dir, 'host.jsx');
    fs.writeFileSync(file, `${host}\n$.global.conformHost.projectInfo() + "\\n" + $.global.conformHost.applyScript("/nowhere/x.jsx");`);
    const [info, apply] = runInAeSim(file, { project: projectFromTemplate(doc) }).returned.split('\n');
    expect(JSON.parse(info!).data.comps.map((c: { name: string }) => c.name)).toContain('test-aep');
    expect(JSON.parse(apply!)).toEqual({ ok: false, error: { message: 'No script at /nowhere/x.jsx: generate the job again.', line: null } });
  });
});
