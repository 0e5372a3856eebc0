/**
 * Performance-regression fuzz test: every entry point that reads untrusted text (canonical, ENS and
 * IATA manifests, JSON bodies, rule sets, CSV imports) gets adversarial inputs of growing size, and
 * the growth of its CPU time is fitted on a log-log scale. A quadratic scanner has a slope near 2;
 * the bound is 1.3, loose enough for a loaded two-core machine, tight enough to catch any
 * superlinear regression (the `<a` flood that held a worker for a minute had a slope of 2).
 *
 * The patterns are the ones that break backtracking scanners: a character or short token repeated
 * with nothing to close it (`<`, `<a`, quotes, `<!--`, `<?`, CDATA openings), long runs of
 * whitespace, long tokens, and nested brackets. Each is tried bare after the format's root tag and
 * inside a real document's text, where it reaches the format parser's own field handling.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '@safe-screen/domain';
import { parseFiling, parseFilingSync } from '@safe-screen/manifest';
import { parseRuleSetText } from '@safe-screen/risk';
import { describeGrowth, measureGrowth } from './growth-fit.js';

const MAX_SLOPE = 1.3;
const SIZES = [16_384, 32_768, 65_536, 131_072, 262_144];

const repeatTo = (unit: string, size: number): string => unit.repeat(Math.max(1, Math.floor(size / unit.length)));

/** Markup-breaking patterns for XML entry points. */
const XML_PATTERNS: Record<string, (size: number) => string> = {
  'lt': (n) => repeatTo('<', n),
  'lt-a': (n) => repeatTo('<a', n),
  'lt-a-space': (n) => repeatTo('<a ', n),
  'open-quote': (n) => `<a x="${repeatTo('<a', n)}`,
  'quotes': (n) => `<a ${repeatTo('x="" ', n)}`,
  'comment-opens': (n) => repeatTo('<!--', n),
  'pi-opens': (n) => repeatTo('<?', n),
  'cdata-opens': (n) => repeatTo('<![CDATA[', n),
  'close-tags': (n) => repeatTo('</a', n),
  'whitespace': (n) => repeatTo(' ', n),
  'whitespace-newlines': (n) => repeatTo(' \t \n', n),
  'long-token': (n) => `<${repeatTo('a', n)}`,
  'long-attribute-name': (n) => `<a ${repeatTo('b', n)}`,
  'nested': (n) => repeatTo('<a x="/>">', n),
  'ampersands': (n) => repeatTo('&', n),
};

/** Patterns that must stay text (escaped), so the document stays well-formed and reaches the format parser. */
const TEXT_PATTERNS: Record<string, (size: number) => string> = {
  'spaces': (n) => `A${repeatTo(' ', n)}B`,
  'spaces-and-newlines': (n) => `A${repeatTo('  \n ', n)}B`,
  'long-token': (n) => repeatTo('A', n),
  'escaped-lt': (n) => repeatTo('&lt;a', n),
  'quotes': (n) => repeatTo('"\'', n),
};

function sample(path: string): string {
  return readFileSync(new URL(`../../packages/manifest/${path}`, import.meta.url), 'utf8');
}

const CANONICAL = sample('samples/air.xml');
const ENS = sample('test-data/ens/CC315A_reduced.xml');
const IATA = sample('test-data/iata/888-11111111_XFWB.xml');

const ENVELOPES: Record<string, (payload: string) => string> = {
  canonical: (payload) => `<?xml version="1.0"?><AdvanceCargoDeclaration xmlns="urn:safe-screen:advance-cargo:1" version="1.0">${payload}`,
  ens: (payload) => `<ie:CC315A xmlns:ie="http://ics.dgtaxud.ec/CC315A">${payload}`,
  iata: (payload) => `<rsm:Waybill xmlns:rsm="iata:waybill:1">${payload}`,
};

/** The first occurrence of `<open>…</…>` gets the payload as its text. */
function inject(document: string, open: string, payload: string): string {
  const at = document.indexOf(open);
  if (at === -1) throw new Error(`no ${open} in the sample`);
  const start = at + open.length;
  const end = document.indexOf('</', start);
  return document.slice(0, start) + payload + document.slice(end);
}

const DOCUMENTS: Record<string, (payload: string) => string> = {
  canonical: (payload) => inject(CANONICAL, '<Name>', payload),
  ens: (payload) => inject(ENS, '<MesSenMES3>', payload),
  iata: (payload) => inject(IATA, '<Name>', payload),
};

