/**
 * `safe-screen file <paths...>`: POSTs XML manifests (files, or folders searched recursively for
 * *.xml) to a running instance, a few at a time, with progress on stderr and a summary table at the
 * end, followed by every refused file's issues (code, location, message) so the filer can fix them
 * without another call. `--json` prints the results instead. Exit 1 when any filing was refused or
 * could not be sent.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CliError, EXIT, type CliIo, type ExitCode } from '../cli-io.js';
import { formatTable } from '../format-table.js';
import { startProgress } from '../progress.js';

export interface FileOptions {
  url?: string;
  key?: string;
  concurrency: number;
  progress: boolean;
  json?: boolean;
}

/** One problem the instance found in a refused filing, as its error body gives it. */
export interface FilingIssue {
  severity?: string;
  code?: string;
  location?: string;
  message?: string;
}

export interface FilingResultRow {
  path: string;
  httpStatus: number;
  mrn: string;
  status: string;
  errors: string;
  issues: FilingIssue[];
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

/** POSTs one filing; `path` names it in the results (a file, or a demo scenario's LRN). */
export async function postFiling(url: string, key: string, path: string, xml: Buffer | string): Promise<FilingResultRow> {
  try {
    const response = await fetch(`${url.replace(/\/$/, '')}/v1/filings`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml', authorization: `Bearer ${key}` },
      body: xml,
    });
    const body = (await response.json().catch(() => ({}))) as { mrn?: string; status?: string; code?: string; message?: string; issues?: FilingIssue[] };
    if (response.ok) return { path, httpStatus: response.status, mrn: body.mrn ?? '', status: body.status ?? 'registered', errors: '', issues: [] };
    const issues = (body.issues ?? []).filter((i) => i.severity === undefined || i.severity === 'error');
    return { path, httpStatus: response.status, mrn: '', status: body.code ?? `HTTP ${response.status}`, errors: issues.length > 0 ? `${issues.length} error(s): ${body.message ?? ''}` : (body.message ?? ''), issues };
  } catch (error) {
    return { path, httpStatus: 0, mrn: '', status: 'UNREACHABLE', errors: error instanceof Error ? error.message : String(error), issues: [] };
  }
}

/** Issues listed per refused file; the rest are counted, so a broken 10,000-line manifest stays readable. */
const ISSUES_SHOWN_PER_FILE = 20;

function formatRefusals(results: FilingResultRow[]): string {
  const lines: string[] = [];
  for (const row of results) {
    if (row.issues.length === 0) continue;
    lines.push('', `${row.path}: refused (${row.status})`);
    for (const issue of row.issues.slice(0, ISSUES_SHOWN_PER_FILE)) lines.push(`  ${issue.code ?? ''} ${issue.location ?? ''} ${issue.message ?? ''}`.trimEnd());
    if (row.issues.length > ISSUES_SHOWN_PER_FILE) lines.push(`  ... and ${row.issues.length - ISSUES_SHOWN_PER_FILE} more`);
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** The instance and filer key from the options or SAFE_SCREEN_URL / SAFE_SCREEN_KEY. */
export function instanceOf(options: { url?: string; key?: string }, io: CliIo): { url: string; key: string } {
  const url = options.url ?? io.env['SAFE_SCREEN_URL'];
  const key = options.key ?? io.env['SAFE_SCREEN_KEY'];
  if (url === undefined || url === '') throw new CliError('give the instance with --url or SAFE_SCREEN_URL');
  if (key === undefined || key === '') throw new CliError('give a filer API key with --key or SAFE_SCREEN_KEY');
  return { url, key };
}

export async function runFileCommand(paths: string[], options: FileOptions, io: CliIo): Promise<ExitCode> {
  const { url, key } = instanceOf(options, io);
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1) throw new CliError('--concurrency must be a positive integer');
  const files = collectXmlFiles(paths);
  if (files.length === 0) throw new CliError('no XML files found in the given paths');

  const progress = startProgress(io, 'filing', files.length, options.progress && options.json !== true);
  const results: FilingResultRow[] = new Array<FilingResultRow>(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const index = next++;
      results[index] = await postFiling(url, key, files[index]!, readFileSync(files[index]!));
      progress.increment(files[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, files.length) }, worker));
  progress.stop();

  const failed = results.filter((r) => r.httpStatus < 200 || r.httpStatus >= 300).length;
  if (options.json === true) {
    io.stdout(`${JSON.stringify({ files: files.length, accepted: files.length - failed, refused: failed, results }, null, 2)}\n`);
  } else {
    io.stdout(formatTable(['FILE', 'HTTP', 'MRN', 'STATUS', 'ERRORS'], results.map((r) => [r.path, String(r.httpStatus), r.mrn, r.status, r.errors.slice(0, 120)])));
    io.stdout(`${files.length} file(s): ${files.length - failed} accepted, ${failed} refused or not sent\n`);
    io.stdout(formatRefusals(results));
  }
  return failed === 0 ? EXIT.ok : EXIT.failed;
}
