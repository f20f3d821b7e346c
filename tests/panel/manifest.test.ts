// The checked-in CEP manifest and .debug are exactly what cep.config.ts generates, and valid XML
// with the host range, runtime and ids After Effects loads the panel by.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { cepConfig } from '../../cep.config.js';
import { DEBUG_PATH, MANIFEST_PATH, debugXml, manifestXml } from '../../scripts/gen-manifest.js';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' });

describe('CSXS/manifest.xml', () => {
  const text = fs.readFileSync(MANIFEST_PATH, 'utf8');

  it('is the generator output (run `npm run manifest` after changing cep.config.ts)', () => {
    expect(text).toBe(manifestXml());
  });

  it('is well-formed XML', () => {
    expect(XMLValidator.validate(text)).toBe(true);
  });

  it('declares the bundle, AE 22+, CSXS 11.0, Node and the built panel', () => {
    const m = parser.parse(text).ExtensionManifest;
    expect(m['@_ExtensionBundleId']).toBe('com.conform.panel');
    expect(m['@_Version']).toBe('11.0');
    expect(m.ExecutionEnvironment.HostList.Host).toMatchObject({ '@_Name': 'AEFT', '@_Version': '[22.0,99.9]' });
    expect(m.ExecutionEnvironment.RequiredRuntimeList.RequiredRuntime).toMatchObject({ '@_Name': 'CSXS', '@_Version': '11.0' });
    const ext = m.DispatchInfoList.Extension;
    expect(ext['@_Id']).toBe(m.ExtensionList.Extension['@_Id']);
    expect(ext.DispatchInfo.Resources.MainPath).toBe('./dist/panel/index.html');
    expect(ext.DispatchInfo.Resources.ScriptPath).toBe('./dist/host/host.jsx');
    expect(ext.DispatchInfo.Resources.CEFCommandLine.Parameter).toEqual(['--enable-nodejs', '--mixed-context']);
    expect(ext.DispatchInfo.UI.Geometry.MinSize).toEqual({ Height: 480, Width: 320 });
    for (const icon of ext.DispatchInfo.UI.Icons.Icon as Array<{ '#text': string }>) expect(fs.existsSync(new URL(`../../${icon['#text']}`, import.meta.url))).toBe(true);
  });

  it('escapes attribute values', () => {
    const xml = manifestXml({ ...cepConfig, displayName: 'A "quoted" <b> & co' });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parser.parse(xml).ExtensionManifest['@_ExtensionBundleName']).toBe('A "quoted" <b> & co');
  });
});

describe('.debug', () => {
  it('is the generator output and opens DevTools on port 8088 for AEFT', () => {
    const text = fs.readFileSync(DEBUG_PATH, 'utf8');
    expect(text).toBe(debugXml());
    expect(XMLValidator.validate(text)).toBe(true);
    const e = parser.parse(text).ExtensionList.Extension;
    expect(e['@_Id']).toBe(cepConfig.panel.id);
    expect(e.HostList.Host).toMatchObject({ '@_Name': 'AEFT', '@_Port': '8088' });
  });
});
