// Layer names as a person reads them: case, separators, "copy", numbering, file extensions and
// decorations removed; synonyms (and a few translations) folded to one concept word.

/** Photoshop's and AE's own default names say nothing about what a layer is. */
const DEFAULT_NAME =
  /^(layer|ebene|calque|capa|livello|camada|слой|图层|圖層|レイヤー|레이어|group|gruppe|groupe|grupo|gruppo|rectangle|rounded rectangle|ellipse|polygon|line|shape|custom shape|star|triangle|vector smart object|color fill|gradient fill|pattern fill|solid color|frame|artboard|untitled|unbenannt|sans titre|sin título|background|hintergrund|arrière-plan|fondo|sfondo|plano de fundo|fond|levels|curves|brightness\/contrast|hue\/saturation|vibrance|exposure|color balance|photo filter|channel mixer|black & white|invert|posterize|threshold|gradient map|selective color|color lookup|<empty text layer>|empty text layer|text|type|title layer)(\s*(copy|kopie|copie|copia|cópia)?\s*\d*)*$/i;

const SYNONYMS: Record<string, string[]> = {
  title: ['title', 'headline', 'heading', 'header', 'head', 'h1', 'titel', 'titre', 'titulo', 'título', 'titolo', 'überschrift', 'ueberschrift', 'заголовок', '标题', '標題', '見出し', 'タイトル', '제목', 'عنوان', 'main text', 'hero text'],
  subtitle: ['subtitle', 'subheadline', 'subhead', 'sub', 'h2', 'tagline', 'subline', 'strapline', 'untertitel', 'sous titre', 'soustitre', 'subtítulo', 'sottotitolo', 'подзаголовок', '副标题', 'サブタイトル', '부제'],
  body: ['body', 'body copy', 'paragraph', 'description', 'desc', 'bodytext', 'fliesstext', 'texte', 'texto', 'testo', 'текст', '正文', '本文', '본문'],
  cta: ['cta', 'button', 'btn', 'call to action', 'calltoaction', 'shop now', 'buy', 'schaltfläche', 'bouton', 'botón', 'boton', 'pulsante', 'botão', 'кнопка', '按钮', 'ボタン', '버튼'],
  logo: ['logo', 'brand', 'brandmark', 'logotype', 'logomark', 'mark', 'wordmark', 'marke', 'marque', 'marca', 'логотип', '标志', 'ロゴ', '로고', 'شعار'],
  background: ['bg', 'background', 'backdrop', 'back', 'hintergrund', 'arrière plan', 'arriere plan', 'fond', 'fondo', 'sfondo', 'fundo', 'фон', '背景', '배경', 'خلفية', 'base'],
  image: ['product', 'packshot', 'pack shot', 'hero', 'photo', 'image', 'img', 'picture', 'pic', 'visual', 'key visual', 'kv', 'shot', 'bild', 'foto', 'imagen', 'immagine', 'imagem', 'produkt', 'produit', 'producto', 'prodotto', 'produto', 'фото', 'изображение', '图片', '产品', '写真', '画像', '商品', '이미지', '사진', '제품', 'صورة', 'featured', 'featuredimage', 'cutout', 'footage', 'movie', 'video', 'clip'],
  price: ['price', 'preis', 'prix', 'precio', 'prezzo', 'preço', 'цена', '价格', '価格', '가격', 'سعر', 'cost'],
  date: ['date', 'datum', 'fecha', 'data', 'дата', '日期', '日付', '날짜', 'time', 'zeit', 'heure', 'hora', 'ora', 'duration', 'timer', 'clock'],
  name: ['name', 'fullname', 'full name', 'player', 'person', 'speaker', 'artist', 'author', 'nom', 'nombre', 'nome', 'имя', '名前', '이름', 'اسم'],
  legal: ['legal', 'disclaimer', 'terms', 'small print', 'smallprint', 'fine print', 'conditions', 'hinweis', 'mentions'],
  rank: ['rank', 'number', 'num', 'no', 'position', 'place', 'score'],
  track: ['track', 'song', 'track name', 'trackname', 'titel', 'song title'],
};

const CONCEPT = new Map<string, string>();
for (const [concept, words] of Object.entries(SYNONYMS)) for (const w of words) if (!CONCEPT.has(w)) CONCEPT.set(w, concept);

const DECORATION = /^(t|txt|img|pic|lyr|grp|final\d*|finale|new|old|v\d+|ver\d*|version|copy|kopie|copie|copia|cópia|fin|draft|edit|edited|replace|alt|tmp|temp|wip|ok|approved)$/i;

const normalizedCache = new Map<string, string>();

/** Lower case, extension and separators gone, camelCase split, decorations and numbering dropped. */
export function normalizeName(name: string): string {
  let hit = normalizedCache.get(name);
  if (hit === undefined) {
    if (normalizedCache.size > 50_000) normalizedCache.clear();
    hit = normalizeUncached(name);
    normalizedCache.set(name, hit);
  }
  return hit;
}

