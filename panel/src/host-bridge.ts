// After Effects through CEP: window.__adobe_cep__ exists only inside a CEP panel. Every host call
// answers a JSON string (host-jsx/src/index.ts); arguments go through the one ES3 escaper.
import { es3String } from '../../shared/es3.js';

interface Cep {
  evalScript(script: string, callback: (result: string) => void): void;
}

const cep = (): Cep | null => ((window as unknown as { __adobe_cep__?: Cep }).__adobe_cep__ ?? null);

export const hasHostBridge = () => cep() !== null;

export class HostError extends Error {}

function evalScript(script: string): Promise<string> {
  const c = cep();
  if (!c) return Promise.reject(new HostError('After Effects is not connected: this page is open outside the Conform panel.'));
  return new Promise((resolve) => c.evalScript(script, resolve));
}

/** Parses a host answer: {ok:true,data} gives data; {ok:false,error} and EvalScript errors throw. */
export function parseHostAnswer<T>(raw: string): T {
  let parsed: { ok?: boolean; data?: T; error?: { message?: string } };
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new HostError(raw && raw !== 'undefined' ? `After Effects answered: ${raw.slice(0, 300)}` : 'After Effects gave no answer (is the Conform host script loaded?)');
  }
  if (parsed.ok === false) throw new HostError(parsed.error?.message ?? 'After Effects reported an error');
  return parsed.data as T;
}

export async function listFonts(): Promise<string[] | null> {
  const r = parseHostAnswer<{ available: boolean; fonts: string[] }>(await evalScript('conformHost.listFonts()'));
  return r.available ? r.fonts : null;
}

export interface ApplyReport {
  job: string;
  ok: boolean;
  output?: string | null;
  steps: Array<{ step: string; status: string; reason: string }>;
  warnings: string[];
}

/** Runs a bundle's script in AE. The script's own report comes back as it is (not wrapped in {ok,data}). */
export async function applyScript(scriptPath: string): Promise<ApplyReport> {
  const raw = await evalScript(`conformHost.applyScript(${es3String(scriptPath)})`);
  let parsed: ApplyReport & { error?: { message?: string } };
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new HostError(`After Effects answered: ${raw.slice(0, 300)}`);
  }
  if (!Array.isArray(parsed.steps)) throw new HostError(parsed.error?.message ?? 'The script returned no step report');
  return parsed;
}
