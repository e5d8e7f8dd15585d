/** PartnerCrlStore in memory, for fast flow tests; held to the same contract as the MongoDB one. */
import {
  compareCrlsNewestFirst,
  type PartnerCrl,
  type PartnerCrlStore,
} from '../../../src/domain/partners/partner-crl';

export class InMemoryPartnerCrlStore implements PartnerCrlStore {
  private readonly crls = new Map<string, PartnerCrl>();

  insertCrl(crl: PartnerCrl): Promise<'inserted' | 'exists'> {
    if (this.crls.has(crl.id)) return Promise.resolve('exists');
    this.crls.set(crl.id, structuredClone(crl));
    return Promise.resolve('inserted');
  }

  findCrl(id: string): Promise<PartnerCrl | null> {
    const crl = this.crls.get(id);
    return Promise.resolve(crl ? structuredClone(crl) : null);
  }

  listCrls(code?: string): Promise<PartnerCrl[]> {
    return Promise.resolve(
      [...this.crls.values()]
        .filter((c) => code === undefined || c.partnerCode === code)
        .sort(compareCrlsNewestFirst)
        .map((c) => structuredClone(c)),
    );
  }
}
