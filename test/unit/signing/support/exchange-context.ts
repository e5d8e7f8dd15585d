/**
 * The receiving gateway (CH) for hostile-corpus entries whose defect shows only in an exchange: the real
 * flows on the in-memory twins. The sender (KE) is onboarded with the corpus CA and an envelope CA made
 * here as its signing-ca anchors; a CRL the entry names is uploaded for KE through the administrators' own
 * upload flow; the permit goes into an envelope signed by KE's envelope key and is handed to
 * receiveMessage, exactly what the exchange endpoint calls after mutual TLS identified the sender.
 */
import { randomUUID } from 'node:crypto';
import { toEnvelopeXml } from '../../../../src/domain/exchange/envelope-xml';
import type { Partner, PartnerCertificate } from '../../../../src/domain/partners/partner';
import { parseCertificatePem } from '../../../../src/domain/pki/certificate-info';
import { createCountryPki, type CountryPki } from '../../../../src/domain/pki/dev-pki';
import { XmlSigner } from '../../../../src/domain/signing/xml-signer';
import { SchemaValidator, schemaFilePath } from '../../../../src/domain/xml/schema-validator';
import { PartnerDirectory } from '../../../../src/flows/partner-directory';
import { uploadPartnerCrl } from '../../../../src/flows/partner-crls';
import { receiveMessage, type ReceiveResult } from '../../../../src/flows/receive-message';
import { RevocationChecker } from '../../../../src/flows/revocation-checker';
import { createSilentLogger } from '../../../../src/logging/logger';
import { InMemoryAlertStore } from '../../../contract/twins/in-memory-alert-store';
import { InMemoryExchangeQueue } from '../../../contract/twins/in-memory-exchange-queue';
import { InMemoryMessageArchive } from '../../../contract/twins/in-memory-message-archive';
import { InMemoryMessageRepository } from '../../../contract/twins/in-memory-message-repository';
import { InMemoryPartnerCrlStore } from '../../../contract/twins/in-memory-partner-crl-store';
import { InMemoryPartnerRepository } from '../../../contract/twins/in-memory-partner-repository';
import { InMemoryTradeLedger } from '../../../contract/twins/in-memory-trade-ledger';
import {
  InMemoryIssuedPermitRepository,
  InMemoryReceivedPermitRepository,
} from '../../../contract/twins/in-memory-permit-repository';
import { partnerRecord } from '../../partners/support/test-certificates';

export interface ExchangeContext {
  sender: string;
  permitKey: string;
  replaces?: string;
  /** PEM of a CRL the receiving gateway holds for the sender (uploaded by an administrator). */
  crlPem?: string;
}

/** What stays the same for every entry: the keys (slow to make) and the envelope schema. */
export interface ExchangeKeys {
  /** The receiving gateway's own PKI (it signs the receipts). */
  receiver: CountryPki;
  /** Each sender's envelope PKI, trusted for it beside the corpus CA. */
  senders: Map<string, CountryPki>;
  envelopeSchema: SchemaValidator;
}

export async function createExchangeKeys(senders: readonly string[], at: Date): Promise<ExchangeKeys> {
  const notBefore = new Date(at.getTime() - 365 * 86_400_000);
  const make = (country: string) => createCountryPki({ country, keyType: 'ec', notBefore, validDays: 730 });
  return {
    receiver: await make('CH'),
    senders: new Map(await Promise.all(senders.map(async (c) => [c, await make(c)] as const))),
    envelopeSchema: await SchemaValidator.load(schemaFilePath('exchange.xsd')),
  };
}

function certificate(partnerCode: string, pem: string): PartnerCertificate {
  return {
    ...parseCertificatePem(pem),
    partnerCode,
    role: 'signing-ca',
    addedAt: new Date('2026-01-01T00:00:00Z'),
    addedBy: 'corpus',
    revoked: false,
  };
}

/** CH receives `signedPermitXml` from `context.sender` in a fresh gateway; returns its answer. */
export async function receiveInContext(
  keys: ExchangeKeys,
  corpusCaPem: string,
  signedPermitXml: string,
  context: ExchangeContext,
  at: Date,
): Promise<ReceiveResult> {
  const clock = { now: () => new Date(at) };
  const logger = createSilentLogger();
  const envelopePki = keys.senders.get(context.sender);
  if (!envelopePki) throw new Error(`no envelope keys for sender ${context.sender}`);

  const partners = new InMemoryPartnerRepository();
  const partner: Partner = partnerRecord(context.sender, {
    allowedDocumentTypes: ['export', 're-export', 'other'],
  });
  await partners.insertPartner(partner);
  for (const pem of [corpusCaPem, envelopePki.ca.certPem]) {
    await partners.insertCertificate(certificate(context.sender, pem));
  }
  const crls = new InMemoryPartnerCrlStore();
  const directory = new PartnerDirectory({ partners, crls, clock, logger }, { reconcileIntervalMs: 60_000 });
  await directory.start();
  const alerts = new InMemoryAlertStore(clock);
  try {
    if (context.crlPem !== undefined) {
      await uploadPartnerCrl(
        { partners, crls, directory, clock, logger },
        context.sender,
        { pem: context.crlPem },
        'corpus admin',
      );
    }
    const revocation = new RevocationChecker(
      {
        fetcher: { fetch: () => Promise.reject(new Error('the corpus test fetches nothing')) },
        clock,
        logger,
        alerts,
      },
      { policy: 'hard-fail', refreshIntervalMs: 60_000 },
    );
    const signer = await XmlSigner.create({
      keyPem: keys.receiver.signing.keyPem,
      certPem: keys.receiver.signing.certPem,
    });
    const envelopeSigner = await XmlSigner.create({
      keyPem: envelopePki.signing.keyPem,
      certPem: envelopePki.signing.certPem,
    });
    const envelope = await envelopeSigner.sign(
      toEnvelopeXml(
        {
          messageId: randomUUID(),
          from: context.sender,
          to: 'CH',
          createdAt: at,
          documentType: context.replaces === undefined ? 'permit' : 'replacement',
          permitKey: context.permitKey,
        },
        {
          kind: 'permit',
          signedPermitXml,
          ...(context.replaces !== undefined && { replaces: context.replaces }),
        },
      ),
    );
    return await receiveMessage(
      {
        country: 'CH',
        signer,
        archive: new InMemoryMessageArchive(),
        messages: new InMemoryMessageRepository(),
        received: new InMemoryReceivedPermitRepository(),
        issued: new InMemoryIssuedPermitRepository(),
        ledger: new InMemoryTradeLedger(),
        directory,
        envelopeSchema: keys.envelopeSchema,
        queue: new InMemoryExchangeQueue(),
        alerts,
        clock,
        logger,
        revocation,
      },
      directory.current().findPartner(context.sender)!,
      Buffer.from(envelope, 'utf8'),
      'application/xml',
    );
  } finally {
    await directory.close();
  }
}
