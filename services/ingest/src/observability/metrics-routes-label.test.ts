import { describe, expect, it } from 'vitest';
import { rootElementOf } from './metrics-routes.js';

describe('rootElementOf (the format label of a refused filing)', () => {
  it('names the formats we accept and nothing else, so a filer cannot mint new series', () => {
    expect(rootElementOf({ body: Buffer.from('<?xml version="1.0"?><ie:CC315A xmlns:ie="x">') })).toBe('CC315A');
    expect(rootElementOf({ body: Buffer.from('<AdvanceCargoDeclaration>') })).toBe('AdvanceCargoDeclaration');
    const labels = new Set(Array.from({ length: 500 }, (_, i) => rootElementOf({ body: Buffer.from(`<Root${i}>`) })));
    expect([...labels]).toEqual(['other']);
    expect(rootElementOf({ body: 'not a buffer' })).toBe('unknown');
  });
});
