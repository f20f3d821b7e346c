// Layer names as a person reads them: case, separators, "copy", numbering, file extensions and
// decorations removed; synonyms (and a few translations) folded to one concept word.

/** Photoshop's and AE's own default names say nothing about what a layer is. */
const DEFAULT_NAME =
  /^(layer|ebene|calque|capa|livello|camada|слой|图层|圖層|レイヤー|레이어|group|gruppe|groupe|grupo|gruppo|rectangle|rounded rectangle|ellipse|polygon|line|shape|custom shape|star|triangle|vector smart object|color fill|gradient fill|pattern fill|solid color|frame|artboard|untitled|unbenannt|sans titre|sin título|levels|curves|brightness\/contrast|hue\/saturation|vibrance|exposure|color balance|photo filter|channel mixer|black & white|invert|posterize|threshold|gradient map|selective color|color lookup|<empty text layer>|empty text layer|text|type|title layer)([\s_\-]*(copy|kopie|copie|copia|cópia)?[\s_\-]*\d*)*$/i;

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
  // Other roles templates commonly have (and phrases that must not fall apart into their words).
  productname: ['product name', 'productname', 'item name', 'product title', 'produktname', 'nom du produit', 'nombre del producto'],
  brandname: ['brand name', 'brandname', 'company', 'company name', 'firma', 'entreprise', 'empresa', 'unternehmen'],
  team: ['team', 'team name', 'club', 'squad', 'mannschaft', 'équipe', 'equipo', 'squadra', 'equipe', 'команда'],
  location: ['location', 'venue', 'address', 'city', 'ort', 'adresse', 'lieu', 'ville', 'lugar', 'dirección', 'luogo', 'indirizzo', 'endereço', 'место', '地址', '場所', '장소', 'موقع'],
  website: ['website', 'web', 'url', 'link', 'site', 'webseite', 'sitio web', 'sito', 'сайт', '网站', 'ウェブサイト'],
  social: ['social', 'handle', 'hashtag', 'instagram', 'twitter', 'tiktok', 'facebook', 'insta', 'username', 'user name'],
  contact: ['phone', 'tel', 'telephone', 'email', 'mail', 'contact', 'telefon', 'téléphone', 'teléfono', 'telefono', 'kontakt', 'телефон', '电话', '電話'],
  offer: ['offer', 'discount', 'sale', 'promo', 'deal', 'badge', 'sticker', 'percent', 'angebot', 'rabatt', 'offre', 'promotion', 'soldes', 'oferta', 'descuento', 'offerta', 'sconto', 'promoção', 'скидка', '优惠', 'セール', '할인'],
  quote: ['quote', 'testimonial', 'review', 'zitat', 'citation', 'cita', 'citazione', 'citação', 'цитата', '引用'],
  avatar: ['avatar', 'portrait', 'headshot', 'profile', 'profile picture', 'face', 'porträt', 'portrait photo', 'retrato', 'ritratto', 'портрет', '头像', 'アバター', '프로필'],
  icon: ['icon', 'ikon', 'icône', 'icono', 'icona', 'ícone', 'иконка', '图标', 'アイコン', '아이콘', 'symbol', 'pictogram'],
  overlay: ['overlay', 'frame overlay', 'border', 'vignette', 'texture', 'grain', 'pattern', 'light leak'],
};

const CONCEPT = new Map<string, string>();
for (const [concept, words] of Object.entries(SYNONYMS)) for (const w of words) if (!CONCEPT.has(w)) CONCEPT.set(w, concept);

const DECORATION = /^(t|txt|img|pic|lyr|layer|ebene|calque|grp|final\d*|finale|new|old|v\d+|ver\d*|version|copy|kopie|copie|copia|cópia|fin|draft|edit|edited|replace|alt|tmp|temp|wip|ok|approved)$/i;

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

/** Names cameras, stock sites and exports give files: they say "a picture", not which one. */
const FILE_DEFAULT_NAME = /^(img|dsc|dscn|dscf|dji|gopro|pxl|mvimg|photo|image|pexels|unsplash|shutterstock|adobestock|istock|getty|depositphotos|export|asset|screenshot|screen shot|bildschirmfoto|capture)([\s_\-.@]*[0-9a-f]{2,}|[\s_\-.@]*\d+x|[\s_\-.@]+photo)+(\.(png|jpe?g|tiff?|psd|webp|heic))?$/i;

export function isDefaultName(name: string): boolean {
  const n = name.trim();
  return DEFAULT_NAME.test(n) || FILE_DEFAULT_NAME.test(n);
}

/** A camera, stock or export file name ("IMG_4032", "unsplash-ba50df", "export_18@2x"). */
export function isPhotoFileName(name: string): boolean {
  return FILE_DEFAULT_NAME.test(name.trim());
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

/**
 * "player1" for "player2": a sibling of the slot. It places the layer in the right family and lets
 * layout pick the member; designers swap such names, so it is not a strong "no".
 */
export const NAME_W = { sibling: 0.6 };

export interface NameEvidence {
  score: number;
  how: 'exact' | 'similar' | 'synonym' | 'none';
  /** Both names say what they are, and they say different things ("Background" for "photo"). */
  conflict?: boolean;
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
  /** Concepts the whole name evokes (not just one of its words: "progress bg" is not the background). */
  wholeConcepts: Set<string>;
  /** Numbers of three or more digits (years, ids): shared ones tie names across languages. */
  ids: Set<string>;
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
    wholeConcepts: wholeConceptsOf(norm, raw),
    ids: new Set((norm.match(/\d{3,}/g) ?? []).map((d) => String(Number(d)))),
  };
}

