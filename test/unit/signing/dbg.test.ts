import { createCountryPki } from '../../../src/domain/pki/dev-pki';
import { TrustAnchors } from '../../../src/domain/pki/trust-anchors';
import { XmlSigner } from '../../../src/domain/signing/xml-signer';
import { verifySignedPermitSync } from '../../../src/domain/signing/verify-signed-permit';
import { toPermitXml } from '../../../src/domain/xml/permit-xml';
import { samplePermit } from '../../support/permits';
it('dbg', async () => {
  const pki = await createCountryPki({
    country: 'KE',
    keyType: 'rsa',
    notBefore: new Date('2026-01-01'),
    validDays: 365,
  });
  const s = await XmlSigner.create({ keyPem: pki.signing.keyPem, certPem: pki.signing.certPem });
  const xml = toPermitXml(samplePermit());
  console.log(xml.length, xml);
  const signed = s.signSync(xml);
  const r = verifySignedPermitSync(signed, {
    trust: TrustAnchors.from({ anchors: [pki.ca.certPem] }),
    at: new Date('2026-06-01'),
  });
  console.log(signed.length, r.ok ? r.permit : r);
});
