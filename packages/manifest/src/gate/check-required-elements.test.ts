import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseFilingSync } from '../parse-filing.js';
import { sampleFiling } from '../testing/read-fixture.js';
import { runGate } from './run-gate.js';

const required = (filing: Parameters<typeof runGate>[0]) => runGate(filing).filter((i) => i.code === 'REQUIRED_ELEMENT_MISSING');

describe('gate: SAFE / ICS2 required data elements', () => {
  it('finds nothing missing in the shipped samples (complete sea and road, house air, master rail)', () => {
    for (const name of ['sea-container.xml', 'road.xml', 'air.xml', 'rail.xml'] as const) expect(required(sampleFiling(name)), name).toEqual([]);
  });

  it('names each missing consignor, consignee and HS code on a complete canonical filing as a warning, with where to add it', () => {
    const filing = sampleFiling('sea-container.xml');
    const c = filing.consignments[1]!;
    c.parties = c.parties.filter((p) => p.role !== 'consignor' && p.role !== 'consignee');
    delete c.goods[1]!.commodityCode;
    const issues = required(filing);
    expect(issues.map((i) => `${i.severity} ${i.value}`)).toEqual(['warning consignor', 'warning consignee', 'warning commodityCode']);
    expect(issues[0]!.location).toMatch(/\/Consignor$/);
    expect(issues[2]!.location).toMatch(/GoodsItem.*\/CommodityCode$/);
    expect(issues[2]!.message).toContain('goods item 2 of consignment 2');
    expect(issues[2]!.message).toContain('information will be requested');
  });

  it('is an error where the format makes the element mandatory (IATA consignor/consignee)', () => {
    const filing = { ...sampleFiling('air.xml'), format: 'iata-xfzb' as const };
    filing.consignments[0]!.parties = filing.consignments[0]!.parties.filter((p) => p.role !== 'consignee');
    expect(required(filing).map((i) => `${i.severity} ${i.value}`)).toEqual(['error consignee']);
  });

  it('asks per level: a house needs its master document, a master needs no HS codes, postal needs no HS code', () => {
    const house = sampleFiling('air.xml');
    delete house.consignments[0]!.masterTransportDocument;
    expect(required(house).map((i) => i.value)).toContain('masterTransportDocument');
    const master = sampleFiling('rail.xml');
    for (const g of master.consignments[0]!.goods) delete g.commodityCode;
    expect(required(master)).toEqual([]);
    const road = sampleFiling('road.xml');
    for (const g of road.consignments[0]!.goods) delete g.commodityCode;
    expect(required(road).map((i) => i.value)).toEqual(['commodityCode', 'commodityCode']);
    expect(required({ ...road, conveyance: { ...road.conveyance, mode: 'postal' } })).toEqual([]);
  });

  it('reaches the filer through the parser: a canonical filing without consignee is accepted with the warning', () => {
    const xml = readFileSync(new URL('../../samples/road.xml', import.meta.url), 'utf8').replace(/<Consignee>[\s\S]*?<\/Consignee>/, '');
    const outcome = parseFilingSync(xml);
    expect(outcome.ok).toBe(true);
    expect(outcome.issues.filter((i) => i.code === 'REQUIRED_ELEMENT_MISSING').map((i) => `${i.severity} ${i.value}`)).toEqual(['warning consignee']);
  });
});
