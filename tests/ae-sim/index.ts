// runInAeSim: runs a generated script the way After Effects would run it from File > Scripts, in
// an ES3-poor sandbox, with `app.open` loading projects through the product's own template reader.
// Returns the script's completion value (what evalScript hands the panel) and the simulated app,
// so tests assert on the project state afterwards.
import fs from 'node:fs';
import path from 'node:path';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import * as dom from './dom.js';
import { contextArray, es3Context, runScript } from './sandbox.js';

export interface StepReport {
  step: string;
  status: 'done' | 'skipped' | 'failed';
  reason: string;
}

export interface ScriptReport {
  job: string;
  mode: string;
  ok: boolean;
  output: string | null;
  log: string | null;
  steps: StepReport[];
  warnings: string[];
}

export class SimApp {
  project: dom.Project;
  readonly version = '22.0x32';
  readonly opened: string[] = [];
  undoDepth = 0;
  suppressed = false;
  readonly log: string[] = [];

  constructor(project?: dom.Project) {
    this.project = project ?? new dom.Project();
  }

  /** A dialog AE would show: fails unless dialogs are suppressed, like a blocked automation run. */
  private modal(what: string): never {
    throw new Error(this.suppressed ? `${what} (dialogs suppressed)` : `${what}: a modal dialog would block After Effects`);
  }

  open(file: unknown): dom.Project | null {
    if (!(file instanceof dom.SimFile)) return this.modal('app.open() without a File opens a file dialog');
    if (this.undoDepth > 0) throw new Error('app.open inside an undo group: open the project before beginUndoGroup');
    if (this.project.dirty) return this.modal('the open project has unsaved changes: After Effects would ask to save them');
    if (!file.exists) throw new Error(`app.open: ${file.fsName} does not exist`);
    const doc = extractTemplate(new Uint8Array(fs.readFileSync(file.fsName)));
    this.project = dom.projectFromTemplate(doc);
    this.project.file = file;
    this.opened.push(file.fsName);
    return this.project;
  }
  beginUndoGroup(name: unknown): void {
    if (typeof name !== 'string') throw new Error('app.beginUndoGroup needs a name');
    this.undoDepth++;
  }
  endUndoGroup(): void {
    if (this.undoDepth === 0) throw new Error('app.endUndoGroup without beginUndoGroup');
    this.undoDepth--;
  }
  beginSuppressDialogs(): void {
    this.suppressed = true;
  }
  endSuppressDialogs(alert: unknown): void {
    if (typeof alert !== 'boolean') throw new Error('app.endSuppressDialogs(alert) needs a boolean');
    this.suppressed = false;
  }
  quit(): void {
    throw new Error('app.quit() was called');
  }
}

export interface SimRun {
  /** The completion value, stringified as evalScript does. */
  returned: string;
  report: ScriptReport;
  app: SimApp;
  /** Names the script left in the global scope (must be empty: AE shares one global scope). */
  leakedGlobals: string[];
}

/** Runs the script file at `scriptPath`; `project` is the one already open (current-project mode). */
export function runInAeSim(scriptPath: string, opts: { project?: dom.Project; templateFile?: string } = {}): SimRun {
  const source = fs.readFileSync(scriptPath, 'latin1');
  if (/[^\x00-\x7f]/.test(source)) throw new Error(`${scriptPath}: contains non-ASCII bytes`);
  let project = opts.project;
  if (!project && opts.templateFile) project = dom.projectFromTemplate(extractTemplate(new Uint8Array(fs.readFileSync(opts.templateFile))));
  const app = new SimApp(project);
  const ctx = es3Context({});
  dom.useArrays(contextArray(ctx));
  const globals: Record<string, unknown> = {
    app,
    $: { fileName: path.resolve(scriptPath), writeln: (s: unknown) => app.log.push(String(s)), global: ctx, error: null },
    File: dom.SimFile,
    Folder: dom.SimFolder,
    ImportOptions: dom.ImportOptions,
    ImportAsType: dom.ImportAsType,
    CloseOptions: dom.CloseOptions,
    ParagraphJustification: dom.ParagraphJustification,
    TextDocument: dom.TextDocument,
    Item: dom.Item,
    AVItem: dom.AVItem,
    CompItem: dom.CompItem,
    FootageItem: dom.FootageItem,
    FolderItem: dom.FolderItem,
    Layer: dom.Layer,
    AVLayer: dom.AVLayer,
    TextLayer: dom.TextLayer,
    ShapeLayer: dom.ShapeLayer,
    CameraLayer: dom.CameraLayer,
    LightLayer: dom.LightLayer,
    alert: (s: unknown) => {
      throw new Error(`alert("${String(s)}") would block After Effects`);
    },
  };
  Object.assign(ctx, globals);
  const before = new Set(Object.getOwnPropertyNames(ctx));
  const value = runScript(ctx, source, scriptPath);
  const leakedGlobals = Object.getOwnPropertyNames(ctx).filter((k) => !before.has(k));
  if (app.undoDepth !== 0) throw new Error(`the script left ${app.undoDepth} undo group(s) open`);
  if (app.suppressed) throw new Error('the script left dialogs suppressed');
  const returned = String(value);
  return {
    returned,
    // parsed on use: probes that return plain strings have no report
    get report() {
      return JSON.parse(returned) as ScriptReport;
    },
    app,
    leakedGlobals,
  };
}

export * from './dom.js';
