// `npm run manifest`: writes CSXS/manifest.xml and the dev .debug file from cep.config.ts. XMLBuilder
// escapes attribute values and text, so no config value can break the XML.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLBuilder } from 'fast-xml-parser';
import { cepConfig, type CepConfig } from '../cep.config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST_PATH = path.join(ROOT, 'CSXS/manifest.xml');
export const DEBUG_PATH = path.join(ROOT, '.debug');

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, indentBy: '  ', suppressEmptyNode: true });
const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';

export function manifestXml(c: CepConfig = cepConfig): string {
  const p = c.panel;
  return (
    PROLOG +
    builder.build({
      ExtensionManifest: {
        '@_xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
        '@_Version': c.csxsVersion,
        '@_ExtensionBundleId': c.bundleId,
        '@_ExtensionBundleVersion': c.version,
        '@_ExtensionBundleName': c.displayName,
        ExtensionList: { Extension: { '@_Id': p.id, '@_Version': c.version } },
        ExecutionEnvironment: {
          HostList: { Host: c.hosts.map((h) => ({ '@_Name': h.name, '@_Version': h.version })) },
          LocaleList: { Locale: { '@_Code': 'All' } },
          RequiredRuntimeList: { RequiredRuntime: { '@_Name': 'CSXS', '@_Version': c.csxsVersion } },
        },
        DispatchInfoList: {
          Extension: {
            '@_Id': p.id,
            DispatchInfo: {
              Resources: {
                MainPath: p.mainPath,
                ScriptPath: p.scriptPath,
                CEFCommandLine: { Parameter: c.cefParams },
              },
              Lifecycle: { AutoVisible: true },
              UI: {
                Type: 'Panel',
                Menu: p.menu,
                Geometry: {
                  Size: { Height: p.size.height, Width: p.size.width },
                  MinSize: { Height: p.minSize.height, Width: p.minSize.width },
                },
                Icons: {
                  Icon: [
                    { '@_Type': 'Normal', '#text': p.icons.normal },
                    { '@_Type': 'RollOver', '#text': p.icons.rollOver },
                    { '@_Type': 'DarkNormal', '#text': p.icons.darkNormal },
                    { '@_Type': 'DarkRollOver', '#text': p.icons.darkRollOver },
                  ],
                },
              },
            },
          },
        },
      },
    })
  );
}

/** CEP reads .debug from the extension root in PlayerDebugMode and opens a DevTools port per host. */
export function debugXml(c: CepConfig = cepConfig): string {
  return (
    PROLOG +
    builder.build({
      ExtensionList: {
        Extension: {
          '@_Id': c.panel.id,
          HostList: { Host: c.hosts.map((h) => ({ '@_Name': h.name, '@_Port': String(h.debugPort) })) },
        },
      },
    })
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.mkdirSync(path.dirname(MANIFEST_PATH), { recursive: true });
  fs.writeFileSync(MANIFEST_PATH, manifestXml());
  fs.writeFileSync(DEBUG_PATH, debugXml());
  console.log(`wrote ${path.relative(ROOT, MANIFEST_PATH)} and ${path.relative(ROOT, DEBUG_PATH)}`);
}
