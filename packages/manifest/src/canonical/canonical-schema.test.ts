import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';

const packageDir = new URL('../../', import.meta.url);
const schema = readFileSync(new URL('schemas/canonical/advance-cargo-1.xsd', packageDir), 'utf8');
const read = (name: string): string => readFileSync(new URL(`samples/${name}`, packageDir), 'utf8');

async function validate(xml: string, fileName: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({ xml: [{ fileName, contents: xml }], schema: [{ fileName: 'advance-cargo-1.xsd', contents: schema }] });
  return { valid: result.valid, errors: result.errors.map((e) => e.rawMessage) };
}

describe('the published XSD and the samples agree', () => {
  for (const sample of ['sea-container.xml', 'air.xml', 'road.xml', 'rail.xml']) {
    it(`${sample} is valid against advance-cargo-1.xsd`, async () => {
      expect(await validate(read(sample), sample)).toEqual({ valid: true, errors: [] });
    });
  }

  it('rejects a document that breaks the schema', async () => {
    const broken = read('road.xml').replace('<ModeCode>3</ModeCode>', '<ModeCode>truck</ModeCode>');
    const result = await validate(broken, 'broken.xml');
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/ModeCode/);
  });
});
