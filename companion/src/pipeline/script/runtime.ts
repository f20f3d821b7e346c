// The fixed part of every generated script: reviewed ES3, the same for every job. It runs inside the
// generator's IIFE, after `var P = {...};`, and reads nothing but P, so user text never reaches a code
// position. ES3 means: no JSON, no Array.prototype.forEach/indexOf, no String.prototype.trim, no
// Object.keys (research/cep.md §2.1); tests/ae-sim runs it with those removed.
//
// Order follows AE's rules (cep.md §2.5–2.6): dialogs suppressed first, the template opened before the
// undo group (app.open replaces the undo stack), the undo group closed in `finally`, Save As with an
// explicit File so AE never prompts. Each slot is its own try/catch: one bad slot is reported, the
// rest still fill. The completion value is the JSON report, which evalScript hands to the panel.
export const RUNTIME = String.raw`
var report = { job: P.job, mode: P.mode, ok: false, output: null, log: null, steps: [], warnings: [] };
var HEX = "0123456789abcdef";

function quote(s) {
  var out = "\"";
  for (var i = 0; i < s.length; i++) {
    var c = s.charCodeAt(i);
    if (c === 34) out += "\\\"";
    else if (c === 92) out += "\\\\";
    else if (c >= 32 && c <= 126) out += s.charAt(i);
    else out += "\\u" + HEX.charAt((c >> 12) & 15) + HEX.charAt((c >> 8) & 15) + HEX.charAt((c >> 4) & 15) + HEX.charAt(c & 15);
  }
  return out + "\"";
}

function enc(v) {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return quote(v);
  if (typeof v === "number") return isFinite(v) ? String(v) : "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  var parts = [];
  if (v instanceof Array) {
    for (var i = 0; i < v.length; i++) parts.push(enc(v[i]));
    return "[" + parts.join(",") + "]";
  }
  for (var k in v) if (v.hasOwnProperty(k)) parts.push(quote(k) + ":" + enc(v[k]));
  return "{" + parts.join(",") + "}";
}

function errText(e) {
  var m = e && e.message ? String(e.message) : String(e);
  return e && e.line ? m + " (line " + e.line + ")" : m;
}

function step(name, status, reason) {
  report.steps.push({ step: name, status: status, reason: reason || "" });
}

function warn(text) {
  report.warnings.push(text);
}

var scriptFile = new File($.fileName);
var home = scriptFile.parent;

function local(rel) {
  return new File(home.fsName + "/" + rel);
}

// Never overwrite: "x.aep", then "x 2.aep", "x 3.aep" and so on
function freshName(rel) {
  if (!local(rel).exists) return rel;
  var dot = rel.lastIndexOf(".");
  var stem = dot > 0 ? rel.substring(0, dot) : rel;
  var ext = dot > 0 ? rel.substring(dot) : "";
  for (var n = 2; n < 1000; n++) {
    if (!local(stem + " " + n + ext).exists) return stem + " " + n + ext;
  }
  throw new Error("no free file name for " + rel);
}

function openTemplate() {
  var f = local(P.template);
  if (!f.exists) throw new Error("the template copy " + P.template + " is not next to the script");
  if (app.project && app.project.dirty) throw new Error("the open project has unsaved changes: save or close it, then run the script again");
  var project = app.open(f);
  if (!project) throw new Error("After Effects did not open " + P.template);
  step("open template", "done", P.template);
}

function findComp(id, name) {
  var byName = null, named = 0;
  for (var i = 1; i <= app.project.numItems; i++) {
    var it = app.project.item(i);
    if (!(it instanceof CompItem)) continue;
    if (it.id === id && it.name === name) return it;
    if (it.name === name) { byName = it; named++; }
  }
  if (named === 1) {
    warn("comp \"" + name + "\" was found by name: its id is not " + id);
    return byName;
  }
  throw new Error(named ? "comp \"" + name + "\" is ambiguous: " + named + " comps have that name" : "no comp \"" + name + "\" (id " + id + ") in the project");
}

function layerIn(comp, index, name) {
  if (index >= 1 && index <= comp.numLayers) {
    var l = comp.layer(index);
    if (l.name === name) return l;
  }
  for (var i = 1; i <= comp.numLayers; i++) {
    if (comp.layer(i).name === name) {
      warn("layer \"" + name + "\" is at index " + i + " in \"" + comp.name + "\", not " + index);
      return comp.layer(i);
    }
  }
  throw new Error("no layer \"" + name + "\" in comp \"" + comp.name + "\"");
}

// The slot's layer: down the precomp chain from the target comp, then the layer itself.
function slotLayer(target, s) {
  var comp = target;
  for (var i = 0; i < s.via.length; i++) {
    var hop = s.via[i];
    var holder = layerIn(comp, hop.layerIndex, hop.layerName);
    if (!(holder.source instanceof CompItem)) throw new Error("layer \"" + holder.name + "\" in \"" + comp.name + "\" is no longer a precomp");
    comp = holder.source;
  }
  return layerIn(comp, s.layerIndex, s.layerName);
}

function importAssets() {
  var items = [];
  if (!P.assets.length) return items;
  var folder = app.project.items.addFolder("Conform - " + P.job);
  for (var i = 0; i < P.assets.length; i++) {
    var a = P.assets[i];
    items.push(null);
    try {
      var f = local(a.file);
      if (!f.exists) throw new Error("missing from the bundle");
      var io = new ImportOptions(f);
      if (!io.canImportAs(ImportAsType.FOOTAGE)) throw new Error("After Effects cannot import it as footage");
      io.importAs = ImportAsType.FOOTAGE;
      var item = app.project.importFile(io);
      item.parentFolder = folder;
      items[i] = item;
      step("import " + a.file, "done", item.width + "x" + item.height);
    } catch (e) {
      step("import " + a.file, "failed", errText(e));
    }
  }
  return items;
}

function keyed(prop) {
  return prop.numKeys > 0;
}

// Same rule as shared/fit.ts: scale factors that put a w x h source into a bw x bh box.
function fitFactors(w, h, bw, bh, mode) {
  var rx = bw / w, ry = bh / h;
  if (mode === "stretch") return [rx, ry];
  var s = mode === "cover" ? Math.max(rx, ry) : Math.min(rx, ry);
  return [s, s];
}

function withArity(values, like) {
  return like.length > 2 ? [values[0], values[1], like[2]] : [values[0], values[1]];
}

function fillImage(s, layer, item) {
  if (!(layer instanceof AVLayer)) throw new Error("layer \"" + layer.name + "\" cannot take footage");
  if (!item) throw new Error("its image was not imported");
  var tr = layer.property("ADBE Transform Group");
  var anchor = tr.property("ADBE Anchor Point"), position = tr.property("ADBE Position"), scale = tr.property("ADBE Scale");
  var rotation = tr.property("ADBE Rotate Z");
  // The box the old source filled, in the layer's parent space, and its centre.
  var a = anchor.value, p = position.value, k = scale.value;
  var sx = k[0] / 100, sy = k[1] / 100;
  var w0 = layer.width, h0 = layer.height;
  var rad = (rotation ? rotation.value : 0) * Math.PI / 180;
  var dx = (w0 / 2 - a[0]) * sx, dy = (h0 / 2 - a[1]) * sy;
  var cx = p[0] + dx * Math.cos(rad) - dy * Math.sin(rad);
  var cy = p[1] + dx * Math.sin(rad) + dy * Math.cos(rad);
  var bw = w0 * Math.abs(sx), bh = h0 * Math.abs(sy);

  layer.replaceSource(item, false);
  step("replace " + s.label, "done", P.assets[s.asset].file);

  var still = [];
  if (keyed(anchor)) still.push("Anchor Point");
  if (keyed(position)) still.push("Position");
  if (keyed(scale)) still.push("Scale");
  if (position.dimensionsSeparated) still.push("Position (separate dimensions)");
  if (still.length) {
    warn(s.label + ": " + still.join(", ") + " animated; the template's animation was kept and the image not re-fitted");
    step("fit " + s.label, "skipped", still.join(", ") + " keyframed or separated: kept the template's animation");
    return;
  }
  var f = fitFactors(item.width, item.height, bw, bh, s.fit);
  anchor.setValue(withArity([item.width / 2, item.height / 2], a));
  scale.setValue(withArity([(sx < 0 ? -1 : 1) * f[0] * 100, (sy < 0 ? -1 : 1) * f[1] * 100], k));
  position.setValue(withArity([cx, cy], p));
  step("fit " + s.label, "done", s.fit + " " + Math.round(f[0] * 1000) / 10 + "%");
}

// The room the template gives its text: the paragraph box, or what its own point text takes.
function roomOf(layer, td) {
  if (td.boxText) return { w: td.boxTextSize[0], h: td.boxTextSize[1], box: true };
  var r = layer.sourceRectAtTime(0, false);
  return { w: Math.max(r.width, 3 * td.fontSize), h: Math.max(r.height, 1.2 * td.fontSize), box: false };
}

function fits(layer, room) {
  var r = layer.sourceRectAtTime(0, false);
  return r.height <= room.h + 0.5 && (room.box || r.width <= room.w + 0.5);
}

function autofit(s, layer, prop, room) {
  var start = prop.value.fontSize, n = 0;
  while (!fits(layer, room) && n < 60) {
    var td = prop.value;
    if (td.fontSize <= P.minFontSize) break;
    td.fontSize = Math.max(P.minFontSize, Math.round(td.fontSize * 95) / 100);
    prop.setValue(td);
    n++;
  }
  var end = prop.value.fontSize;
  if (!fits(layer, room)) step("autofit " + s.label, "failed", "still overflows at " + end + " px (started at " + start + " px)");
  else if (n) step("autofit " + s.label, "done", "font size " + start + " -> " + end + " px");
  else step("autofit " + s.label, "skipped", "the text fits");
}

function fillText(s, layer) {
  if (!(layer instanceof TextLayer)) throw new Error("layer \"" + layer.name + "\" is not a text layer");
  var prop = layer.property("ADBE Text Properties").property("ADBE Text Document");
  if (keyed(prop)) {
    warn(s.label + ": Source Text is keyframed; the template's text was kept");
    step("text " + s.label, "skipped", "Source Text is keyframed");
    return;
  }
  var room = s.autofit ? roomOf(layer, prop.value) : null;
  var td = prop.value;
  td.text = s.text;
  if (s.style) {
    if (s.style.font) td.font = s.style.font;
    if (s.style.fontSize) td.fontSize = Math.min(1296, Math.max(0.1, s.style.fontSize));
    if (s.style.fillColor) td.fillColor = s.style.fillColor;
  }
  prop.setValue(td);
  step("text " + s.label, "done", s.style ? "with the design's font, size and colour" : "with the template's style");
  if (room) autofit(s, layer, prop, room);
}

function queue(comp) {
  var rq = app.project.renderQueue.items.add(comp);
  var om = rq.outputModule(1);
  om.file = local(P.render);
  step("render queue", "done", P.render);
}

function writeLog(rel) {
  var f = local(rel);
  f.encoding = "UTF-8";
  if (!f.open("w")) throw new Error("cannot write " + rel);
  f.write(enc(report));
  f.close();
  report.log = f.fsName;
}

var suppressed = false, grouped = false, failed = false, outName = null;
try {
  app.beginSuppressDialogs();
  suppressed = true;
  if (P.mode === "open-template") openTemplate();
  var target = findComp(P.comp.id, P.comp.name);
  app.beginUndoGroup("Conform: " + P.job);
  grouped = true;
  var imported = importAssets();
  for (var i = 0; i < P.slots.length; i++) {
    var s = P.slots[i];
    try {
      var layer = slotLayer(target, s);
      if (s.kind === "text") fillText(s, layer);
      else fillImage(s, layer, imported[s.asset]);
    } catch (e) {
      step((s.kind === "text" ? "text " : "replace ") + s.label, "failed", errText(e));
    }
  }
  app.endUndoGroup();
  grouped = false;
  if (P.renderQueue) queue(target);
  if (P.mode === "open-template") {
    outName = freshName(P.output);
    var out = local(outName);
    app.project.save(out);
    report.output = out.fsName;
    step("save", "done", outName);
  }
} catch (e) {
  step("run", "failed", errText(e));
} finally {
  if (grouped) app.endUndoGroup();
  if (suppressed) app.endSuppressDialogs(false);
}
for (var j = 0; j < report.steps.length; j++) if (report.steps[j].status === "failed") failed = true;
report.ok = !failed;
try {
  writeLog(outName ? outName.replace(/\.aep$/, "") + ".log.json" : P.log);
} catch (e) {
  report.warnings.push("log not written: " + errText(e));
}
return enc(report);
`;
