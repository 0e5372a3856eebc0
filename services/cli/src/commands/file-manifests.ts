/**
 * `safe-screen file <paths...>`: POSTs XML manifests (files, or folders searched recursively for
 * *.xml) to a running instance, a few at a time, with a progress bar on a terminal and a summary
 * table at the end. Exit 1 when any filing was refused or could not be sent.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import { CliError, EXIT, type CliIo, type ExitCode } from '../cli-io.js';
import { formatTable } from '../format-table.js';

export interface FileOptions {
  url?: string;
  key?: string;
  concurrency: number;
  progress: boolean;
}

export interface FilingResultRow {
  path: string;
  httpStatus: number;
  mrn: string;
  status: string;
  errors: string;
}

export function collectXmlFiles(paths: string[]): string[] {
  const found: string[] = [];
  const visit = (path: string) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      throw new CliError(`no such file or folder: ${path}`);
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        const child = join(path, name);
        if (statSync(child).isDirectory() || name.toLowerCase().endsWith('.xml')) visit(child);
      }
    } else found.push(path);
  };
  for (const path of paths) visit(path);
  return found;
}

async function fileOne(url: string, key: string, path: string): Promise<FilingResultRow> {
  try {
    const response = await fetch(`${url.replace(/\/$/, '')}/v1/filings`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${key}` },
      body: readFileSync(path),
    });
    const body = (await response.json().catch(() => ({}))) as { mrn?: string; status?: string; code?: string; message?: string; issues?: { severity?: string }[] };
    if (response.ok) return { path, httpStatus: response.status, mrn: body.mrn ?? '', status: body.status ?? 'registered', errors: '' };
    const count = (body.issues ?? []).filter((i) => i.severity === 'error').length;
    return { path, httpStatus: response.status, mrn: '', status: body.code ?? `HTTP ${response.status}`, errors: count > 0 ? `${count} error(s): ${body.message ?? ''}` : (body.message ?? '') };
  } catch (error) {
    return { path, httpStatus: 0, mrn: '', status: 'UNREACHABLE', errors: error instanceof Error ? error.message : String(error) };
  }
}

export async function runFileCommand(paths: string[], options: FileOptions, io: CliIo): Promise<ExitCode> {
  const url = options.url ?? io.env['SAFE_SCREEN_URL'];
  const key = options.key ?? io.env['SAFE_SCREEN_KEY'];
  if (url === undefined || url === '') throw new CliError('give the instance with --url or SAFE_SCREEN_URL');
  if (key === undefined || key === '') throw new CliError('give a filer API key with --key or SAFE_SCREEN_KEY');
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new CliError('--concurrency must be a positive integer');
  const files = collectXmlFiles(paths);
  if (files.length === 0) throw new CliError('no XML files found in the given paths');

  const bar = options.progress && io.interactive
    ? new SingleBar({ format: 'filing [{bar}] {value}/{total} {file}', stream: { write: (t: string) => { io.stderr(t); return true; } } as unknown as NodeJS.WritableStream, hideCursor: true })
    : undefined;
  bar?.start(files.length, 0, { file: '' });
  const results: FilingResultRow[] = new Array<FilingResultRow>(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      results[index] = await fileOne(url, key, files[index]!);
      bar?.increment(1, { file: files[index] });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, files.length) }, worker));
  bar?.stop();

  io.stdout(formatTable(['FILE', 'HTTP', 'MRN', 'STATUS', 'ERRORS'], results.map((r) => [r.path, String(r.httpStatus), r.mrn, r.status, r.errors.slice(0, 120)])));
  const failed = results.filter((r) => r.httpStatus < 200 || r.httpStatus >= 300).length;
  io.stdout(`${files.length} file(s): ${files.length - failed} accepted, ${failed} refused or not sent\n`);
  return failed === 0 ? EXIT.ok : EXIT.failed;
}
