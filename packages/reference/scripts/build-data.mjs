// Regenerates data/ from the team's copy of the public sources (see data/PROVENANCE.md).
// Run by hand when a code list is refreshed: node scripts/build-data.mjs /work/shared/data/reference
// The product never reads the source folder; it ships only the trimmed files written here.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const source = process.argv[2];
if (!source) throw new Error('usage: node scripts/build-data.mjs <reference-source-dir>');
const out = new URL('../data/', import.meta.url);

/** RFC 4180 parser for the well-formed files (HS, ISO 3166). */
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

const csvField = (v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvLine = (fields) => fields.map(csvField).join(',');

// UN/LOCODE: the geoapify file breaks rows whose name contains a comma: `MY,BAU,"""Bau"," Sarawak""",
// """Bau"," Sarawak""",,1-------,1.06,110.68,true` spreads the name over two fields and drops the status
// and IATA columns. So: plain comma split; quoted rows take the name from two fields and shift the tail.
// A code listed twice (bilingual names such as Brussel/Bruxelles) keeps its first entry.
{
  const lines = readFileSync(join(source, 'unlocode/unlocode-geoapify.csv'), 'utf8').split(/\r?\n/).slice(1);
  const outLines = ['code,country,name,function,lat,lon,iata'];
  const seen = new Set();
  const round = (v) => (v === '' || Number.isNaN(Number(v)) ? '' : String(Math.round(Number(v) * 1e4) / 1e4));
  for (const line of lines) {
    if (line.trim() === '') continue;
    const f = line.split(',');
    const broken = line.includes('"');
    // Some names arrive with U+FFFD where a diacritic was lost upstream; the ASCII column is then the better name.
    const name = broken ? `${f[2].replace(/"/g, '').trim()}, ${f[3].replace(/"/g, '').trim()}` : f[2].includes('\uFFFD') ? f[3] : f[2];
    const fn = broken ? f[f.length - 4] : f[6];
    const code = f[0] + f[1];
    if (seen.has(code)) continue;
    seen.add(code);
    // The IATA column is filled only where the airport's IATA code differs from the location part.
    const iata = broken ? '' : f[7];
    outLines.push(csvLine([code, f[0], name, fn, round(f[f.length - 3]), round(f[f.length - 2]), iata]));
  }
  writeFileSync(new URL('unlocode.csv.gz', out), gzipSync(outLines.join('\n') + '\n', { level: 9 }));
  console.log('unlocode rows', outLines.length - 1);
}

// ISO 3166-1 alpha-2 plus the user-assigned codes EU customs uses (domain.md 6.6).
{
  const rows = parseCsv(readFileSync(join(source, 'iso3166/country-list.csv'), 'utf8')).slice(1);
  const outLines = ['code,name,kind'];
  for (const [name, code] of rows) outLines.push(csvLine([code, name, 'iso']));
  const customs = [
    ['XK', 'Kosovo'],
    ['XI', 'United Kingdom (Northern Ireland)'],
    ['XU', 'United Kingdom (excluding Northern Ireland)'],
    ['XC', 'Ceuta'],
    ['XL', 'Melilla'],
    ['XS', 'Serbia'],
  ];
  for (const [code, name] of customs) outLines.push(csvLine([code, name, 'customs']));
  writeFileSync(new URL('countries.csv', out), outLines.join('\n') + '\n');
  console.log('country rows', outLines.length - 1);
}

// HS editions: chapters (2), headings (4) and subheadings (6) with descriptions.
for (const edition of ['hs2022', 'hs2017']) {
  const rows = parseCsv(readFileSync(join(source, `hs/${edition}.csv`), 'utf8').replace(/^\uFEFF/, '')).slice(1);
  const outLines = ['code,description'];
  for (const [, code, description, , level] of rows) {
    if (!['2', '4', '6'].includes(level) || !/^\d+$/.test(code)) continue;
    // UN Comtrade's 99/9999/999999 "commodities not specified" is a statistical code, not HS: drop it
    // so a filed 9999xx is reported as unknown.
    if (code.startsWith('99')) continue;
    outLines.push(csvLine([code, description.replace(/\s+/g, ' ').trim()]));
  }
  writeFileSync(new URL(`${edition}.csv.gz`, out), gzipSync(outLines.join('\n') + '\n', { level: 9 }));
  console.log(edition, 'rows', outLines.length - 1);
}