function normalizeUncached(name: string): string {
  let s = name.normalize('NFKC').trim();
  // Photoshop's duplicate suffix ("copy 2", "Kopie") and bracketed notes ("[edit]", "(replace)").
  s = s.replace(/\s+(copy|kopie|copie|copia|cópia)(\s+\d+)?$/i, '').replace(/\s*[[(][^\])]*[\])]\s*/g, ' ');
  s = s.replace(/\.(png|jpe?g|gif|tiff?|psd|psb|ai|eps|svg|webp|mov|mp4|avi|mxf|exr|tga|bmp|heic)\b/gi, ' ');
  s = s.replace(/(^|[\s_\-.])(final|v|ver|version)\d*(?=$|[\s_\-.])/gi, ' ');
  s = s.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/(\p{L})(\d)/gu, '$1 $2').replace(/(\d)(\p{L})/gu, '$1 $2');
  s = s.toLowerCase().replace(/[_\-.·•|/\\;,+*@()[\]{}"'`~!?<>=]+/g, ' ');
  const tokens = s.split(/\s+/).filter(Boolean);
  const kept = tokens.filter((t) => !DECORATION.test(t));
  return (kept.length ? kept : tokens).join(' ').trim();
}

/** The numbers in a normalised name, as integers ("01" = 1). */
export function numbersOf(normalized: string): number[] {
  return [...new Set((normalized.match(/\d+/g) ?? []).map(Number))].sort((a, b) => a - b);
}

const wordsOf = (normalized: string) => normalized.replace(/\d+/g, ' ').replace(/[:#]/g, ' ').replace(/\s+/g, '').trim();

export function isDefaultName(name: string): boolean {
  return DEFAULT_NAME.test(name.trim());
}

/** The concept words a name evokes (whole name, then each token and token pair). */
export function conceptsOf(normalized: string, raw = normalized): Set<string> {
  const out = new Set<string>();
  // Names that are sample values: "00:00" is a time, "#00" a rank, "$9.99" a price.
  if (/^\s*\d{1,2}[:.]\d{2}\s*$/.test(raw)) out.add('date');
  if (/^\s*#\s*\d+\s*$/.test(raw)) out.add('rank');
  if (/[$€£¥]\s*\d|\d\s*[$€£¥]/.test(raw)) out.add('price');
  const whole = CONCEPT.get(normalized) ?? CONCEPT.get(normalized.replace(/\s+/g, ''));
  if (whole) out.add(whole);
  // Longest phrase first: "track name" is a track, not a person's name.
  const tokens = normalized.split(' ').filter((t) => !/^\d+$/.test(t));
  for (let i = 0; i < tokens.length; i++) {
    const two = i + 1 < tokens.length ? CONCEPT.get(`${tokens[i]} ${tokens[i + 1]}`) : undefined;
    if (two) {
      out.add(two);
      i++;
      continue;
    }
    const one = CONCEPT.get(tokens[i]!);
    if (one) out.add(one);
  }
  return out;
}

/** 1 - normalised Levenshtein distance. */
export function levenshteinRatio(a: string, b: string): number {
  if (a === b) return 1;
  if (!a.length || !b.length) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return 1 - prev[b.length]! / Math.max(a.length, b.length);
}

export interface NameEvidence {
  score: number;
  how: 'exact' | 'similar' | 'synonym' | 'none';
}

/** A name prepared once for many comparisons. */
export interface NameKey {
  raw: string;
  norm: string;
  nums: string;
  words: string;
  compact: string;
  tokens: Set<string>;
  concepts: Set<string>;
}

export function nameKey(raw: string): NameKey {
  const norm = normalizeName(raw);
  return {
    raw,
    norm,
    nums: numbersOf(norm).join(' '),
    words: wordsOf(norm),
    compact: norm.replace(/\s/g, ''),
    tokens: new Set(norm.split(' ').filter((t) => t.length > 1)),
    concepts: conceptsOf(norm, raw),
  };
}

/** How strongly two names say "same thing": exact/near after normalising, or a shared concept. */
export function nameSimilarity(a: string | NameKey, b: string | NameKey): NameEvidence {
  const ka = typeof a === 'string' ? nameKey(a) : a;
  const kb = typeof b === 'string' ? nameKey(b) : b;
  if (!ka.norm || !kb.norm) return { score: 0, how: 'none' };
  if (ka.words === kb.words && ka.nums === kb.nums) return { score: 1, how: 'exact' };
  if (ka.words && ka.words === kb.words) {
    // Same words, other numbers: "player1" vs "player2" names a sibling, not this slot; a number
    // added on one side only ("base_1") is Photoshop-style numbering.
    return ka.nums && kb.nums ? { score: 0.3, how: 'similar' } : { score: 0.9, how: 'similar' };
  }
  if (!ka.words && !kb.words && ka.nums === kb.nums && ka.nums) return { score: 0.9, how: 'similar' };
  const lev = levenshteinRatio(ka.compact, kb.compact);
  let shared = 0;
  for (const t of ka.tokens) if (kb.tokens.has(t)) shared++;
  const jaccard = shared / Math.max(1, new Set([...ka.tokens, ...kb.tokens]).size);
  let concept = false;
  for (const c of ka.concepts) if (kb.concepts.has(c)) concept = true;
  const lexical = Math.max(lev, jaccard);
  if (lexical >= 0.8) return { score: lexical, how: 'similar' };
  if (concept) return { score: Math.max(0.8, lexical), how: 'synonym' };
  return { score: lexical >= 0.5 ? lexical * 0.6 : 0, how: lexical >= 0.5 ? 'similar' : 'none' };
}

/** Digits → 9, letters → a, runs collapsed: "00:00" and "5:12" share the shape of a time. */
export function textShape(s: string): string {
  return s
    .trim()
    .replace(/\p{Nd}+/gu, '9')
    .replace(/\p{L}+/gu, 'a')
    .replace(/\s+/g, ' ');
}
