import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifySchemaMessage, validateEnsSchema } from './validate-ens-schema.js';

const VALID = readFileSync(fileURLToPath(new URL('../../test-data/ens/validSubmission.xml', import.meta.url)), 'utf8');

describe('classifySchemaMessage', () => {
  it('reports a facet failure as Xerces does: the facet, then the element value', () => {
    expect(classifySchemaMessage("Element 'X': [facet 'maxLength'] The value 'abc' has a length of 3").keys).toEqual(['cvc-maxLength-valid', 'cvc-type.3.1.3']);
  });

  it('tells an unexpected element with alternatives from one where nothing more may follow', () => {
    expect(classifySchemaMessage("Element 'X': This element is not expected. Expected is ( Y ).").keys).toEqual(['cvc-complex-type.2.4.a']);
    expect(classifySchemaMessage("Element 'X': This element is not expected.").keys).toEqual(['cvc-complex-type.2.4.d']);
  });
});

describe('validateEnsSchema', () => {
  it('accepts HMRC valid submission', async () => {
    expect(await validateEnsSchema(VALID, 'CC315A')).toEqual([]);
  });

  it('reports a missing mandatory child at its parent with HMRC code 4066', async () => {
    const raw = VALID.replace(/<PERLODSUMDEC>[\s\S]*?<\/PERLODSUMDEC>/, '<PERLODSUMDEC><NamPLD1>x</NamPLD1></PERLODSUMDEC>');
    const issues = await validateEnsSchema(raw, 'CC315A');
    expect(issues.map((i) => [i.externalCode, i.location])).toEqual([['4066', '/ie:CC315A[1]/PERLODSUMDEC[1]']]);
  });

  it('refuses a document type declaration before libxml2 sees it', async () => {
    const raw = VALID.replace('<ie:CC315A', '<!DOCTYPE x [<!ENTITY a "b">]><ie:CC315A');
    expect(await validateEnsSchema(raw, 'CC315A')).toEqual([expect.objectContaining({ code: 'MANIFEST_DTD_FORBIDDEN' })]);
  });
});
