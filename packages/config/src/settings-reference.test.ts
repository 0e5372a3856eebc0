import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES } from './config.js';
import { listSettings, renderSettingsReference } from './settings-reference.js';

const configSource = readFileSync(fileURLToPath(new URL('./config.ts', import.meta.url)), 'utf8');

describe('settings reference', () => {
  it('documents every setting the schema accepts, each with what it does', () => {
    const settings = listSettings(configSource);
    expect(settings.map((s) => s.name)).toEqual([...SETTING_NAMES]);
    const undocumented = settings.filter((s) => s.effect.length < 10).map((s) => s.name);
    expect(undocumented, 'add a doc comment to these settings in EnvSchema').toEqual([]);
  });

  it('is committed as generated (npx tsx packages/config/src/write-settings-reference.ts)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../../docs/settings.md', import.meta.url)), 'utf8');
    expect(committed).toBe(renderSettingsReference(configSource));
  });

  it('takes types and defaults from the schema, and machine-dependent defaults from @default', () => {
    const byName = new Map(listSettings(configSource).map((s) => [s.name, s]));
    expect(byName.get('PORT')).toMatchObject({ type: 'integer 0..65535', default: '`8080`' });
    expect(byName.get('WORKER_THREADS')?.default).toBe('one per core');
    expect(byName.get('DATABASE_URL')).toMatchObject({ type: 'URL', default: 'unset' });
  });
});
