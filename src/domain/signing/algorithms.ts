/**
 * The XMLDSig algorithm identifiers the gateway writes and the allow-list it accepts. Anything not listed
 * here (SHA-1, HMAC, inclusive C14N, XPath or XSLT transforms ...) is refused on verification with
 * SIGNATURE_ALGORITHM_FORBIDDEN.
 */

export const DSIG = {
  excC14n: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  enveloped: 'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
} as const;

export type HashName = 'sha256' | 'sha384' | 'sha512';
export type KeyKind = 'rsa' | 'ec';

export interface SignatureAlgorithm {
  uri: string;
  /** Short name shown in summaries and logs, e.g. `rsa-sha256`. */
  name: string;
  hash: HashName;
  key: KeyKind;
}

/** Accepted DigestMethod algorithms by URI. */
export const DIGEST_ALGORITHMS: ReadonlyMap<string, HashName> = new Map([
  ['http://www.w3.org/2001/04/xmlenc#sha256', 'sha256'],
  ['http://www.w3.org/2001/04/xmldsig-more#sha384', 'sha384'],
  ['http://www.w3.org/2001/04/xmlenc#sha512', 'sha512'],
]);

/** Accepted SignatureMethod algorithms by URI. */
export const SIGNATURE_ALGORITHMS: ReadonlyMap<string, SignatureAlgorithm> = new Map(
  (
    [
      ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'rsa-sha256', 'sha256', 'rsa'],
      ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha384', 'rsa-sha384', 'sha384', 'rsa'],
      ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', 'rsa-sha512', 'sha512', 'rsa'],
      ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256', 'ecdsa-sha256', 'sha256', 'ec'],
      ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384', 'ecdsa-sha384', 'sha384', 'ec'],
    ] as const
  ).map(([uri, name, hash, key]) => [uri, { uri, name, hash, key }]),
);

/** The URI of a DigestMethod, by hash. */
export const DIGEST_URI: Readonly<Record<HashName, string>> = {
  sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  sha384: 'http://www.w3.org/2001/04/xmldsig-more#sha384',
  sha512: 'http://www.w3.org/2001/04/xmlenc#sha512',
};

/** The signature algorithm the signer uses for a key: RSA-SHA256, or ECDSA with the hash sized to the curve. */
export function signatureAlgorithmFor(key: KeyKind, curve?: string): SignatureAlgorithm {
  const name = key === 'rsa' ? 'rsa-sha256' : curve === 'P-384' ? 'ecdsa-sha384' : 'ecdsa-sha256';
  for (const algorithm of SIGNATURE_ALGORITHMS.values()) if (algorithm.name === name) return algorithm;
  throw new Error(`no signature algorithm ${name}`);
}
