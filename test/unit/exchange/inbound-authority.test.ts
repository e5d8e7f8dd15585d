import {
  decideInboundAuthority,
  type InboundAuthorityFacts,
} from '../../../src/domain/exchange/inbound-authority';
import { signerCountryDenial } from '../../../src/domain/exchange/signer-country';

const base: InboundAuthorityFacts = {
  ourCountry: 'CH',
  sender: 'KE',
  documentType: 'permit',
  permitKey: 'KE/2026/KE-1',
};

describe('inbound authority', () => {
  it.each<[string, Partial<InboundAuthorityFacts>, string | null]>([
    ['a plain permit of the sender', {}, null],
    ['a cancellation of its own permit', { documentType: 'cancellation' }, null],
    [
      "a cancellation of another country's permit",
      { documentType: 'cancellation', permitKey: 'TZ/2026/TZ-9' },
      'EXCHANGE_PERMIT_NOT_OWNED',
    ],
    [
      'a cancellation naming no permit key',
      { documentType: 'cancellation', permitKey: 'nonsense' },
      'EXCHANGE_PERMIT_NOT_OWNED',
    ],
    [
      "a replacement of another country's permit",
      { documentType: 'replacement', replaces: 'TZ/2026/TZ-9' },
      'EXCHANGE_PERMIT_NOT_OWNED',
    ],
    [
      'a replacement of its own permit, unsigned reference',
      { documentType: 'replacement', replaces: 'KE/2025/KE-0' },
      null,
    ],
    [
      'a replacement of itself',
      { documentType: 'replacement', replaces: 'KE/2026/KE-1' },
      'EXCHANGE_REPLACES_MISMATCH',
    ],
    [
      'a replacement whose signed reference agrees',
      {
        documentType: 'replacement',
        replaces: 'KE/2025/KE-0',
        signedReplaces: { issuingCountry: 'KE', permitNumber: 'KE-0', issueDate: '2025-12-30' },
      },
      null,
    ],
    [
      'a replacement whose signed reference names another permit',
      {
        documentType: 'replacement',
        replaces: 'KE/2025/KE-0',
        signedReplaces: { issuingCountry: 'KE', permitNumber: 'KE-7', issueDate: '2025-12-30' },
      },
      'EXCHANGE_REPLACES_MISMATCH',
    ],
    [
      'a usage confirmation of our permit issued to the sender',
      { documentType: 'usage-confirmation', permitKey: 'CH/2026/CH-1', issuedTo: 'KE' },
      null,
    ],
    [
      'a usage confirmation of our permit issued to another country',
      { documentType: 'usage-confirmation', permitKey: 'CH/2026/CH-1', issuedTo: 'TZ' },
      'EXCHANGE_USAGE_NOT_OURS',
    ],
    [
      "a usage confirmation of a third country's permit",
      { documentType: 'usage-confirmation', permitKey: 'TZ/2026/TZ-9', issuedTo: null },
      'EXCHANGE_USAGE_NOT_OURS',
    ],
  ])('when the message is %s, then the answer is %s', (_what, facts, expected) => {
    expect(decideInboundAuthority({ ...base, ...facts })?.code ?? null).toBe(expected);
  });
});

describe('signer country', () => {
  it('when the signer names the sender, then it is accepted', () => {
    expect(signerCountryDenial({ country: 'KE', subject: 'C=KE' }, 'KE', 'the message')).toBeNull();
  });
  it('when the signer names no country, then EXCHANGE_SIGNER_COUNTRY_MISSING', () => {
    expect(signerCountryDenial({ country: undefined, subject: 'CN=x' }, 'KE', 'the message')?.code).toBe(
      'EXCHANGE_SIGNER_COUNTRY_MISSING',
    );
  });
  it('when the signer names another country, then EXCHANGE_SIGNER_MISMATCH', () => {
    expect(signerCountryDenial({ country: 'TZ', subject: 'C=TZ' }, 'KE', 'the message')?.code).toBe(
      'EXCHANGE_SIGNER_MISMATCH',
    );
  });
});
