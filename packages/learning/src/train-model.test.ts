import { describe, expect, it } from 'vitest';
import type { ExampleFeatures, InspectionFinding, LabelledExample } from './labelled-example.js';
import { scoreExample, scoreProbability } from './score-example.js';
import type { TrainingSettings } from './targeting-model.js';
import { defaultSettings, hashString, MIN_EXAMPLES_FOR_TREES, trainModel } from './train-model.js';

const FIXED = { trainedAt: '2026-01-01T00:00:00.000Z' };

function example(id: string, features: ExampleFeatures, outcome: InspectionFinding, source: LabelledExample['source'] = 'officer'): LabelledExample {
  return { id, date: '2026-01-01', source, features, outcome };
}

/** Eight-row histories are too small for trees (no leaf could hold enough rows) and for time blocks. */
function settings(families: string[], overrides: Partial<TrainingSettings> = {}): TrainingSettings {
  return { ...defaultSettings('fraud'), families, smoothing: 1, folds: 2, combiner: 'logistic', encoding: 'k_fold', ...overrides };
}

/** 3 of 3 cars 870323 from CN irregular, 0 of 5 cars 870321 from DE. */
const CARS = [
  ...[1, 2, 3].map((i) => example(`a${i}`, { commodityCode: '870323', originCountry: 'CN' }, 'irregularity')),
  ...[1, 2, 3, 4, 5].map((i) => example(`b${i}`, { commodityCode: '870321', originCountry: 'DE' }, 'no_finding')),
];

describe('smoothed rates with back-off', () => {
  it('explains a known combination with its own history', () => {
    const model = trainModel(CARS, settings(['commodity_origin']), FIXED);
    const [c] = scoreExample(model, { commodityCode: '870323', originCountry: 'CN' }).contributions;
    expect(c?.text).toBe('commodity 870323 from origin CN: 3 of 3 past inspections found irregularities');
    // prior (3+1)/(8+2) = 0.4; chapter 87 with CN (3 of 3): (3+0.4)/4 = 0.85; heading: (3+0.85)/4; own: (3+that)/4.
    const heading = (3 + 0.85) / 4;
    expect(c?.rate).toBeCloseTo((3 + heading) / 4, 12);
  });

  it('backs off an unseen subheading to its heading, and an unseen heading to the overall rate', () => {
    const model = trainModel(CARS, settings(['commodity']), FIXED);
    const unseenSubheading = scoreExample(model, { commodityCode: '870324' }).contributions[0];
    expect(unseenSubheading?.text).toBe('commodity 8703: 3 of 8 past inspections found irregularities');
    const chapter = (3 + 0.4) / 9;
    expect(unseenSubheading?.rate).toBeCloseTo((3 + chapter) / 9, 12);

    const unseenChapter = scoreExample(model, { commodityCode: '010121' }).contributions[0];
    expect(unseenChapter?.text).toBe('commodity 010121: no past inspections');
    expect(unseenChapter?.rate).toBeCloseTo(0.4, 12);
    expect(scoreExample(model, {}).contributions[0]?.text).toBe('commodity not declared: no past inspections');
  });

  it('ranks a declaration with an adverse history above one with a clean history', () => {
    const model = trainModel(CARS, settings(['commodity_origin']), FIXED);
    expect(scoreProbability(model, { commodityCode: '870323', originCountry: 'CN' })).toBeGreaterThan(
      scoreProbability(model, { commodityCode: '870321', originCountry: 'DE' }),
    );
  });

  it('counts only serious findings for the critical target', () => {
    const history = [...CARS, example('c1', { commodityCode: '870323', originCountry: 'CN' }, 'serious_finding')];
    const model = trainModel(history, settings(['commodity_origin'], { target: 'critical' }), FIXED);
    expect(model.training.adverse).toBe(1);
    expect(scoreExample(model, { commodityCode: '870323', originCountry: 'CN' }).contributions[0]?.text).toBe(
      'commodity 870323 from origin CN: 1 of 4 past inspections found serious irregularities',
    );
  });
});