async function expectLinear<T>(build: (size: number) => T, work: (input: T) => unknown, sizes = SIZES): Promise<void> {
  const fit = await measureGrowth(build, work, { sizes });
  expect(fit.slope, describeGrowth(fit)).toBeLessThan(MAX_SLOPE);
}

describe('XML manifests: time grows linearly with adversarial input', () => {
  for (const [format, envelope] of Object.entries(ENVELOPES)) {
    for (const [pattern, make] of Object.entries(XML_PATTERNS)) {
      it(`${format} after the root tag: ${pattern}`, async () => {
        await expectLinear((n) => envelope(make(n)), (text) => parseFilingSync(text));
      });
    }
  }
  for (const [format, document] of Object.entries(DOCUMENTS)) {
    for (const [pattern, make] of Object.entries(TEXT_PATTERNS)) {
      it(`${format} inside a real document's text: ${pattern}`, async () => {
        await expectLinear((n) => document(make(n)), (text) => parseFilingSync(text));
      });
    }
  }
  it('ENS with schema validation: many unexpected elements', async () => {
    await expectLinear((n) => inject(ENS, '<MesSenMES3>', 'x') .replace('<HEAHEA>', `<HEAHEA>${repeatTo('<Bogus/>', n)}`), (text) => parseFiling(text), [4_096, 8_192, 16_384, 32_768, 65_536]);
  });
});

describe('JSON bodies: time grows linearly with adversarial input', () => {
  const app = Fastify({ bodyLimit: 8 * 1024 * 1024 });
  app.post('/json', async () => ({ ok: true }));
  const JSON_PATTERNS: Record<string, (n: number) => string> = {
    'nested-arrays': (n) => repeatTo('[', n),
    'nested-objects': (n) => repeatTo('{"a":', n),
    'long-string': (n) => `{"a":"${repeatTo('x', n)}"}`,
    'escapes': (n) => `{"a":"${repeatTo('\\u0041', n)}"}`,
    'whitespace': (n) => `{${repeatTo(' ', n)}}`,
    'proto-keys': (n) => `{${repeatTo('"__proto__":{},', n)}"a":1}`,
    'quotes': (n) => repeatTo('"', n),
  };
  for (const [pattern, make] of Object.entries(JSON_PATTERNS)) {
    it(`fastify JSON body: ${pattern}`, async () => {
      await expectLinear(make, (payload) => app.inject({ method: 'POST', url: '/json', headers: { 'content-type': 'application/json' }, payload }));
    });
  }
});

describe('rule sets (YAML or JSON): time grows linearly with adversarial input', () => {
  const RULE_SET_PATTERNS: Record<string, (n: number) => string> = {
    'nested-flow-sequences': (n) => repeatTo('[', n),
    'nested-flow-maps': (n) => repeatTo('{a: ', n),
    'nested-block-indent': (n) => Array.from({ length: Math.min(2000, n / 64) }, (_, i) => `${' '.repeat(i)}- `).join('\n'),
    'long-token': (n) => `version: ${repeatTo('a', n)}`,
    'quotes': (n) => `version: "${repeatTo('\\"', n)}`,
    'whitespace': (n) => `version:${repeatTo(' ', n)}x`,
    'anchors': (n) => `a: &x ${repeatTo('[*x, ', n)}`,
    'comments': (n) => repeatTo('#\n', n),
  };
  for (const [pattern, make] of Object.entries(RULE_SET_PATTERNS)) {
    it(`parseRuleSetText: ${pattern}`, async () => {
      await expectLinear(make, (text) => parseRuleSetText(text));
    });
  }
});

describe('CSV imports: time grows linearly with adversarial input', () => {
  const CSV_PATTERNS: Record<string, (n: number) => string> = {
    'quotes': (n) => repeatTo('"', n),
    'open-quote': (n) => `"${repeatTo('a,', n)}`,
    'doubled-quotes': (n) => `"${repeatTo('""', n)}"`,
    'long-field': (n) => repeatTo('a', n),
    'many-columns': (n) => repeatTo(',', n),
    'line-breaks': (n) => repeatTo('\r\n', n),
    'stray-quotes': (n) => repeatTo('a"b', n),
  };
  for (const [pattern, make] of Object.entries(CSV_PATTERNS)) {
    it(`parseCsv: ${pattern}`, async () => {
      await expectLinear(make, (text) => {
        try {
          return parseCsv(text);
        } catch {
          return undefined;
        }
      });
    });
  }
});