/** Concepts of a name that is one concept word or phrase (with any number or decoration). */
function wholeConceptsOf(normalized: string, raw: string): Set<string> {
  const all = conceptsOf(normalized, raw);
  const words = normalized.split(' ').filter((t) => !/^\d+$/.test(t));
  if (words.length <= 1) return all;
  const whole = CONCEPT.get(words.join(' ')) ?? CONCEPT.get(words.join(''));
  const out = new Set<string>();
  if (whole) out.add(whole);
  // Every word a concept word ("title text", "bg image"): the name is those concepts.
  if (words.every((w) => CONCEPT.has(w))) for (const c of all) out.add(c);
  return out;
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
    return ka.nums && kb.nums ? { score: NAME_W.sibling, how: 'similar' } : { score: 0.9, how: 'similar' };
  }
  if (!ka.words && !kb.words && ka.nums === kb.nums && ka.nums) return { score: 0.9, how: 'similar' };
  const lev = levenshteinRatio(ka.compact, kb.compact);
  let shared = 0;
  for (const t of ka.tokens) if (kb.tokens.has(t)) shared++;
  const jaccard = shared / Math.max(1, new Set([...ka.tokens, ...kb.tokens]).size);
  // A shared concept counts fully when it is what each whole name says, less when it is one word of
  // a longer name on either side ("pic_progress_bg" is only partly a background).
  let concept = 0;
  for (const c of ka.concepts) if (kb.concepts.has(c)) concept = Math.max(concept, 0.8 - (ka.wholeConcepts.has(c) ? 0 : 0.1) - (kb.wholeConcepts.has(c) ? 0 : 0.1));
  const lexical = Math.max(lev, jaccard);
  if (lexical >= 0.8) return { score: lexical, how: 'similar' };
  if (concept) return { score: Math.max(concept, lexical), how: 'synonym' };
  let sharedId = false;
  for (const d of ka.ids) if (kb.ids.has(d)) sharedId = true;
  if (sharedId) return { score: Math.max(0.55, lexical * 0.6), how: 'similar' };
  if (lexical >= 0.5) return { score: lexical * 0.6, how: 'similar' };
  return { score: 0, how: 'none', conflict: ka.wholeConcepts.size > 0 && kb.wholeConcepts.size > 0 };
}

/** Digits → 9, letters → a, runs collapsed: "00:00" and "5:12" share the shape of a time. */
export function textShape(s: string): string {
  return s
    .trim()
    .replace(/\p{Nd}+/gu, '9')
    .replace(/\p{L}+/gu, 'a')
    .replace(/\s+/g, ' ');
}

/** What a piece of text is, as a reader sees it at a glance. */
export type ContentType = 'person' | 'number' | 'time' | 'price' | 'url' | 'handle' | 'sentence' | 'words' | '';

const CAPITALISED = /^(\p{Lu}[\p{L}'’.\-]*|\p{Lu}\.)$/u;
const CASELESS_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Thai}]/u;

export function classifyText(text: string): ContentType {
  const t = text.replace(/\s+/g, ' ').trim();
  if (!t) return '';
  if (/^\d{1,2}[:.]\d{2}([:.]\d{2})?$/.test(t)) return 'time';
  if (/[$€£¥₹]\s*\d|\d\s*[$€£¥₹]|\d\s*(eur|usd|chf)\b/i.test(t) && t.length <= 16) return 'price';
  if (/^(no\.?\s*|nr\.?\s*|#\s*)?\d{1,4}\.?$/i.test(t)) return 'number';
  if (/^(https?:\/\/|www\.)\S+$|^\S+\.(com|net|org|io|de|fr|es|it|co|uk)(\/\S*)?$/i.test(t)) return 'url';
  if (/^[@#][\p{L}\p{N}_.]+$/u.test(t)) return 'handle';
  const words = t.split(' ');
  const named = words.filter((w) => w !== '+' && w !== '&');
  if (!/\d/.test(t) && !/[!?:;%@#$€/]/.test(t) && named.length >= 1 && words.length <= 5 && t.length <= 32) {
    // Latin, Cyrillic, Greek: every word capitalised ("Liam O'Connor", "ELOISE GRACE"); scripts without
    // case: two or three short words, or one of 2–4 characters (CJK names).
    if (named.length >= 2 && named.every((w) => CAPITALISED.test(w) || /^(de|da|van|von|der|del|di|le|la|bin|al|y|e)$/.test(w))) return 'person';
    if (CASELESS_SCRIPT.test(t) && ((words.length >= 2 && words.length <= 3) || (words.length === 1 && [...t].length >= 2 && [...t].length <= 6))) return 'person';
  }
  if (words.length >= 4 || /[.!?]$/.test(t)) return 'sentence';
  return 'words';
}

/** The kind of text a slot wants, from the concept of its name and its placeholder text. */
export function expectedContent(name: NameKey, placeholder: string): ContentType {
  const c = name.wholeConcepts;
  if (c.has('website')) return 'url';
  if (c.has('social')) return 'handle';
  if (c.has('date')) return 'time';
  if (c.has('price')) return 'price';
  if (c.has('rank')) return 'number';
  if (c.has('name') && c.size === 1) return 'person';
  // Sample values in the placeholder ("00:00", "$9.99", "#1") say what goes there; sample prose
  // or a sample name under a neutral layer name ("text_layer") does not.
  const p = classifyText(placeholder);
  if (p === 'time' || p === 'price' || p === 'number') return p;
  return '';
}
