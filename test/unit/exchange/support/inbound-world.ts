/**
 * The receiving gateway (CH) as pure flows on the in-memory twins, with real signatures from the dev PKI:
 * partners KE (the sender in most cases) and TZ, plus an outsider XX whose key no partner trusts. Messages are
 * built and signed here exactly as a partner's gateway builds them (envelope-xml.ts, XmlSigner).
 */
import { randomUUID } from 'node:crypto';
import {
  fromReceiptDocument,
  toEnvelopeXml,
  type EnvelopeBody,
} from '../../../../src/domain/exchange/envelope-xml';
import type { MessageHeader, Receipt } from '../../../../src/domain/exchange/message';
import type { DirectoryPartner } from '../../../../src/domain/partners/directory-snapshot';
import type { Partner } from '../../../../src/domain/partners/partner';
import type { Permit } from '../../../../src/domain/permit/permit';
import { formatPermitKey, permitKeyOf } from '../../../../src/domain/permit/permit-key';
import { createCountryPki, type CountryPki } from '../../../../src/domain/pki/dev-pki';
import { TrustAnchors } from '../../../../src/domain/pki/trust-anchors';
import { XmlSigner } from '../../../../src/domain/signing/xml-signer';
import { verifyXmlSignature } from '../../../../src/domain/signing/xml-verifier';
import { SchemaValidator, schemaFilePath } from '../../../../src/domain/xml/schema-validator';
import { toPermitXml } from '../../../../src/domain/xml/permit-xml';
import {
  processInboundMessage,
  type ProcessInboundDeps,
} from '../../../../src/flows/process-inbound-message';
import {
  receiveMessage,
  type ReceiveMessageDeps,
  type ReceiveResult,
} from '../../../../src/flows/receive-message';
import { createSilentLogger } from '../../../../src/logging/logger';
import { InMemoryAlertStore } from '../../../contract/twins/in-memory-alert-store';
import { InMemoryTradeLedger } from '../../../contract/twins/in-memory-trade-ledger';
import { InMemoryExchangeQueue } from '../../../contract/twins/in-memory-exchange-queue';
import { InMemoryMessageArchive } from '../../../contract/twins/in-memory-message-archive';
import { InMemoryMessageRepository } from '../../../contract/twins/in-memory-message-repository';
import {
  InMemoryIssuedPermitRepository,
  InMemoryReceivedPermitRepository,
} from '../../../contract/twins/in-memory-permit-repository';
import { partnerRecord } from '../../partners/support/test-certificates';

export const NOW = new Date('2026-06-01T10:00:00Z');
const COUNTRIES = ['CH', 'KE', 'TZ', 'XX'] as const;
export type Country = (typeof COUNTRIES)[number];

export interface Pkis {
  pki: Record<Country, CountryPki>;
  signer: Record<Country, XmlSigner>;
  envelopeSchema: SchemaValidator;
}

/** Generates the four countries' dev PKI once per test file (key generation is the slow part). */
export async function createPkis(): Promise<Pkis> {
  const pki = {} as Record<Country, CountryPki>;
  const signer = {} as Record<Country, XmlSigner>;
  for (const country of COUNTRIES) {
    pki[country] = await createCountryPki({
      country,
      keyType: 'ec',
      notBefore: new Date('2026-01-01T00:00:00Z'),
    });
    signer[country] = await XmlSigner.create({
      keyPem: pki[country].signing.keyPem,
      certPem: pki[country].signing.certPem,
    });
  }
  return { pki, signer, envelopeSchema: await SchemaValidator.load(schemaFilePath('exchange.xsd')) };
}

export interface InboundWorld {
  receive: (from: Country, bytes: Buffer | string) => Promise<ReceiveResult>;
  process: (recordId: string) => ReturnType<typeof processInboundMessage>;
  archive: InMemoryMessageArchive;
  messages: InMemoryMessageRepository;
  received: InMemoryReceivedPermitRepository;
  issued: InMemoryIssuedPermitRepository;
  queue: InMemoryExchangeQueue;
  alerts: InMemoryAlertStore;
  /** The reports' facts the flows recorded. */
  ledger: InMemoryTradeLedger;
  partners: Map<string, DirectoryPartner>;
  /** Reads a receipt CH sent, after checking CH's signature on it. */
  readReceipt: (xml: string) => Promise<Receipt>;
}

