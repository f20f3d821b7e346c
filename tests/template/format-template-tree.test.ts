// The readable `conform inspect` view of a template.
import { describe, expect, it } from 'vitest';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { findSlots } from '../../companion/src/pipeline/template/find-slots.js';
import { formatTemplateTree } from '../../companion/src/pipeline/template/format-template-tree.js';
import { readCorpus } from '../helpers/corpus.js';

describe('formatTemplateTree', () => {
  const doc = extractTemplate(readCorpus('aepx', 'edforman_test-correct_ae25.5.aepx'));
  const out = formatTemplateTree(doc, findSlots(doc));
  const lines = out.split('\n');

  it('heads the tree with the AE version and lists folders with their items indented', () => {
    expect(lines[0]).toBe('After Effects 25.5.0 project (.aepx), 8 bpc');
    const folder = lines.findIndex((l) => l.includes('[folder] test-photoshop-doc Layers'));
    expect(lines[folder + 1]).toMatch(/^ {4}\[image 8BPS\] Background\/test-photoshop-doc\.psd {2}1200×1500/);
  });

  it('shows each comp with size, frame rate and layers, and marks the target comp and its slots', () => {
    expect(out).toContain('Comp "test-aep" (target)  1200×1500 @ 30 fps, 10 s, bg rgb(0, 0, 0)  (6 layers)');
    expect(lines.find((l) => l.includes('"player1fullname"') && l.includes('text'))).toMatch(/RUSHFLOW 60px.*← slot text/);
    expect(lines.find((l) => l.includes('precomp'))).toMatch(/\[hidden; shy\]$/);
    expect(out).toContain('Slots in "test-aep" (5):');
    expect(out).toMatch(/test-aep#4 {2}image {2}"featuredimage1" {2}\[0, 0, 1200, 1500\]/);
  });

  it('shows an exact non-integer frame rate with its fraction', () => {
    const bolt = extractTemplate(readCorpus('aepx', 'boltframe_Item-01_ae16.0.aep'));
    expect(formatTemplateTree(bolt, [])).toMatch(/Comp "Comp 02" {2}452×639 @ 29\.97 \(23976\/800\) fps, 71\.338 s, PAR 0\.9091/);
    expect(formatTemplateTree(bolt, [])).toContain('Slots: none');
  });
});
