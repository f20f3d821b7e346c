// Inside After Effects the panel opens from disk (file://). A file:// page is an opaque origin that
// the companion refuses, so the panel reads companion.json from the data folder with Node (CEP's
// --enable-nodejs) and moves to the companion's own page, where every call is same-origin.
interface NodeRequire {
  (m: 'fs'): { readFileSync(p: string, enc: 'utf8'): string; existsSync(p: string): boolean };
  (m: 'os'): { homedir(): string; platform(): string };
  (m: 'path'): { join(...p: string[]): string };
}

/** Default data folders, as companion/src/config.ts picks them; CONFORM_DATA_DIR wins. */
function candidates(req: NodeRequire, env: Record<string, string | undefined>): string[] {
  const os = req('os');
  const path = req('path');
  const home = os.homedir();
  const list = env.CONFORM_DATA_DIR ? [env.CONFORM_DATA_DIR] : [];
  if (os.platform() === 'darwin') list.push(path.join(home, 'Library', 'Application Support', 'Conform'));
  if (os.platform() === 'win32') list.push(path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Conform'));
  list.push(path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'conform'));
  return list;
}

/** Returns an error sentence when it cannot move to the companion; navigates away otherwise. */
export function bootFromDisk(): string | null {
  if (location.protocol !== 'file:') return null;
  const g = globalThis as unknown as { require?: NodeRequire; process?: { env: Record<string, string | undefined> } };
  if (!g.require) return 'Node is not enabled for this panel, so it cannot find the companion. Open the link the companion printed instead.';
  const fs = g.require('fs');
  const path = g.require('path');
  for (const dir of candidates(g.require, g.process?.env ?? {})) {
    const file = path.join(dir, 'companion.json');
    if (!fs.existsSync(file)) continue;
    try {
      const c = JSON.parse(fs.readFileSync(file, 'utf8')) as { port?: number; token?: string };
      if (!c.port || !c.token) continue;
      location.replace(`http://127.0.0.1:${c.port}/#token=${encodeURIComponent(c.token)}`);
      return null;
    } catch {
      // unreadable or half-written: try the next folder
    }
  }
  return 'The companion is not running. Start it (npm start in the Conform folder), then reopen this panel.';
}
