/**
 * Spelling variants of listed names, generated from a list edition, to measure matcher recall the way
 * real filings misspell names: reordered tokens, a dropped middle name, an initial, a one-character
 * typo, added diacritics, Cyrillic transliteration, the list's own original-script name, and legal-form
 * words added or removed. Deterministic: the same list gives the same variant set.
 */
import type { SanctionsEntry, SanctionsList } from '../sanctions-list.js';

export type VariantKind =
  | 'reordered'
  | 'dropped_middle'
  | 'initial'
  | 'typo'
  | 'diacritics'
  | 'cyrillic'
  | 'original_script'
  | 'legal_form_added'
  | 'legal_form_removed';

export interface NameVariant {
  kind: VariantKind;
  query: string;
  expectedId: string;
  listedName: string;
}

const DIACRITICS: Readonly<Record<string, string>> = { a: 'á', e: 'é', i: 'í', o: 'ö', u: 'ü', c: 'ç', n: 'ñ', s: 'š' };
const CYRILLIC: ReadonlyArray<[string, string]> = [
  ['shch', 'щ'], ['kh', 'х'], ['zh', 'ж'], ['ch', 'ч'], ['sh', 'ш'], ['yu', 'ю'], ['ya', 'я'], ['ts', 'ц'],
  ['a', 'а'], ['b', 'б'], ['v', 'в'], ['g', 'г'], ['d', 'д'], ['e', 'е'], ['z', 'з'], ['i', 'и'], ['y', 'й'], ['k', 'к'],
  ['l', 'л'], ['m', 'м'], ['n', 'н'], ['o', 'о'], ['p', 'п'], ['r', 'р'], ['s', 'с'], ['t', 'т'], ['u', 'у'], ['f', 'ф'],
  ['h', 'х'], ['c', 'к'], ['j', 'дж'], ['q', 'к'], ['w', 'в'], ['x', 'кс'],
];
const LEGAL_FORM = /\b(LLC|LTD\.?|LIMITED|CO\.?,? ?LTD\.?|COMPANY|INC\.?|CORP(ORATION)?|GMBH|S\.A\.|JSC|OOO)\b/gi;

function words(name: string): string[] {
  return name.split(/\s+/).filter((w) => w !== '');
}

function toCyrillic(name: string): string {
  let rest = name.toLowerCase();
  let out = '';
  outer: while (rest.length > 0) {
    for (const [latin, cyr] of CYRILLIC) {
      if (rest.startsWith(latin)) {
        out += cyr;
        rest = rest.slice(latin.length);
        continue outer;
      }
    }
    out += rest[0];
    rest = rest.slice(1);
  }
  return out;
}

function typo(name: string): string {
  const tokens = words(name);
  let longest = 0;
  tokens.forEach((t, i) => {
    if (t.length > tokens[longest]!.length) longest = i;
  });
  const token = tokens[longest]!;
  if (token.length < 5) return name;
  const at = Math.floor(token.length / 2);
  const ch = token[at]!;
  const replaced = /[aeiou]/i.test(ch) ? (ch === ch.toLowerCase() ? 'y' : 'Y') : ch === ch.toLowerCase() ? 'x' : 'X';
  tokens[longest] = token.slice(0, at) + replaced + token.slice(at + 1);
  return tokens.join(' ');
}

function variantsOf(entry: SanctionsEntry): NameVariant[] {
  const name = entry.primaryName.replace(/\([^)]*\)/g, '').replace(/\s+/g, ' ').trim();
  const tokens = words(name);
  const make = (kind: VariantKind, query: string): NameVariant => ({ kind, query, expectedId: entry.id, listedName: entry.primaryName });
  const out: NameVariant[] = [make('reordered', [...tokens].reverse().join(' '))];
  if (tokens.length >= 3 && entry.type === 'person') out.push(make('dropped_middle', tokens.filter((_, i) => i !== 1).join(' ')));
  if (tokens.length >= 3 && entry.type === 'person') out.push(make('initial', [`${tokens[0]![0]}.`, ...tokens.slice(1)].join(' ')));
  const typed = typo(name);
  if (typed !== name) out.push(make('typo', typed));
  out.push(make('diacritics', name.toLowerCase().replace(/[aeioucns]/, (c) => DIACRITICS[c] ?? c)));
  if (entry.type === 'person') out.push(make('cyrillic', toCyrillic(name)));
  const original = entry.originalScriptNames[0];
  if (original !== undefined) out.push(make('original_script', original));
  if (entry.type === 'organisation') {
    const stripped = name.replace(LEGAL_FORM, ' ').replace(/[\s,]+$/, '').replace(/\s+/g, ' ').trim();
    if (stripped !== name && stripped !== '') out.push(make('legal_form_removed', stripped));
    else out.push(make('legal_form_added', `${name} LLC`));
  }
  return out;
}

/** Variants for `count` entries spread evenly over the list (persons and organisations as listed). */
export function buildNameVariants(list: SanctionsList, count: number): NameVariant[] {
  const usable = list.entries.filter((e) => words(e.primaryName).length >= 2);
  const step = usable.length / Math.min(count, usable.length);
  const picked: SanctionsEntry[] = [];
  for (let i = 0; i < Math.min(count, usable.length); i++) picked.push(usable[Math.floor(i * step)]!);
  return picked.flatMap(variantsOf);
}
