import { describe, expect, it } from 'vitest';
import { toLabelledExample } from './targeting-trainer.js';

const stored = { id: 7, consignmentId: 'c-1', reference: null, source: 'export_customs', outcome: 'irregularity', date: '2026-11-20' };

describe('toLabelledExample', () => {
  it('keeps the features the model knows, with their types, and names the example by its consignment', () => {
    const example = toLabelledExample({ ...stored, features: { commodityCode: '841810', originCountry: 'CN', netMassKg: 1200, hs6: '841810', partyIds: ['x'], mode: 7 } });
    expect(example).toEqual({ id: 'c-1', date: '2026-11-20', source: 'export_customs', outcome: 'irregularity', features: { commodityCode: '841810', originCountry: 'CN', netMassKg: 1200 } });
  });

  it('names an imported example by its declaration', () => {
    expect(toLabelledExample({ ...stored, consignmentId: null, reference: '97061800', source: 'import', features: {} })?.id).toBe('97061800');
  });

  it('leaves out rows that are not labels rather than guessing', () => {
    expect(toLabelledExample({ ...stored, outcome: 'positive', features: {} })).toBeUndefined();
    expect(toLabelledExample({ ...stored, source: 'rumour', features: {} })).toBeUndefined();
  });
});
