import { describe, expect, it } from 'vitest';
import { parseFilingSync } from '../parse-filing.js';
import { buildDemoDay } from './build-demo-day.js';

describe('buildDemoDay', () => {
  const now = new Date('2027-03-10T08:00:00Z');
  const day = buildDemoDay({ now, runId: 'AB12', generatedConsignments: 40 });

  it('gives filings of every mode that the parser and the gate accept', () => {
    for (const filing of day) {
      const result = parseFilingSync(Buffer.from(filing.xml));
      expect(result.ok, `${filing.lrn}: ${JSON.stringify(result.ok ? '' : result.issues.slice(0, 3))}`).toBe(true);
    }
    const modes = day.map((f) => /<ModeCode>(\d)</.exec(f.xml)?.[1]);
    expect(new Set(modes)).toEqual(new Set(['1', '2', '3', '4']));
  });

  it('dates the day around the given clock, with one filing deliberately late', () => {
    const first = (xml: string, element: string) => Date.parse(new RegExp(`<${element}>([^<]*)<`).exec(xml)![1]!);
    const departures = day.map((f) => first(f.xml, 'ExpectedDeparture'));
    expect(departures.every((t) => t > now.getTime() && t - now.getTime() < 5 * 86_400_000)).toBe(true);
    // Sea filings state their loading time; exactly one of them is filed after it.
    const loadings = day.filter((f) => f.xml.includes('<ExpectedLoading>')).map((f) => first(f.xml, 'ExpectedLoading'));
    expect(loadings.filter((t) => t < now.getTime())).toHaveLength(1);
  });

  it('makes each run new traffic: LRNs and transport documents carry the run id', () => {
    expect(new Set(day.map((f) => f.lrn)).size).toBe(day.length);
    const other = buildDemoDay({ now, runId: 'CD34', generatedConsignments: 40 });
    const documents = (xml: string) => [...xml.matchAll(/<TransportDocument>\s*<TypeCode>N7(?!4[01])\d\d<\/TypeCode>\s*<Number>([^<]*)</g)].map((m) => m[1]);
    const first = new Set(day.flatMap((f) => documents(f.xml)));
    expect(other.flatMap((f) => documents(f.xml)).filter((d) => first.has(d))).toEqual([]);
    expect(() => buildDemoDay({ now, runId: 'bad id', generatedConsignments: 1 })).toThrow(/runId/);
  });
});
