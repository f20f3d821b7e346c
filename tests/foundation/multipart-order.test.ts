// The jobs of a batch keep the order its files were sent in, even when an earlier (bigger) file
// finishes storing after a later one: receiveMultipart with a store whose writes end in reverse order.
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { receiveMultipart } from '../../companion/src/http/multipart.js';
import type { FileStore, ReceivedFile } from '../../companion/src/storage/file-store.js';

/** Drains each part, then resolves later the earlier the part came: the first finishes last. */
function reverseStore(parts: number): FileStore {
  let seen = 0;
  return {
    receive(stream: Readable): Promise<ReceivedFile> {
      const index = seen++;
      return new Promise((resolve) => {
        let size = 0;
        stream.on('data', (b: Buffer) => (size += b.length));
        stream.on('end', () => setTimeout(() => resolve({ tmpPath: `/nowhere/${index}`, sha256: String(index).repeat(64).slice(0, 64), size } as unknown as ReceivedFile), (parts - index) * 30));
      });
    },
    discard() {},
  } as unknown as FileStore;
}

describe('receiveMultipart', () => {
  it('returns the files in the order they were sent, not the order they finished storing', async () => {
    const form = new FormData();
    for (const name of ['first.psd', 'second.psd', 'third.psd', 'fourth.psd']) form.append('psd', new Blob([name]), name);
    const req = new Request('http://127.0.0.1/api/batches', { method: 'POST', body: form });
    const got = await receiveMultipart(req, reverseStore(4), 1_000_000);
    expect(got.files.map((f) => f.name)).toEqual(['first.psd', 'second.psd', 'third.psd', 'fourth.psd']);
  });
});
