// The one description of the CEP extension: scripts/gen-manifest.ts turns it into CSXS/manifest.xml
// and the dev .debug file, so ids, hosts and paths are written in one place only.
export interface CepConfig {
  /** ExtensionBundleId; the panel's extension id is `<bundleId>.main`. */
  bundleId: string;
  displayName: string;
  version: string;
  /** Host app codes and version ranges ("AEFT" is After Effects). */
  hosts: Array<{ name: string; version: string; debugPort: number }>;
  csxsVersion: string;
  panel: {
    id: string;
    menu: string;
    /** Relative to the extension root (this repo, symlinked into the CEP extensions folder). */
    mainPath: string;
    scriptPath: string;
    size: { width: number; height: number };
    minSize: { width: number; height: number };
    icons: { normal: string; rollOver: string; darkNormal: string; darkRollOver: string };
  };
  /** Node in the panel (companion.json, host paths); mixed context keeps one JS context. */
  cefParams: string[];
}

const bundleId = 'com.conform.panel';

export const cepConfig: CepConfig = {
  bundleId,
  displayName: 'Conform',
  version: '0.1.0',
  // AE 22 is the first with CEP 11; the upper bound keeps future versions loading.
  hosts: [{ name: 'AEFT', version: '[22.0,99.9]', debugPort: 8088 }],
  csxsVersion: '11.0',
  panel: {
    id: `${bundleId}.main`,
    menu: 'Conform',
    mainPath: './dist/panel/index.html',
    scriptPath: './dist/host/host.jsx',
    size: { width: 420, height: 720 },
    minSize: { width: 320, height: 480 },
    icons: {
      normal: './panel/icons/icon-normal.png',
      rollOver: './panel/icons/icon-rollover.png',
      darkNormal: './panel/icons/icon-dark-normal.png',
      darkRollOver: './panel/icons/icon-dark-rollover.png',
    },
  },
  cefParams: ['--enable-nodejs', '--mixed-context'],
};

export default cepConfig;
