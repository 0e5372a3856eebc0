import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml.js';
import { readEnsMessage } from './ens-message.js';
import { mapEnsFiling } from './map-ens-filing.js';

const SAMPLES = fileURLToPath(new URL('../../test-data/ens/', import.meta.url));

describe('ENS licence citations', () => {
  it('reads export (N811) and import (N911) licences among the produced documents, not other documents', () => {
    const item = `<GOOITEGDS><IteNumGDS7>1</IteNumGDS7><GroMasGDS46>600</GroMasGDS46>
      <PRODOCDC2><DocTypDC21>N705</DocTypDC21><DocRefDC23>BL-A</DocRefDC23></PRODOCDC2>
      <PRODOCDC2><DocTypDC21>N911</DocTypDC21><DocRefDC23>NL-EXPL-2026-0042</DocRefDC23></PRODOCDC2>
      <PRODOCDC2><DocTypDC21>N811</DocTypDC21><DocRefDC23>CN-EXP-77</DocRefDC23></PRODOCDC2>
      <PRODOCDC2><DocTypDC21>N380</DocTypDC21><DocRefDC23>INV-1</DocRefDC23></PRODOCDC2>
      <PACGS2><KinOfPacGS23>CT</KinOfPacGS23><NumOfPacGS24>40</NumOfPacGS24></PACGS2></GOOITEGDS>`;
    const raw = readFileSync(`${SAMPLES}validSubmission.xml`, 'utf8').replace(/<GOOITEGDS>[\s\S]*<\/GOOITEGDS>/, item);
    const parsed = parseXml(raw);
    if (!parsed.ok) throw new Error(parsed.issue.message);
    const filing = mapEnsFiling(readEnsMessage(parsed.xml, 'CC315A'));
    expect(filing.consignments[0]?.licences).toEqual([
      { number: 'NL-EXPL-2026-0042', location: expect.stringMatching(/PRODOCDC2\[2\]$/) },
      { number: 'CN-EXP-77', location: expect.stringMatching(/PRODOCDC2\[3\]$/) },
    ]);
    expect(filing.consignments[0]?.transportDocument?.number).toBe('BL-A');
  });
});
