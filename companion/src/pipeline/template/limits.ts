// Hard limits that keep a hostile or broken template from hanging the companion or exhausting memory.
// Real AE templates are 0.01–50 MB with at most a few thousand items and a property tree ~30 deep.

export const TEMPLATE_LIMITS = {
  /** Largest template accepted, in bytes. */
  maxBytes: 256 * 1024 * 1024,
  /** Deepest chunk / element nesting accepted (AE writes < 40). */
  maxDepth: 96,
  /** Most project items (folders, comps, footage) accepted. */
  maxItems: 50_000,
  /** Most chunks (elements) accepted in one file. */
  maxChunks: 20_000_000,
  /** Most layers accepted in one comp. */
  maxLayersPerComp: 20_000,
} as const;

export type TemplateLimits = { -readonly [K in keyof typeof TEMPLATE_LIMITS]: number };
