/**
 * The floor: a no-op admission webhook on node:https that reads and parses the body and answers
 * allowed. Same Node, same certificate, same TLS settings as the real server, so the ratio
 * measures what podpreset adds. Run as its own process:
 * `node dist/bench/floor.js CERT KEY [ANSWER]`.
 *
 * With ANSWER (a file holding the webhook's own answer to the bench review), it sends that answer
 * with the request's uid spliced in: a response of the same size, patch included, so that ratio
 * measures the webhook's work rather than the bytes its job obliges it to send.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';

const [certFile, keyFile, answerFile] = process.argv.slice(2);
const UID_PLACEHOLDER = '"uid":"';

/** sizedAnswer splits the recorded answer around its uid, so each request's uid goes in between. */
function sizedAnswer(file: string): (uid: string) => string {
  const recorded = readFileSync(file, 'utf8');
  const start = recorded.indexOf(UID_PLACEHOLDER) + UID_PLACEHOLDER.length;
  const end = recorded.indexOf('"', start);
  const head = recorded.slice(0, start);
  const tail = recorded.slice(end);
  return (uid) => head + uid + tail;
}

const answer: (apiVersion: string, uid: string) => string = answerFile
  ? (
      (splice) => (_apiVersion: string, uid: string) =>
        splice(uid)
    )(sizedAnswer(answerFile))
  : (apiVersion, uid) =>
      JSON.stringify({ apiVersion, kind: 'AdmissionReview', response: { uid, allowed: true } });

const server = createServer({ cert: readFileSync(certFile!), key: readFileSync(keyFile!) }, (req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const review = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      apiVersion: string;
      request: { uid: string };
    };
    const body = answer(review.apiVersion, review.request.uid);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.keepAliveTimeout = 95_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ msg: 'floor listening', port: typeof address === 'object' && address ? address.port : 0 })}\n`,
  );
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
