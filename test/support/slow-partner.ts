/**
 * A slow partner: a real mutual-TLS HTTPS front for a partner gateway's exchange endpoint. It presents the
 * partner's TLS server certificate, accepts the sender's client certificate, forwards each request to the
 * real gateway (as the sender, with the sender's own client certificate) and passes the answer back; when
 * armed, it holds the next answer until told to deliver it late, or to answer 503 instead.
 */
import { readFileSync } from 'node:fs';
import { createServer, request as httpsRequest, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { testPki } from './pki';

interface Held {
  /** Passes the real answer on, late. */
  deliver(): void;
  /** Answers 503 instead, late. */
  fail(): void;
}

export interface SlowPartner {
  url: string;
  /** Requests forwarded so far. */
  forwarded(): number;
  /** Holds the next answer; resolves once the real partner has answered it (and the answer is held). */
  holdNext(): Promise<Held>;
  close(): Promise<void>;
}

export async function startSlowPartner(options: {
  partner: string;
  sender: string;
  target: string;
}): Promise<SlowPartner> {
  const partner = await testPki(options.partner);
  const sender = await testPki(options.sender);
  let forwarded = 0;
  let armed: ((held: Held) => void) | undefined;

  const forward = (path: string, headers: Record<string, string>, body: Buffer) =>
    new Promise<{ status: number; headers: Record<string, string>; body: Buffer }>((resolve, reject) => {
      const req = httpsRequest(
        new URL(path, options.target),
        {
          method: 'POST',
          headers,
          key: readFileSync(sender.files.tlsClientKey!),
          cert: readFileSync(sender.files.tlsClientCert!),
          ca: readFileSync(partner.files.caCert!),
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: { 'content-type': String(res.headers['content-type'] ?? '') },
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const server: Server = createServer(
    {
      key: readFileSync(partner.files.tlsServerKey!),
      cert: readFileSync(partner.files.tlsServerCert!),
      ca: readFileSync(sender.files.caCert!),
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        forwarded += 1;
        const headers = { 'content-type': String(req.headers['content-type'] ?? 'application/xml') };
        void forward(req.url ?? '/', headers, Buffer.concat(chunks)).then(
          (answer) => {
            const send = () => res.writeHead(answer.status, answer.headers).end(answer.body);
            const hold = armed;
            armed = undefined;
            if (!hold) return send();
            const unavailable = JSON.stringify({ error: { code: 'SERVICE_UNAVAILABLE', message: 'late' } });
            hold({
              deliver: send,
              fail: () => res.writeHead(503, { 'content-type': 'application/json' }).end(unavailable),
            });
          },
          () => res.socket?.destroy(),
        );
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/`,
    forwarded: () => forwarded,
    holdNext: () => new Promise<Held>((resolve) => (armed = resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
