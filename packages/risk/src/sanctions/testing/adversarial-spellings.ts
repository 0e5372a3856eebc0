/**
 * How an evader writes a listed name so that it looks the same to a person and different to a
 * program: look-alike letters from other scripts (TR39 confusables: Cyrillic, Greek, fullwidth,
 * mathematical alphanumerics), bidi controls, zero-width and tag characters, soft hyphens, braille and
 * other blank characters as spaces, combining marks, and mixtures of these. Every one of them must
 * still hit the listed entry.
 */
export type AdversarialKind =
  | 'cyrillic_lookalikes'
  | 'greek_lookalikes'
  | 'mixed_script_lookalikes'
  | 'fullwidth'
  | 'math_bold'
  | 'bidi_override'
  | 'bidi_isolates_and_marks'
  | 'zero_width'
  | 'tag_characters'
  | 'soft_hyphen'
  | 'braille_blank_spaces'
  | 'other_blank_spaces'
  | 'combining_marks'
  | 'combined';

const CYRILLIC: Readonly<Record<string, string>> = {
  A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', I: 'І', J: 'Ј', K: 'К', M: 'М', O: 'О', P: 'Р', S: 'Ѕ', T: 'Т', X: 'Х', Y: 'Ү',
  a: 'а', c: 'с', e: 'е', i: 'і', j: 'ј', o: 'о', p: 'р', s: 'ѕ', x: 'х', y: 'у',
};
const GREEK: Readonly<Record<string, string>> = {
  A: 'Α', B: 'Β', E: 'Ε', H: 'Η', I: 'Ι', K: 'Κ', M: 'Μ', N: 'Ν', O: 'Ο', P: 'Ρ', T: 'Τ', X: 'Χ', Y: 'Υ', Z: 'Ζ',
  o: 'ο', v: 'ν', i: 'ι', u: 'υ',
};

function replaceLetters(name: string, table: Readonly<Record<string, string>>, every: number): string {
  let n = 0;
  return [...name].map((ch) => (table[ch] !== undefined && n++ % every === 0 ? table[ch] : ch)).join('');
}

function mapAscii(name: string, offsetUpper: number, offsetLower: number): string {
  return [...name]
    .map((ch) => {
      const code = ch.charCodeAt(0);
      if (code >= 0x41 && code <= 0x5a) return String.fromCodePoint(offsetUpper + code - 0x41);
      if (code >= 0x61 && code <= 0x7a) return String.fromCodePoint(offsetLower + code - 0x61);
      return ch;
    })
    .join('');
}

function between(name: string, insert: string): string {
  return [...name].join(insert);
}

const TAG_TEXT = (text: string) => [...text].map((ch) => String.fromCodePoint(0xe0000 + ch.charCodeAt(0))).join('');

export function adversarialSpellings(name: string): Array<{ kind: AdversarialKind; query: string }> {
  const cyr = replaceLetters(name, CYRILLIC, 1);
  return [
    { kind: 'cyrillic_lookalikes', query: cyr },
    { kind: 'greek_lookalikes', query: replaceLetters(name, GREEK, 1) },
    { kind: 'mixed_script_lookalikes', query: replaceLetters(replaceLetters(name, CYRILLIC, 2), GREEK, 2) },
    { kind: 'fullwidth', query: mapAscii(name, 0xff21, 0xff41).replace(/ /g, '\u3000') },
    { kind: 'math_bold', query: mapAscii(name, 0x1d400, 0x1d41a) },
    { kind: 'bidi_override', query: `\u202e${[...name].reverse().join('')}\u202c` },
    { kind: 'bidi_isolates_and_marks', query: `\u2067${between(name, '\u200f')}\u2069\u200e` },
    { kind: 'zero_width', query: between(name, ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'][name.length % 5]!) },
    { kind: 'tag_characters', query: `${[...name].map((ch, i) => (i % 2 === 0 ? ch + TAG_TEXT('x') : ch)).join('')}${TAG_TEXT('ok')}\u{e007f}` },
    { kind: 'soft_hyphen', query: between(name, '\u00ad') },
    { kind: 'braille_blank_spaces', query: name.replace(/ /g, '\u2800') },
    { kind: 'other_blank_spaces', query: name.replace(/ /g, (_, at: number) => ['\u00a0', '\u2007', '\u3164', '\u205f', '\u2003'][at % 5]!) },
    { kind: 'combining_marks', query: [...name].map((ch, i) => (/[A-Za-z]/.test(ch) && i % 2 === 0 ? `${ch}\u0301\u0323` : ch)).join('') },
    { kind: 'combined', query: `\u202e\u200b${[...cyr.replace(/ /g, '\u2800')].reverse().join('\u200d')}\u202c` },
  ];
}
