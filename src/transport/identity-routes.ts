/**
 * GET /api/v1/identity (any valid token): our signing and TLS certificates, so a partner's administrator
 * can onboard us. Built from the certificate PEMs only; the keys are never read here.
 */
import { X509Certificate } from 'node:crypto';
import type { Router } from 'express';
import type { OwnIdentity } from '../config/identity';
import { ROLES } from '../domain/auth/token';
import {
  describeCertificate,
  summarizeCertificate,
  type CertificateInfo,
} from '../domain/pki/certificate-info';
import type { TokenAuthenticator } from '../flows/authenticate-token';
import { requireRole } from './auth';

export type PublishedCertificate = Omit<CertificateInfo, 'pem'> & { pem: string };

function publish(certPem: string): PublishedCertificate {
  const info = describeCertificate(new X509Certificate(certPem));
  return { ...summarizeCertificate(info), pem: info.pem };
}

export interface IdentityDocument {
  country: string;
  name: string;
  /** Where partners reach our exchange endpoint (config exchange.publicUrl), null when not configured. */
  exchangeUrl: string | null;
  signing: { certificate: PublishedCertificate; chain: PublishedCertificate[] };
  tls: { server: PublishedCertificate; client: PublishedCertificate; chain: PublishedCertificate[] };
}

/** Our public identity document; computed once (the certificates are fixed for the process lifetime). */
export function toIdentityDocument(
  identity: OwnIdentity,
  about: { country: string; name: string; exchangeUrl?: string | undefined },
): IdentityDocument {
  const tlsChain = new Map<string, string>();
  for (const pem of [...identity.tlsServer.chainPems, ...identity.tlsClient.chainPems])
    tlsChain.set(pem.trim(), pem);
  return {
    country: about.country,
    name: about.name,
    exchangeUrl: about.exchangeUrl ?? null,
    signing: {
      certificate: publish(identity.signing.certPem),
      chain: identity.signing.chainPems.map(publish),
    },
    tls: {
      server: publish(identity.tlsServer.certPem),
      client: publish(identity.tlsClient.certPem),
      chain: [...tlsChain.values()].map(publish),
    },
  };
}

export function identityRoutes(deps: {
  authenticator: TokenAuthenticator;
  identity: OwnIdentity;
  about: { country: string; name: string; exchangeUrl?: string | undefined };
}) {
  const anyone = requireRole(deps.authenticator, ...ROLES);
  const document = toIdentityDocument(deps.identity, deps.about);
  return (router: Router): void => {
    router.get('/identity', anyone, (_req, res) => {
      res.json(document);
    });
  };
}
