/**
 * Real, unlisted person and company names from sources outside this project, for the screening
 * false-positive rate:
 * - persons: the given-name and surname lists that @faker-js/faker ships per locale (collected by its
 *   contributors from national name statistics), combined as people are named in that locale
 *   (female given names with female surname forms where the locale has them, a patronymic or middle
 *   name where it has them), written in the locale's script; for locales in other scripts also the
 *   romanised form, as a filer would type it;
 * - companies: faker's per-locale company-name patterns, and the 3,458 real container-owner
 *   companies registered with BIC (ISO 6346 owner codes, `data/evaluation/bic-owner-codes.csv.gz`).
 * Deterministic (seeded); the caller removes names that really are listed.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { allLocales, base, en, Faker, type LocaleDefinition } from '@faker-js/faker';
import anyAscii from 'any-ascii';

export interface UnlistedName {
  name: string;
  type: 'person' | 'organisation';
  origin: string;
}

type NameList = string[] | { generic?: string[]; female?: string[]; male?: string[] } | undefined;

function pick(list: NameList, sex: 'female' | 'male'): string[] {
  if (list === undefined) return [];
  if (Array.isArray(list)) return list;
  return list[sex] ?? list.generic ?? [];
}

/** mulberry32: small, seeded, good enough to draw name pairs reproducibly. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SKIPPED_LOCALES = new Set(['base', 'en_BORK', 'en_AU_ocker']);
const FAMILY_NAME_FIRST = new Set(['zh_CN', 'zh_TW', 'ko', 'ja', 'hu', 'vi']);

function personNames(code: string, locale: LocaleDefinition, perLocale: number): UnlistedName[] {
  const person = locale.person;
  if (person === undefined) return [];
  const draw = random(code.split('').reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619), 2166136261));
  const out: UnlistedName[] = [];
  const nonLatin = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;
  for (let i = 0; i < perLocale * 3 && out.length < perLocale; i++) {
    const sex = draw() < 0.5 ? 'female' : 'male';
    const given = pick(person.first_name as NameList, sex);
    const family = pick(person.last_name as NameList, sex);
    const middle = pick(person.middle_name as NameList, sex);
    if (given.length === 0 || family.length === 0) return out;
    const g = given[Math.floor(draw() * given.length)]!;
    const f = family[Math.floor(draw() * family.length)]!;
    const m = middle.length > 0 && draw() < 0.3 ? middle[Math.floor(draw() * middle.length)]! : undefined;
    const parts = FAMILY_NAME_FIRST.has(code) ? [f, g] : m === undefined ? [g, f] : [g, m, f];
    const joiner = code === 'zh_CN' || code === 'zh_TW' || code === 'ja' || (code === 'ko' && nonLatin.test(f)) ? '' : ' ';
    out.push({ name: parts.join(joiner), type: 'person', origin: code });
    if (nonLatin.test(parts.join(''))) {
      out.push({ name: parts.map((p) => anyAscii(p)).join(' '), type: 'person', origin: `${code}-romanised` });
    }
  }
  return out;
}

function companyNames(code: string, locale: LocaleDefinition, perLocale: number): UnlistedName[] {
  if (locale.company?.name_pattern === undefined) return [];
  const faker = new Faker({ locale: [locale, en, base] });
  faker.seed(perLocale * 7919 + code.length);
  const out: UnlistedName[] = [];
  for (let i = 0; i < perLocale; i++) out.push({ name: faker.company.name(), type: 'organisation', origin: `${code}-company` });
  return out;
}

const BIC_FILE = new URL('../../../data/evaluation/bic-owner-codes.csv.gz', import.meta.url);

/** `code;company;city;country`, no header. */
export function bicOwnerCompanies(): UnlistedName[] {
  const text = gunzipSync(readFileSync(BIC_FILE)).toString('utf8');
  return text
    .split(/\r?\n/)
    .map((line) => line.split(';')[1]?.trim() ?? '')
    .filter((name) => name !== '')
    .map((name) => ({ name, type: 'organisation' as const, origin: 'bic-owner' }));
}

export function buildUnlistedNames(options: { personsPerLocale?: number; companiesPerLocale?: number } = {}): UnlistedName[] {
  const persons = options.personsPerLocale ?? 320;
  const companies = options.companiesPerLocale ?? 60;
  const out: UnlistedName[] = [];
  for (const [code, locale] of Object.entries(allLocales)) {
    if (SKIPPED_LOCALES.has(code)) continue;
    out.push(...personNames(code, locale, persons), ...companyNames(code, locale, companies));
  }
  out.push(...bicOwnerCompanies());
  const seen = new Set<string>();
  return out.filter((n) => {
    const key = n.name.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
