import { COUNTRY_NAMES } from './country-names.js';
import { foldName } from './normalise-name.js';

const BY_FOLDED_NAME: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [code, names] of Object.entries(COUNTRY_NAMES)) {
    map.set(code.toLowerCase(), code);
    for (const name of names) {
      // UN writes "Bolivia (Plurinational State of)" and "Netherlands (the)"; both halves are useful.
      map.set(foldName(name), code);
      map.set(foldName(name.replace(/\([^)]*\)/g, '')), code);
      map.set(foldName(name.replace(/^the /i, '')), code);
    }
  }
  return map;
})();

/** Country as written in a sanctions list -> ISO alpha-2, or undefined when it is not a country name. */
export function resolveCountry(name: string): string | undefined {
  const folded = foldName(name);
  if (folded === '') return undefined;
  return BY_FOLDED_NAME.get(folded) ?? BY_FOLDED_NAME.get(folded.replace(/^the /, ''));
}
