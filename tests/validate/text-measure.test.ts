// Text layout for overflow checks: the documented estimate, line breaking in a box, tracking,
// leading and mixed styles. A fake monospace font (every character 0.5 em) makes widths exact.
import { describe, expect, it } from 'vitest';
import { estimateWidth, layoutText, type Measure, type TextSpan } from '../../companion/src/pipeline/validate/text-measure.js';

const mono: Measure = (font, size, text) => (font === 'Mono' ? [...text].length * size * 0.5 : null);
const span = (text: string, size: number, font = 'Mono', tracking = 0): TextSpan[] => [{ start: 0, end: text.length, font, size, tracking }];

describe('the estimate without a font file', () => {
  it('weighs characters by class (text-box.ts): 1 em for CJK, kana, Hangul, full-width and emoji, 0 for combining marks', () => {
    expect(estimateWidth('abc', 100)).toBeCloseTo(156); // 3 × 0.52
    expect(estimateWidth('ABC 12', 100)).toBeCloseTo(326); // 3 × 0.68 + 0.28 + 0.38 + 0.56
    expect(estimateWidth('mil', 100)).toBeCloseTo(141); // 0.85 + 0.28 + 0.28
    expect(estimateWidth('李娜', 100)).toBeCloseTo(200);
    expect(estimateWidth('カタ한글', 100)).toBeCloseTo(400);
    expect(estimateWidth('ＡＢ', 100)).toBeCloseTo(200);
    expect(estimateWidth('😀', 100)).toBeCloseTo(100);
    expect(estimateWidth('e\u0301', 100)).toBeCloseTo(52);
  });

  it('lines are 1.2 em apart', () => {
    expect(layoutText('one\rtwo\nthree', span('one\rtwo\nthree', 50, 'Nope'), undefined)).toMatchObject({ lines: 3, height: 180, metrics: 'estimate' });
  });
});

describe('line breaking in a text box', () => {
  it('breaks between words, and a single line box fits exactly', () => {
    const t = 'aaaa bbbb cccc'; // 10 px per character at 20 px
    expect(layoutText(t, span(t, 20), mono, { wrapWidth: 140 })).toMatchObject({ lines: 1, width: 140, metrics: 'font' });
    expect(layoutText(t, span(t, 20), mono, { wrapWidth: 100 })).toMatchObject({ lines: 2, width: 90, height: 48 });
    expect(layoutText(t, span(t, 20), mono, { wrapWidth: 40 })).toMatchObject({ lines: 3, width: 40 });
  });

  it('breaks a word wider than the box between characters, as AE does', () => {
    const t = 'x'.repeat(25);
    expect(layoutText(t, span(t, 20), mono, { wrapWidth: 100 })).toMatchObject({ lines: 3, width: 100 });
  });

  it('breaks CJK text without spaces between any two characters', () => {
    const t = '李'.repeat(15); // estimate: 1 em = 10 px at 10 px
    expect(layoutText(t, span(t, 10, 'Nope'), undefined, { wrapWidth: 100 })).toMatchObject({ lines: 2, width: 100 });
  });

  it('keeps paragraph breaks and does not count trailing spaces', () => {
    const t = 'aa   \rbb';
    expect(layoutText(t, span(t, 20), mono, { wrapWidth: 1000 })).toMatchObject({ lines: 2, width: 20 });
  });
});

describe('style', () => {
  it('adds tracking after every character', () => {
    // 4 × 10 px + 4 × 0.1 em × 20 px
    expect(layoutText('abcd', span('abcd', 20, 'Mono', 100), mono).width).toBeCloseTo(48);
  });

  it('a set leading replaces the 1.2 em line distance', () => {
    expect(layoutText('a\rb\rc', span('a\rb\rc', 20), mono, { leading: 30 }).height).toBe(90);
  });

  it('measures each run in its own font and size; a line is as tall as its largest size', () => {
    const t = 'small BIG';
    const spans: TextSpan[] = [
      { start: 0, end: 6, font: 'Mono', size: 10, tracking: 0 },
      { start: 6, end: 9, font: 'Missing', size: 40, tracking: 0 },
    ];
    // 6 × 5 px + (0.68 + 0.28 + 0.68) × 40 px (B, I, G estimated)
    const l = layoutText(t, spans, mono);
    expect(l).toMatchObject({ height: 48, lines: 1, metrics: 'mixed' });
    expect(l.width).toBeCloseTo(95.6, 6);
  });
});
