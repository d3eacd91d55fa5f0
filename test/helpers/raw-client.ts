/** A TLS client that writes raw HTTP text and goes quiet: slow, stalled and odd clients. */
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { Target } from './https-client.js';

export interface RawClient {
  readonly socket: TLSSocket;
  closed(): boolean;
  /** Everything the server sent so far. */
  received(): string;
}

/** rawClient opens a TLS connection (CA pinned) and sends `text`. */
export async function rawClient(target: Target, text: string): Promise<RawClient> {
  const socket = tlsConnect({
    host: '127.0.0.1',
    port: target.port,
    ca: target.ca,
    servername: 'localhost',
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', resolve);
    socket.once('error', reject);
  });
  let closed = false;
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  socket.on('error', () => undefined); // a reset after the server closes is expected
  socket.on('close', () => (closed = true));
  socket.write(text);
  return { socket, closed: () => closed, received: () => received };
}
