/**
 * Where log lines go in production: standard output, in batches. Each line is encoded straight
 * into one 64 KiB buffer, which is written with one system call when full, at least once a
 * second, on `flush()` and when the process exits.
 *
 * Why not pino.destination (SonicBoom): it keeps the pending lines as one growing string and
 * measures its byte length on every line, copying up to the whole batch on every admission, and
 * the pending line strings it holds survive young-generation collections. Together that cost
 * ~10 µs per admission (docs/performance.md); encoding into a buffer costs well under one.
 *
 * Writes are synchronous, as Node's own stdout is for files and pipes on Linux: a reader that
 * stops reading stalls the server rather than growing its memory without bound.
 */
import { writeSync } from 'node:fs';
import { MAX_UTF8_BYTES_PER_UNIT } from '../core/json.js';

export class BatchedOutput {
  private readonly buffer: Buffer;
  private used = 0;
  private failed = false;

  constructor(
    private readonly fd: number,
    size = 64 * 1024,
    flushEveryMs = 1000,
  ) {
    this.buffer = Buffer.allocUnsafe(size);
    setInterval(() => this.flushSync(), flushEveryMs).unref();
    process.once('exit', () => this.flushSync());
  }

  /** write takes one serialised line (pino's DestinationStream). */
  write(line: string): void {
    if (this.used + line.length * MAX_UTF8_BYTES_PER_UNIT > this.buffer.length) {
      this.flushSync();
      if (line.length * MAX_UTF8_BYTES_PER_UNIT > this.buffer.length) return this.writeAll(Buffer.from(line));
    }
    this.used += this.buffer.write(line, this.used);
  }

  /** flush writes what is pending (pino's `logger.flush()`). */
  flush(callback?: (error?: Error) => void): void {
    this.flushSync();
    callback?.();
  }

  flushSync(): void {
    if (this.used === 0) return;
    const pending = this.buffer.subarray(0, this.used);
    this.used = 0;
    this.writeAll(pending);
  }

  private writeAll(bytes: Buffer): void {
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(this.fd, bytes, offset);
      } catch (error) {
        // A non-blocking pipe that is full: wait for the reader, as a blocking write would.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') {
          Atomics.wait(PAUSE, 0, 0, 1);
          continue;
        }
        // Output is gone (EPIPE, a closed descriptor): losing log lines must not stop admissions.
        this.reportOnce(error);
        return;
      }
    }
  }

  private reportOnce(error: unknown): void {
    if (this.failed) return;
    this.failed = true;
    try {
      writeSync(2, `podpreset: log output failed, lines are dropped: ${String(error)}\n`);
    } catch {
      // Nowhere left to say it.
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));
