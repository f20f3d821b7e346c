// Runs a matcher over the labelled pairs (../shared/corpus/pairs) exactly as the product would:
// real template parse + findSlots, real PSD extraction, then the scorer shipped with the set.
import fs from 'node:fs';
import path from 'node:path';
import type { PsdDoc } from '../../shared/psd.js';
import type { Slot } from '../../shared/template.js';
import type { MatchResult } from '../../shared/match.js';
import { extractPsd } from '../../companion/src/pipeline/psd/extract-psd.js';
import { extractTemplate } from '../../companion/src/pipeline/template/extract-template.js';
import { findSlots } from '../../companion/src/pipeline/template/find-slots.js';
import { AEPX_CORPUS, PAIRS_CORPUS } from '../helpers/corpus.js';

export interface PairCase {
  case: string;
  difficulty: 'easy' | 'medium' | 'hard';
  psd: PsdDoc;
  slots: Slot[];
}

interface Manifest {
  cases: Array<{ case: string; template: string; comp: string; psd: string }>;
}

let cached: PairCase[] | null = null;

export function loadPairs(): PairCase[] {
  if (cached) return cached;
  const manifest = JSON.parse(fs.readFileSync(path.join(PAIRS_CORPUS, 'manifest.json'), 'utf8')) as Manifest;
  const templates = new Map<string, ReturnType<typeof extractTemplate>>();
  cached = manifest.cases.map((c) => {
    if (!templates.has(c.template)) templates.set(c.template, extractTemplate(new Uint8Array(fs.readFileSync(path.join(AEPX_CORPUS, c.template)))));
    const truth = JSON.parse(fs.readFileSync(path.join(PAIRS_CORPUS, c.case, 'truth.json'), 'utf8'));
    return {
      case: c.case,
      difficulty: truth.difficulty,
      psd: extractPsd(new Uint8Array(fs.readFileSync(path.join(PAIRS_CORPUS, c.psd)))),
      slots: findSlots(templates.get(c.template)!, c.comp),
    };
  });
  return cached;
}

/** The scorer's answer format: psdLayer.index is the pre-order file index. */
export function toAnswers(c: PairCase, result: MatchResult) {
  const byId = new Map(c.psd.layers.map((l) => [l.id, l]));
  return {
    case: c.case,
    matches: result.matches.map((m) => {
      const l = m.psdLayer ? byId.get(m.psdLayer.id)! : null;
      return { slot: { comp: m.slot.comp, layerIndex: m.slot.layerIndex }, psdLayer: l ? { path: l.path, name: l.name, index: l.fileIndex } : null, confidence: m.confidence };
    }),
  };
}

export interface Scored {
  byTier: Record<string, { accuracy: number; ece: number | null; slots: number }>;
  overall: { accuracy: number; ece: number | null; slots: number };
  rows: Array<{ case: string; tier: string; correct: boolean; conf: number | null; naming: string }>;
}

export async function scorePairs(matcher: (psd: PsdDoc, slots: Slot[]) => MatchResult): Promise<Scored> {
  const scorer = (await import(path.join(PAIRS_CORPUS, 'score.mjs'))) as {
    loadTruth: (dir: string) => unknown[];
    score: (cases: unknown[], answers: unknown[]) => { rows: Scored['rows'] };
    metrics: (rows: Scored['rows']) => { accuracy: number; ece: number | null; slots: number };
  };
  const pairs = loadPairs();
  const answers = pairs.map((c) => toAnswers(c, matcher(c.psd, c.slots)));
  const { rows } = scorer.score(scorer.loadTruth(PAIRS_CORPUS), answers);
  const byTier: Scored['byTier'] = {};
  for (const tier of ['easy', 'medium', 'hard']) byTier[tier] = scorer.metrics(rows.filter((r) => r.tier === tier));
  return { byTier, overall: scorer.metrics(rows), rows };
}
