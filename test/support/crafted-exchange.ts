/**
 * What a misbehaving partner sends: envelopes written and signed by hand, POSTed over real mutual TLS
 * with that partner's TLS client certificate, and the fields of the receipt that comes back.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { toEnvelopeXml, type EnvelopeBody } from '../../src/domain/exchange/envelope-xml';
import type { DocumentType } from '../../src/domain/exchange/message';
import { XmlSigner } from '../../src/domain/signing/xml-signer';
import type { Gateway } from '../../src/main';
import { testPki } from './pki';

export interface ExchangeAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** POSTs `body` to `target`'s exchange endpoint as `clientCountry` (its dev TLS client certificate). */
export async function postExchange(
  target: { country: string; gateway: Gateway },
  clientCountry: string,
  body: string,
  client?: { certPem: string; keyPem: string },
): Promise<ExchangeAnswer> {
  const own = await testPki(clientCountry);
  const server = await testPki(target.country);
  const url = new URL('/exchange/v1/messages', target.gateway.exchangeUrl);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      url,
      {
        method: 'POST',
        key: client?.keyPem ?? readFileSync(own.files.tlsClientKey!),
        cert: client?.certPem ?? readFileSync(own.files.tlsClientCert!),
        ca: readFileSync(server.files.caCert!),
        headers: { 'content-type': 'application/xml' },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A signer with `country`'s dev signing key, or with any other certificate and key given. */
export async function signerOf(
  country: string,
  identity?: { certPem: string; keyPem: string },
): Promise<XmlSigner> {
  if (identity) return XmlSigner.create(identity);
  const { pki } = await testPki(country);
  return XmlSigner.create({ keyPem: pki.signing.keyPem, certPem: pki.signing.certPem });
}

/** An envelope `from` → `to` about `permitKey`, signed by `signer`. */
export async function craftEnvelope(
  signer: XmlSigner,
  header: { from: string; to: string; documentType: DocumentType; permitKey: string },
  body: EnvelopeBody,
): Promise<string> {
  const envelope = toEnvelopeXml({ messageId: randomUUID(), createdAt: new Date(), ...header }, body);
  return signer.sign(envelope);
}

export function receiptField(xml: string, name: string): string | undefined {
  return new RegExp(`<(?:[A-Za-z]+:)?${name}>([^<]*)</(?:[A-Za-z]+:)?${name}>`).exec(xml)?.[1];
}
