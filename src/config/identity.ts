/**
 * Our own identity from the configuration: signing and TLS keys and certificates, read once at start-up
 * and checked (they parse, each certificate matches its key, and each is valid now).
 */
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GatewayError } from '../domain/errors';
import type { GatewayConfig } from './schema';

export interface KeyAndCertificate {
  keyPem: string;
  certPem: string;
  /** Intermediates (and optionally the root) to send with the certificate, PEM, in order. */
  chainPems: string[];
  cert: X509Certificate;
}

export interface OwnIdentity {
  signing: KeyAndCertificate;
  tlsServer: KeyAndCertificate;
  tlsClient: KeyAndCertificate;
}

export function splitPemCertificates(pem: string): string[] {
  return (
    pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((p) => `${p}\n`) ?? []
  );
}

function readText(file: string, what: string, problems: string[]): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    problems.push(
      `${what}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
    return undefined;
  }
}

function publicKeyDer(key: KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64');
}

function loadPair(
  what: string,
  keyFile: string,
  certFile: string,
  chainFile: string | undefined,
  now: Date,
  problems: string[],
): KeyAndCertificate | undefined {
  const keyPem = readText(keyFile, `${what} key`, problems);
  const certText = readText(certFile, `${what} certificate`, problems);
  const chainText = chainFile ? readText(chainFile, `${what} chain`, problems) : '';
  if (keyPem === undefined || certText === undefined || chainText === undefined) return undefined;
  let cert: X509Certificate;
  let key: KeyObject;
  try {
    cert = new X509Certificate(certText);
  } catch (error) {
    problems.push(`${what} certificate ${certFile} does not parse: ${(error as Error).message}`);
    return undefined;
  }
  try {
    key = createPrivateKey(keyPem);
  } catch (error) {
    problems.push(`${what} key ${keyFile} does not parse: ${(error as Error).message}`);
    return undefined;
  }
  if (publicKeyDer(createPublicKey(key)) !== publicKeyDer(cert.publicKey)) {
    problems.push(`${what} certificate ${certFile} does not match the key ${keyFile}`);
  }
  if (new Date(cert.validFrom) > now)
    problems.push(`${what} certificate ${certFile} is not valid before ${cert.validFrom}`);
  if (new Date(cert.validTo) < now)
    problems.push(`${what} certificate ${certFile} expired on ${cert.validTo}`);
  const chainPems = splitPemCertificates(chainText);
  const certPem = splitPemCertificates(certText)[0] ?? certText;
  return { keyPem, certPem, chainPems, cert };
}

/** Loads and checks our keys and certificates; throws IDENTITY_INVALID listing every problem. */
export function loadOwnIdentity(config: GatewayConfig, now: Date): OwnIdentity {
  const problems: string[] = [];
  const signing = loadPair(
    'signing',
    config.signing.keyFile,
    config.signing.certFile,
    config.signing.chainFile,
    now,
    problems,
  );
  const tlsServer = loadPair(
    'tls server',
    config.tls.keyFile,
    config.tls.certFile,
    config.tls.chainFile,
    now,
    problems,
  );
  const tlsClient = loadPair(
    'tls client',
    config.tls.clientKeyFile ?? config.tls.keyFile,
    config.tls.clientCertFile,
    config.tls.chainFile,
    now,
    problems,
  );
  if (tlsClient && !new RegExp(`(^|\\n)C=${config.country}(\\n|$)`).test(tlsClient.cert.subject)) {
    problems.push(
      `tls client certificate subject must carry C=${config.country} (has "${tlsClient.cert.subject.replace(/\n/g, ', ')}")`,
    );
  }
  if (problems.length || !signing || !tlsServer || !tlsClient) {
    throw new GatewayError(
      'IDENTITY_INVALID',
      `our own certificates are not usable:\n${problems.map((p) => `- ${p}`).join('\n')}`,
      {
        details: problems,
      },
    );
  }
  return { signing, tlsServer, tlsClient };
}
