// Streams a multipart upload to temp files (never the whole body in memory), enforcing the per-file
// size limit as bytes arrive. File names are kept as display names only.
import busboy from 'busboy';
import { Readable } from 'node:stream';
import { BadInputError, ConformError } from '../errors.js';
import type { FileStore, ReceivedFile } from '../storage/file-store.js';

export interface ReceivedPart extends ReceivedFile {
  field: string;
  name: string;
}

export interface ParsedUpload {
  files: ReceivedPart[];
  fields: Record<string, string>;
}

export async function receiveMultipart(req: Request, files: FileStore, maxFileBytes: number): Promise<ParsedUpload> {
  if (!req.body) throw new BadInputError('empty request body');
  const headers = Object.fromEntries(req.headers.entries());
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers, limits: { fields: 50, fieldSize: 64 * 1024, files: 10000 } });
  } catch (e) {
    throw new BadInputError(`malformed multipart request: ${e instanceof Error ? e.message : String(e)}`);
  }
  const out: ParsedUpload = { files: [], fields: {} };
  const pending: Array<Promise<void>> = [];
  const received: ReceivedPart[] = [];
  let failure: unknown = null;
  // A body cut short (or a client gone mid-upload) errors the part streams: that is bad input, not ours.
  const badBody = (e: unknown) => (e instanceof ConformError ? e : new BadInputError(`malformed or interrupted multipart request: ${e instanceof Error ? e.message : String(e)}`));
  const partErrors = new Set<unknown>();
  await new Promise<void>((resolve, reject) => {
    parser.on('file', (field, stream, info) => {
      const label = `${field} "${info.filename ?? ''}"`;
      // Parts finish writing in any order; jobs must keep the order the files were sent in.
      const slot = pending.length;
      stream.on('error', (e) => partErrors.add(e));
      pending.push(
        files.receive(stream, maxFileBytes, label).then(
          (r) => void (received[slot] = { ...r, field, name: info.filename ?? '' }),
          (e) => {
            failure ??= partErrors.has(e) ? badBody(e) : e;
          },
        ),
      );
    });
    parser.on('field', (name, value) => {
      out.fields[name] = value;
    });
    parser.on('error', (e) => reject(new BadInputError(`malformed multipart request: ${e instanceof Error ? e.message : String(e)}`)));
    parser.on('close', () => resolve());
    // pipe() does not pass a source error on: without destroy() the parser and its part streams would
    // wait forever, each holding an open temp file.
    const source = Readable.fromWeb(req.body as import('node:stream/web').ReadableStream);
    source.on('error', (e) => {
      reject(badBody(e));
      parser.destroy(badBody(e));
    });
    source.pipe(parser);
  }).catch((e) => {
    failure ??= e;
  });
  await Promise.all(pending);
  out.files = received.filter(Boolean);
  if (failure) {
    for (const f of out.files) files.discard(f);
    throw failure;
  }
  return out;
}
