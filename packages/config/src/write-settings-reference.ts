/** Writes docs/settings.md from EnvSchema: `npx tsx packages/config/src/write-settings-reference.ts`. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSettingsReference } from './settings-reference.js';

const source = readFileSync(fileURLToPath(new URL('./config.ts', import.meta.url)), 'utf8');
const target = fileURLToPath(new URL('../../../docs/settings.md', import.meta.url));
writeFileSync(target, renderSettingsReference(source));
process.stdout.write(`wrote ${target}\n`);
