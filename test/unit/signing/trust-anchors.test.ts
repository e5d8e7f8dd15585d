import { TrustAnchors } from '../../../src/domain/pki/trust-anchors';
import { F, makeCert, type TestCert } from './support/certs';

const AT = new Date('2027-01-01T00:00:00Z');
const DS = { keyUsage: 'digitalSignature' } as const;

let root: TestCert;
let issuing: TestCert;
let leaf: TestCert;
let leafUnderIssuing: TestCert;
let otherRoot: TestCert;

beforeAll(async () => {
  root = await makeCert({ subject: 'CN=Root,C=KE', ca: true, pathLength: 1 });
  otherRoot = await makeCert({ subject: 'CN=Other Root,C=KE', ca: true });
  issuing = await makeCert({ subject: 'CN=Issuing,C=KE', ca: true, pathLength: 0, issuer: root });
  leaf = await makeCert({ subject: 'CN=Signer,C=KE', issuer: root });
  leafUnderIssuing = await makeCert({ subject: 'CN=Signer 2,C=KE', issuer: issuing });
});

describe('TrustAnchors', () => {
  it('when the leaf is issued by an anchor, then the chain is leaf then anchor', () => {
    const result = TrustAnchors.from({ anchors: [root.pem] }).validate(leaf.node, [], AT, DS);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.chain.map((c) => c.subject)).toEqual([leaf.node.subject, root.node.subject]);
  });

  it('when an intermediate is presented, then the path goes through it; without it the leaf is untrusted', () => {
    const trust = TrustAnchors.from({ anchors: [root.pem] });
    const through = trust.validate(leafUnderIssuing.node, [issuing.node], AT, DS);
    expect(through.ok && through.chain.length).toBe(3);
    expect(trust.validate(leafUnderIssuing.node, [], AT, DS)).toMatchObject({
      ok: false,
      code: 'CERT_UNTRUSTED',
    });
    expect(trust.validate(leafUnderIssuing.node, [otherRoot.node], AT, DS)).toMatchObject({
      ok: false,
      code: 'CERT_UNTRUSTED',
    });
  });

  it('when anchors come as one PEM bundle, then each of them anchors', () => {
    const trust = TrustAnchors.from({ anchors: [`${otherRoot.pem}\n${root.pem}`] });
    expect(trust.anchors).toHaveLength(2);
    expect(trust.validate(leaf.node, [], AT, DS).ok).toBe(true);
  });

  it('when the leaf chains to another CA, then it is CERT_UNTRUSTED', () => {
    expect(TrustAnchors.from({ anchors: [otherRoot.pem] }).validate(leaf.node, [], AT, DS)).toMatchObject({
      ok: false,
      code: 'CERT_UNTRUSTED',
    });
  });

  it('when a chain was validated before, then validity is still checked against each new time', () => {
    const trust = TrustAnchors.from({ anchors: [root.pem] });
    expect(trust.validate(leaf.node, [], AT, DS).ok).toBe(true);
    expect(trust.validate(leaf.node, [], new Date('2036-06-01T00:00:00Z'), DS)).toMatchObject({
      ok: false,
      code: 'CERT_EXPIRED',
    });
    expect(trust.validate(leaf.node, [], new Date('2025-06-01T00:00:00Z'), DS)).toMatchObject({
      ok: false,
      code: 'CERT_NOT_YET_VALID',
    });
    expect(trust.validate(leaf.node, [], AT, DS).ok).toBe(true);
  });

  it('when an intermediate has expired, then the chain is CERT_EXPIRED although the leaf is valid', async () => {
    const oldIssuing = await makeCert({
      subject: 'CN=Old Issuing,C=KE',
      ca: true,
      issuer: root,
      notAfter: new Date('2026-06-01T00:00:00Z'),
    });
    const under = await makeCert({ subject: 'CN=Signer 3,C=KE', issuer: oldIssuing });
    const result = TrustAnchors.from({ anchors: [root.pem] }).validate(under.node, [oldIssuing.node], AT, DS);
    expect(result).toMatchObject({ ok: false, code: 'CERT_EXPIRED' });
    if (!result.ok) expect(result.message).toContain('Old Issuing');
  });

  it('when an end-entity certificate issues another, then the path is refused', async () => {
    const notCa = await makeCert({
      subject: 'CN=Not a CA,C=KE',
      issuer: root,
      usages: F.digitalSignature | F.keyCertSign,
    });
    const under = await makeCert({ subject: 'CN=Under a leaf,C=KE', issuer: notCa });
    expect(
      TrustAnchors.from({ anchors: [root.pem] }).validate(under.node, [notCa.node], AT, DS),
    ).toMatchObject({
      ok: false,
      code: 'CERT_UNTRUSTED',
    });
  });

  it('when the path is longer than the root allows, then it is refused', async () => {
    const strictRoot = await makeCert({ subject: 'CN=Strict Root,C=KE', ca: true, pathLength: 0 });
    const middle = await makeCert({ subject: 'CN=Middle,C=KE', ca: true, issuer: strictRoot });
    const under = await makeCert({ subject: 'CN=Deep signer,C=KE', issuer: middle });
    const result = TrustAnchors.from({ anchors: [strictRoot.pem] }).validate(
      under.node,
      [middle.node],
      AT,
      DS,
    );
    expect(result).toMatchObject({ ok: false, code: 'CERT_UNTRUSTED' });
    if (!result.ok) expect(result.message).toContain('path length');
  });

  it('when the leaf lacks digitalSignature or the keyUsage extension, then it is CERT_KEY_USAGE', async () => {
    const trust = TrustAnchors.from({ anchors: [root.pem] });
    const encipher = await makeCert({ subject: 'CN=TLS,C=KE', issuer: root, usages: F.keyEncipherment });
    const none = await makeCert({ subject: 'CN=No KU,C=KE', issuer: root, usages: null });
    expect(trust.validate(encipher.node, [], AT, DS)).toMatchObject({ ok: false, code: 'CERT_KEY_USAGE' });
    expect(trust.validate(none.node, [], AT, DS)).toMatchObject({ ok: false, code: 'CERT_KEY_USAGE' });
    // Without a key usage requirement the same certificates chain fine.
    expect(trust.validate(encipher.node, [], AT).ok).toBe(true);
  });

  it('when the leaf is a CA certificate, then it cannot sign documents', () => {
    expect(TrustAnchors.from({ anchors: [root.pem] }).validate(issuing.node, [], AT, DS)).toMatchObject({
      ok: false,
      code: 'CERT_KEY_USAGE',
    });
  });

  it('when the leaf is self-signed, then it is refused even if it is listed as an anchor', async () => {
    const self = await makeCert({ subject: 'CN=Self,C=KE' });
    expect(TrustAnchors.from({ anchors: [self.pem] }).validate(self.node, [], AT, DS)).toMatchObject({
      ok: false,
      code: 'CERT_SELF_SIGNED_LEAF',
    });
  });

  it('when leaves are pinned, then only a pinned leaf is accepted, and it must still chain to an anchor', async () => {
    const second = await makeCert({ subject: 'CN=Second signer,C=KE', issuer: root });
    const pinned = TrustAnchors.from({ anchors: [root.pem], pinnedLeaves: [leaf.pem] });
    expect(pinned.validate(leaf.node, [], AT, DS).ok).toBe(true);
    expect(pinned.validate(second.node, [], AT, DS)).toMatchObject({ ok: false, code: 'CERT_UNTRUSTED' });
    expect(
      TrustAnchors.from({ anchors: [otherRoot.pem], pinnedLeaves: [leaf.pem] }).validate(
        leaf.node,
        [],
        AT,
        DS,
      ),
    ).toMatchObject({
      ok: false,
      code: 'CERT_UNTRUSTED',
    });
  });

  it('when an anchor is not a certificate, then from() throws TRUST_ANCHOR_INVALID', () => {
    expect(() => TrustAnchors.from({ anchors: ['not a pem'] })).toThrow(
      expect.objectContaining({ code: 'TRUST_ANCHOR_INVALID' }),
    );
    expect(() =>
      TrustAnchors.from({ anchors: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'] }),
    ).toThrow(expect.objectContaining({ code: 'TRUST_ANCHOR_INVALID' }));
  });

  it('when the verification time is not a date, then validation fails closed', () => {
    expect(
      TrustAnchors.from({ anchors: [root.pem] }).validate(leaf.node, [], new Date('nope'), DS),
    ).toMatchObject({
      ok: false,
      code: 'VALIDATION_FAILED',
    });
  });

  it('when more chains are validated than the cache holds, then results stay correct', () => {
    const trust = TrustAnchors.from({ anchors: [root.pem], cacheSize: 1 });
    for (let i = 0; i < 3; i++) {
      expect(trust.validate(leaf.node, [], AT, DS).ok).toBe(true);
      expect(trust.validate(leafUnderIssuing.node, [issuing.node], AT, DS).ok).toBe(true);
      expect(trust.validate(leafUnderIssuing.node, [], AT, DS).ok).toBe(false);
    }
  });
});
