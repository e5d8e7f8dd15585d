/** Writes to a Node stream with back-pressure: resolves once the stream takes more, rejects if it closes. */
import type { Writable } from 'node:stream';

export async function writeChunk(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new Error('the report output was closed');
  if (out.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const cleanup = () => {
      out.off('drain', drained);
      out.off('close', closed);
      out.off('error', closed);
    };
    const drained = () => {
      cleanup();
      resolve();
    };
    const closed = () => {
      cleanup();
      reject(new Error('the report output was closed before the report was written'));
    };
    out.on('drain', drained);
    out.on('close', closed);
    out.on('error', closed);
  });
}

/** Ends the stream and waits until everything written was flushed. */
export async function endStream(out: Writable): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
}
