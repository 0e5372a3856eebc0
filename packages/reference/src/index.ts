export { isKnownCountry, lookupCountry } from './countries.js';
export type { Country } from './countries.js';
export { isKnownUnlocode, lookupAirport, lookupUnlocode } from './unlocode.js';
export type { UnlocodeEntry, UnlocodeFunction } from './unlocode.js';
export { HS_EDITIONS, hsCodeExists, listHsSubheadings, lookupHs } from './hs.js';
export type { HsEdition, HsSubheading } from './hs.js';
