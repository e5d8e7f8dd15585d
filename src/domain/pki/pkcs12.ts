/**
 * Opens a PKCS#12 (.p12/.pfx) upload and returns its certificates as DER. node-forge reads RSA only, so
 * any EC content gets a clear error instead of a half-read bundle. Private keys in the bundle are ignored
 * (we never store a partner's key); forge is used for unpacking only, never to verify anything.
 */
import forge from 'node-forge';
import { GatewayError } from '../errors';

export interface Pkcs12Contents {
  certificates: Buffer[];
  /** DER of the certificate whose localKeyId matches the key bag, if the bundle holds a key. */
  keyCertificate?: Buffer;
}

export function readPkcs12(data: Buffer, password: string): Pkcs12Contents {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(data.toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (/OID is not RSA|RSAPrivateKey/i.test(message)) {
      throw new GatewayError('CERT_PKCS12_EC_UNSUPPORTED', undefined, { cause: error });
    }
    throw new GatewayError(
      'CERT_PKCS12_INVALID',
      /MAC could not be verified|decrypt|password/i.test(message)
        ? 'the PKCS#12 password is wrong or the file is damaged'
        : `not a PKCS#12 file: ${message}`,
      { cause: error },
    );
  }
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag!] ?? [];
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag!] ??
      []),
    ...(p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag!] ?? []),
  ];
  if (certBags.some((bag) => !bag.cert) || keyBags.some((bag) => !bag.key)) {
    throw new GatewayError('CERT_PKCS12_EC_UNSUPPORTED');
  }
  if (certBags.length === 0)
    throw new GatewayError('CERT_PKCS12_INVALID', 'the PKCS#12 file holds no certificate');
  const toDer = (cert: forge.pki.Certificate): Buffer =>
    Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  const keyIds = new Set(keyBags.flatMap((bag) => localKeyIds(bag)));
  const keyBag = certBags.find((bag) => localKeyIds(bag).some((id) => keyIds.has(id)));
  return {
    certificates: certBags.map((bag) => toDer(bag.cert!)),
    ...(keyBag ? { keyCertificate: toDer(keyBag.cert!) } : {}),
  };
}

function localKeyIds(bag: forge.pkcs12.Bag): string[] {
  const ids = (bag.attributes as Record<string, unknown[] | undefined>).localKeyId ?? [];
  return ids.map((id) => forge.util.bytesToHex(String(id)));
}
