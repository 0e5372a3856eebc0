/**
 * RawArchive on S3 or an S3-compatible store (S3Proxy in tests, MinIO and the like on site).
 *
 * Failure model: an outage must surface as ArchiveUnavailableError within seconds, so the ingest
 * API can answer 503 + Retry-After while the filer still waits, instead of hanging. Hence short
 * connect and idle-socket timeouts, one retry only, and an overall deadline on check().
 *
 * Checksums: the SDK's default request/response checksums (CRC32 trailers, aws-chunked encoding)
 * are switched to WHEN_REQUIRED; S3-compatible servers handle them unevenly, and with some they
 * corrupt or reject streamed uploads. Integrity is covered instead by Content-MD5 on every upload
 * (the server rejects a body that arrived damaged) and by re-hashing every object read back.
 */
import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { ArchiveCorruptError, ArchiveUnavailableError } from './errors.js';
import { archiveKey, assertValidMeta, isSha256Hex, sha256Hex, type ArchiveMeta, type PutResult, type RawArchive } from './raw-archive.js';

export interface S3ArchiveOptions {
  /** Custom endpoint (S3Proxy, MinIO); absent for AWS itself. Path-style addressing is always used. */
  endpoint?: string;
  region: string;
  bucket: string;
  /**
   * Static credentials. Without them the SDK's default chain is used for AWS; a custom endpoint
   * without credentials is taken to be unauthenticated (S3Proxy with authorization=none) and gets
   * placeholder credentials, because the SDK refuses to send unsigned requests.
   */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** ms to establish a TCP connection. Default 2 000. */
  connectTimeoutMs?: number;
  /** ms a socket may stay silent mid-request before the request fails. Default 5 000. */
  socketTimeoutMs?: number;
  /** Total attempts per operation (1 = no retry). Default 2. */
  maxAttempts?: number;
  /** ms: overall deadline of check(). Default 3 000. */
  checkTimeoutMs?: number;
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

function isNotFound(error: unknown): boolean {
  const e = error as SdkError;
  return e.$metadata?.httpStatusCode === 404 || e.name === 'NotFound' || e.name === 'NoSuchKey';
}

function describeError(error: unknown): string {
  const e = error as SdkError;
  const status = e.$metadata?.httpStatusCode;
  return [e.name, e.code, status === undefined ? undefined : `HTTP ${status}`, e.message].filter((p) => p !== undefined && p !== '').join(': ');
}

export class S3Archive implements RawArchive {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly where: string;

  constructor(private readonly options: S3ArchiveOptions) {
    this.bucket = options.bucket;
    this.where = `s3://${options.bucket}${options.endpoint === undefined ? '' : ` at ${options.endpoint}`}`;
    const config: S3ClientConfig = {
      region: options.region,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: options.maxAttempts ?? 2,
      requestHandler: {
        connectionTimeout: options.connectTimeoutMs ?? 2_000,
        requestTimeout: options.socketTimeoutMs ?? 5_000,
      },
    };
    if (options.endpoint !== undefined) config.endpoint = options.endpoint;
    if (options.accessKeyId !== undefined && options.secretAccessKey !== undefined) {
      config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
    } else if (options.endpoint !== undefined) {
      config.credentials = { accessKeyId: 'anonymous', secretAccessKey: 'anonymous' };
    }
    this.client = new S3Client(config);
  }

  /** Verifies the bucket answers, creating it when it does not exist yet. */
  async start(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
      return;
    } catch (error) {
      if (!isNotFound(error)) throw this.unavailable('reach', error);
    }
    try {
      await this.client.send(
        new CreateBucketCommand({
          Bucket: this.bucket,
          // us-east-1 is the one region that rejects an explicit location constraint.
          ...(this.options.region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: this.options.region as never } }),
        }),
      );
    } catch (error) {
      // Another instance created it between our HEAD and CREATE: that is what we wanted.
      const name = (error as SdkError).name;
      if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw this.unavailable('create', error);
    }
  }

  async stop(): Promise<void> {
    this.client.destroy();
  }

  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), {
        abortSignal: AbortSignal.timeout(this.options.checkTimeoutMs ?? 3_000),
      });
    } catch (error) {
      throw this.unavailable('reach', error);
    }
  }

  async put(body: Buffer, meta: ArchiveMeta): Promise<PutResult> {
    assertValidMeta(meta);
    const sha256 = sha256Hex(body);
    const key = archiveKey(sha256);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { sha256, key, size: head.ContentLength ?? body.length, alreadyPresent: true };
    } catch (error) {
      if (!isNotFound(error)) throw this.unavailable('read', error);
    }
    // Two instances storing the same bytes at once both write: identical content, same result.
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentLength: body.length,
          ContentType: meta.contentType,
          ContentMD5: createHash('md5').update(body).digest('base64'),
          // User metadata must be ASCII header values; filer ids and formats are percent-encoded.
          Metadata: {
            sha256,
            'filer-id': encodeURIComponent(meta.filerId),
            'received-at': meta.receivedAt.toISOString(),
            format: encodeURIComponent(meta.format),
          },
        }),
      );
    } catch (error) {
      throw this.unavailable('write to', error);
    }
    return { sha256, key, size: body.length, alreadyPresent: false };
  }

  async get(sha256: string): Promise<Buffer | null> {
    if (!isSha256Hex(sha256)) return null;
    let bytes: Uint8Array;
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: archiveKey(sha256) }));
      if (response.Body === undefined) throw new Error('GetObject returned no body');
      bytes = await response.Body.transformToByteArray();
    } catch (error) {
      if (isNotFound(error)) return null;
      throw this.unavailable('read', error);
    }
    const body = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const actual = sha256Hex(body);
    if (actual !== sha256) throw new ArchiveCorruptError(sha256, actual);
    return body;
  }

  private unavailable(what: string, error: unknown): ArchiveUnavailableError {
    return new ArchiveUnavailableError(`cannot ${what} the archive ${this.where}: ${describeError(error)}`, { cause: error });
  }
}
