// Start-up: find the companion (inside AE: from companion.json), take the token, report AE's fonts,
// then show the screens.
import { render } from 'preact';
import { api, answer, setToken } from './api.js';
import { App } from './App.js';
import { bootFromDisk } from './cep-boot.js';
import { hasHostBridge, listFonts } from './host-bridge.js';
import { takeToken } from './token.js';

function fatal(root: HTMLElement, text: string) {
  render(
    <div class="fatal" role="alert">
      <h1>Conform</h1>
      <p>{text}</p>
    </div>,
    root,
  );
}

/** Validation checks fonts against what AE has; the panel is the only one that can ask AE. */
async function reportFonts(): Promise<void> {
  try {
    const fonts = await listFonts();
    await answer(api.api.environment.fonts.$put({ json: { fonts } }));
  } catch (e) {
    console.warn('[conform] could not report the fonts of After Effects', e);
  }
}

const root = document.getElementById('app')!;
const bootError = bootFromDisk();
if (bootError) fatal(root, bootError);
else if (location.protocol !== 'file:') {
  const token = takeToken();
  if (!token) fatal(root, 'This page needs the link the companion printed when it started (it ends in #token=…). Open that link, or the Conform panel in After Effects.');
  else {
    setToken(token);
    if (hasHostBridge()) void reportFonts();
    render(<App />, root);
  }
}
