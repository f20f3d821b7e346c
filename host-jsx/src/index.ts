// The host side of the panel: a handful of calls the panel makes through CSInterface.evalScript.
// ExtendScript is ES3 with no JSON and a global scope shared by every script AE runs, so this file
// defines exactly one global (`conformHost`), encodes its own results, and every call answers a
// string `{"ok":true,"data":…}` or `{"ok":false,"error":{message,line}}` that the panel parses.
// Built by scripts/build.mjs (esbuild transform to ES5 syntax, then an acorn ES3 parse gate).

(function () {
  var hex = '0123456789abcdef';

  function quote(s: string): string {
    var out = '"';
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c === 34) out += '\\"';
      else if (c === 92) out += '\\\\';
      else if (c >= 32 && c <= 126) out += s.charAt(i);
      else out += '\\u' + hex.charAt((c >> 12) & 15) + hex.charAt((c >> 8) & 15) + hex.charAt((c >> 4) & 15) + hex.charAt(c & 15);
    }
    return out + '"';
  }

  function encode(v: any): string {
    if (v === null || v === undefined) return 'null';
    var t = typeof v;
    if (t === 'string') return quote(v);
    if (t === 'number') return isFinite(v) ? String(v) : 'null';
    if (t === 'boolean') return v ? 'true' : 'false';
    var parts: string[] = [];
    if (v instanceof Array) {
      for (var i = 0; i < v.length; i++) parts.push(encode(v[i]));
      return '[' + parts.join(',') + ']';
    }
    for (var k in v) {
      if (v.hasOwnProperty(k) && typeof v[k] !== 'function') parts.push(quote(k) + ':' + encode(v[k]));
    }
    return '{' + parts.join(',') + '}';
  }

  function ok(data: any): string {
    return encode({ ok: true, data: data });
  }

  function fail(e: any): string {
    var message = e && e.message ? String(e.message) : String(e);
    return encode({ ok: false, error: { message: message, line: e && e.line ? e.line : null } });
  }

  function comps(): any[] {
    var list: any[] = [];
    var project = app.project;
    if (!project) return list;
    for (var i = 1; i <= project.numItems; i++) {
      var item = project.item(i);
      if (item instanceof CompItem) list.push({ id: item.id, name: item.name, width: item.width, height: item.height });
    }
    return list;
  }

  var host = {
    /** Which AE is on the other side: the panel shows it and checks it is 22 or later. */
    ping: function (): string {
      try {
        return ok({ app: 'AEFT', version: app.version, buildName: app.buildName });
      } catch (e) {
        return fail(e);
      }
    },

    /** The open project: whether applying a script would discard unsaved work. */
    projectInfo: function (): string {
      try {
        var project = app.project;
        var file = project && project.file ? project.file.fsName : null;
        return ok({ file: file, dirty: project ? (project as any).dirty === true : false, numItems: project ? project.numItems : 0, comps: comps() });
      } catch (e) {
        return fail(e);
      }
    },

    /** Installed fonts by PostScript name (AE 24+ has app.fonts; older versions cannot list them). */
    listFonts: function (): string {
      try {
        var anyApp = app as any;
        if (!anyApp.fonts || !anyApp.fonts.allFonts) return ok({ available: false, fonts: [] });
        var names: string[] = [];
        var groups = anyApp.fonts.allFonts;
        for (var g = 0; g < groups.length; g++) {
          for (var f = 0; f < groups[g].length; f++) names.push(groups[g][f].postScriptName);
        }
        return ok({ available: true, fonts: names });
      } catch (e) {
        return fail(e);
      }
    },

    /**
     * Runs a generated Conform script from the job's bundle folder, which the companion wrote on
     * this machine. $.evalFile gives the script its $.fileName, which is how it finds its template
     * and PNGs; the script returns its step report as a JSON string, handed back as it is.
     */
    applyScript: function (scriptPath: string): string {
      try {
        var file = new File(scriptPath);
        if (!file.exists) return fail({ message: 'No script at ' + scriptPath + ': generate the job again.' });
        var result = $.evalFile(file, 600000);
        return typeof result === 'string' ? result : fail({ message: 'The script returned no report.' });
      } catch (e) {
        return fail(e);
      }
    },
  };

  $.global.conformHost = host;
})();