describe('no leakage from training rows into their own encodings', () => {
  // Every row has its own importer and a label unrelated to it; commodity carries the real signal.
  // Encoded in-fold, the importer's rate would be the row's own label and the combiner would trust
  // it above all; encoded out-of-fold it never has history, so it cannot move a score.
  const rows = Array.from({ length: 400 }, (_, i) => {
    const risky = i % 2 === 0;
    const adverse = hashString(`row${i}`) % 100 < (risky ? 80 : 20);
    return example(`r${i}`, { importerId: `IMP${i}`, commodityCode: risky ? '930100' : '610910' }, adverse ? 'irregularity' : 'no_finding');
  });
  const adverseRisky = rows.find((r) => r.outcome === 'irregularity' && r.features.commodityCode === '930100')!;

  it.each([
    ['boosted', 'k_fold'],
    ['logistic', 'k_fold'],
    ['boosted', 'time_ordered'],
  ] as const)('%s, %s: a never-repeating feature moves nothing, the real signal a lot', (combiner, encoding) => {
    // Dates spread over the year so that time blocks hold both commodities.
    const dated = rows.map((r, i) => ({ ...r, date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-01` }));
    const model = trainModel(dated, settings(['importer', 'commodity'], { folds: 5, combiner, encoding }), FIXED);
    const known = scoreProbability(model, adverseRisky.features);
    const stranger = scoreProbability(model, { importerId: 'NEVER-SEEN', commodityCode: '930100' });
    expect(Math.abs(known - stranger)).toBeLessThan(0.01);
    expect(stranger).toBeGreaterThan(scoreProbability(model, { importerId: 'NEVER-SEEN', commodityCode: '610910' }) + 0.4);
  });
});

describe('history at every granularity', () => {
  // 40 exact repeats of one declaration key, 38 irregular; the same commodity and route with
  // other tax lines mostly clean; another commodity clean throughout.
  const key = { commodityCode: '870323', originCountry: 'CN', loadingCountry: 'HK', taxRate: '8.0', taxType: 'A' };
  const history = [
    ...Array.from({ length: 40 }, (_, i) => example(`k${i}`, key, i < 38 ? 'irregularity' : 'no_finding')),
    ...Array.from({ length: 60 }, (_, i) => example(`o${i}`, { ...key, taxRate: `${i % 3}.0` }, i % 10 === 0 ? 'irregularity' : 'no_finding')),
    ...Array.from({ length: 100 }, (_, i) => example(`c${i}`, { ...key, commodityCode: '610910', taxRate: `${i % 2}.0` }, i % 25 === 0 ? 'irregularity' : 'no_finding')),
  ];
  // Spread over the year, so that every time block holds every kind of row.
  const dated = history.map((e, i) => ({ ...e, date: `2026-${String(1 + (i % 12)).padStart(2, '0')}-01` }));
  const model = trainModel(dated, defaultSettings('fraud'), FIXED);

  it('ranks an exact repeat of an adverse key first and explains it with that key', () => {
    const repeat = scoreExample(model, key);
    expect(repeat.probability).toBeGreaterThan(scoreProbability(model, { ...key, taxRate: '1.0' }));
    expect(repeat.contributions[0]?.text).toBe('commodity 870323 from origin CN loaded in HK tax rate 8.0 tax type A: 38 of 40 past inspections found irregularities');
    // Weights are what each chain's history does to the score: none declared, no effect.
    expect(repeat.contributions[0]?.weight).toBeGreaterThan(0);
    expect(repeat.contributions.find((c) => c.feature === 'declarant_office_chain')?.weight).toBe(0);
  });

  it('backs an unseen combination off to its best-supported broader key', () => {
    const unseen = scoreExample(model, { ...key, taxRate: '99.0' });
    expect(unseen.contributions.find((c) => c.feature === 'declaration')?.text).toBe(
      'commodity 870323 from origin CN loaded in HK: 44 of 100 past inspections found irregularities',
    );
    expect(unseen.probability).toBeGreaterThan(scoreProbability(model, { ...key, commodityCode: '610910', taxRate: '99.0' }));
  });

  it('judges a filing that lacks a key part on the broader key it has, not as never seen', () => {
    const { taxRate: _rate, taxType: _type, ...withoutTax } = key;
    expect(scoreProbability(model, withoutTax)).toBeGreaterThan(scoreProbability(model, { ...withoutTax, commodityCode: '610910' }));
  });
});

describe('default settings by history size', () => {
  it('uses trees for fraud only with enough history, a logistic regression over the declaration chain otherwise', () => {
    expect(defaultSettings('fraud')).toMatchObject({ combiner: 'boosted', encoding: 'time_ordered' });
    expect(defaultSettings('fraud', MIN_EXAMPLES_FOR_TREES)).toMatchObject({ combiner: 'boosted' });
    expect(defaultSettings('fraud', MIN_EXAMPLES_FOR_TREES - 1)).toMatchObject({ combiner: 'logistic', families: ['declaration'], encoding: 'k_fold' });
    expect(defaultSettings('critical')).toMatchObject({ combiner: 'logistic', families: ['declaration'], smoothing: 0.1 });
  });
});

describe('training data handling', () => {
  it('keeps random-control results out of training unless asked', () => {
    const control = example('ctl', { commodityCode: '870323', originCountry: 'CN' }, 'no_finding', 'random_control');
    const without = trainModel([...CARS, control], settings(['commodity_origin']), FIXED);
    expect(without.training).toMatchObject({ examples: 8, controlGroupExcluded: 1 });
    const withControl = trainModel([...CARS, control], settings(['commodity_origin'], { includeControlGroup: true }), FIXED);
    expect(withControl.training).toMatchObject({ examples: 9, controlGroupExcluded: 0 });
    expect(withControl.version).not.toBe(without.version);
  });

  it('refuses unknown families, fewer than two folds and an empty history with stable codes', () => {
    expect(() => trainModel(CARS, settings(['no_such_family']))).toThrow(expect.objectContaining({ code: 'LEARNING_SETTINGS_INVALID' }));
    expect(() => trainModel(CARS, settings(['commodity'], { folds: 1 }))).toThrow(expect.objectContaining({ code: 'LEARNING_SETTINGS_INVALID' }));
    expect(() => trainModel([], settings(['commodity']))).toThrow(expect.objectContaining({ code: 'LEARNING_NO_EXAMPLES' }));
  });
});

describe('model as stored data', () => {
  const history = [
    ...CARS,
    ...Array.from({ length: 30 }, (_, i) =>
      example(`m${i}`, { commodityCode: i % 3 === 0 ? '300490' : '300410', originCountry: i % 2 === 0 ? 'IN' : 'CH', loadingCountry: 'AE' }, i % 4 === 0 ? 'irregularity' : 'no_finding'),
    ),
  ];
  const probe: ExampleFeatures = { commodityCode: '300490', originCountry: 'IN', loadingCountry: 'AE' };

  it('scores the same after a JSON round trip', () => {
    const model = trainModel(history, defaultSettings('fraud'), FIXED);
    const restored = JSON.parse(JSON.stringify(model)) as typeof model;
    expect(scoreExample(restored, probe)).toEqual(scoreExample(model, probe));
  });

  it('is reproducible, and independent of the order of the history', () => {
    const first = trainModel(history, defaultSettings('fraud'), FIXED);
    expect(trainModel(history, defaultSettings('fraud'), FIXED)).toEqual(first);
    const reversed = trainModel([...history].reverse(), defaultSettings('fraud'), FIXED);
    expect(reversed.version).toBe(first.version);
    expect(scoreProbability(reversed, probe)).toBeCloseTo(scoreProbability(first, probe), 10);
  });

  it('changes version when the history changes', () => {
    const first = trainModel(history, defaultSettings('fraud'), FIXED);
    const changed = trainModel(history.slice(1), defaultSettings('fraud'), FIXED);
    expect(changed.version).not.toBe(first.version);
    expect(first.version).toMatch(/^fraud-2026-01-01-[0-9a-f]{8}$/);
  });
});