/** CH's gateway with KE and TZ as active partners (`changes` adjusts a partner record). */
export function createInboundWorld(
  pkis: Pkis,
  changes: Partial<Record<Country, Partial<Partner>>> = {},
): InboundWorld {
  const clock = { now: () => new Date(NOW) };
  const logger = createSilentLogger();
  const partners = new Map<string, DirectoryPartner>(
    (['KE', 'TZ'] as const).map((code) => [
      code,
      { ...partnerRecord(code, changes[code]), certificates: [] },
    ]),
  );
  const world = {
    archive: new InMemoryMessageArchive(),
    messages: new InMemoryMessageRepository(),
    received: new InMemoryReceivedPermitRepository(),
    issued: new InMemoryIssuedPermitRepository(),
    queue: new InMemoryExchangeQueue(),
    alerts: new InMemoryAlertStore(clock),
    ledger: new InMemoryTradeLedger(),
  };
  const receiveDeps: ReceiveMessageDeps = {
    country: 'CH',
    signer: pkis.signer.CH,
    ...world,
    directory: {
      current: () => ({ findPartner: (code) => partners.get(code), partners: () => [...partners.values()] }),
      signingTrustFor: (code) => TrustAnchors.from({ anchors: [pkis.pki[code as Country].ca.certPem] }),
    },
    envelopeSchema: pkis.envelopeSchema,
    clock,
    logger,
  };
  const processDeps: ProcessInboundDeps = { ...world, clock, logger };
  const chTrust = TrustAnchors.from({ anchors: [pkis.pki.CH.ca.certPem] });
  return {
    ...world,
    partners,
    receive: (from, bytes) =>
      receiveMessage(receiveDeps, partners.get(from)!, Buffer.from(bytes), 'application/xml'),
    process: (recordId) => processInboundMessage(processDeps, recordId),
    readReceipt: async (xml) => {
      const verified = await verifyXmlSignature(Buffer.from(xml), { trust: chTrust, at: NOW });
      if (!verified.ok) throw new Error(`CH's receipt does not verify: ${verified.code}`);
      return fromReceiptDocument(verified.document);
    },
  };
}

export const keyOf = (permit: Permit): string => formatPermitKey(permitKeyOf(permit));

/** An envelope as a partner's gateway signs it; `header` fields default to a KE→CH message. */
export async function signedEnvelope(
  pkis: Pkis,
  signedBy: Country,
  header: Partial<MessageHeader> & Pick<MessageHeader, 'documentType' | 'permitKey'>,
  body: EnvelopeBody,
): Promise<string> {
  const full: MessageHeader = { messageId: randomUUID(), from: 'KE', to: 'CH', createdAt: NOW, ...header };
  return pkis.signer[signedBy].sign(toEnvelopeXml(full, body));
}

/** The permit signed by `signedBy` (its issuing country unless a test forges it). */
export function signPermit(
  pkis: Pkis,
  permit: Permit,
  signedBy: Country = permit.issuingCountry as Country,
): Promise<string> {
  return pkis.signer[signedBy].sign(toPermitXml(permit));
}

/** A permit message from KE carrying `permit` signed by KE. */
export async function permitMessage(
  pkis: Pkis,
  permit: Permit,
  header: Partial<MessageHeader> = {},
  options: { replaces?: string; permitSignedBy?: Country; envelopeSignedBy?: Country } = {},
): Promise<string> {
  const signedPermitXml = await signPermit(pkis, permit, options.permitSignedBy);
  return signedEnvelope(
    pkis,
    options.envelopeSignedBy ?? 'KE',
    { documentType: options.replaces ? 'replacement' : 'permit', permitKey: keyOf(permit), ...header },
    {
      kind: 'permit',
      signedPermitXml,
      ...(options.replaces !== undefined && { replaces: options.replaces }),
    },
  );
}
