/**
 * PartnerDirectory against an in-memory repository and broadcast: when it reloads, what it tells other
 * instances, what it ignores, and the signature trust it hands out.
 */
import { X509Certificate } from 'node:crypto';
import { createCountryPki, type CountryPki } from '../../../src/domain/pki/dev-pki';
import { parseCertificatePem } from '../../../src/domain/pki/certificate-info';
import type {
  CertificateRole,
  DirectoryChangeEvent,
  Partner,
  PartnerCertificate,
} from '../../../src/domain/partners/partner';
import { systemClock } from '../../../src/domain/ports';
import type { DirectorySnapshot } from '../../../src/domain/partners/directory-snapshot';
import { PartnerDirectory, type DirectoryBroadcast } from '../../../src/flows/partner-directory';
import { createSilentLogger } from '../../../src/logging/logger';

class MemoryPartners {
  partners = new Map<string, Partner>();
  certificates: PartnerCertificate[] = [];
  loads = 0;
  failNext = false;
  /** When set, every load waits for it (to hold a load in flight). */
  gate: Promise<void> | undefined;

  async listPartners(): Promise<Partner[]> {
    this.loads += 1;
    if (this.gate) await this.gate;
    if (this.failNext) {
      this.failNext = false;
      throw new Error('database down');
    }
    return [...this.partners.values()].map((p) => ({ ...p }));
  }

  listCertificates(): Promise<PartnerCertificate[]> {
    return Promise.resolve(this.certificates.map((c) => ({ ...c })));
  }

  put(code: string, status: Partner['status'] = 'active'): void {
    const now = new Date();
    this.partners.set(code, {
      code,
      name: `Partner ${code}`,
      endpointUrl: `https://${code.toLowerCase()}.example/`,
      status,
      timeoutMs: 5_000,
      allowedDocumentTypes: ['export'],
      createdAt: now,
      createdBy: 'test',
      updatedAt: now,
      updatedBy: 'test',
    });
  }

  addCertificate(code: string, role: CertificateRole, pem: string): PartnerCertificate {
    const cert: PartnerCertificate = {
      ...parseCertificatePem(pem),
      partnerCode: code,
      role,
      addedAt: new Date(),
      addedBy: 'test',
      revoked: false,
    };
    this.certificates.push(cert);
    return cert;
  }
}

class MemoryBroadcast implements DirectoryBroadcast {
  published: DirectoryChangeEvent[] = [];
  subscriber: Parameters<DirectoryBroadcast['subscribe']>[0] | undefined;
  closed = false;

  subscribe(subscriber: Parameters<DirectoryBroadcast['subscribe']>[0]): Promise<void> {
    this.subscriber = subscriber;
    return Promise.resolve();
  }

  publish(event: DirectoryChangeEvent): Promise<boolean> {
    this.published.push(event);
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

let ke: CountryPki;
let keRotated: CountryPki;

beforeAll(async () => {
  const notBefore = new Date(Date.now() - 3_600_000);
  [ke, keRotated] = await Promise.all([
    createCountryPki({ country: 'KE', keyType: 'ec', notBefore, validDays: 30 }),
    createCountryPki({ country: 'KE', keyType: 'ec', notBefore, validDays: 30 }),
  ]);
});

let repo: MemoryPartners;
let bus: MemoryBroadcast;
let directory: PartnerDirectory;

function newDirectory(reconcileIntervalMs = 60_000): PartnerDirectory {
  return new PartnerDirectory(
    { partners: repo, broadcast: bus, clock: systemClock, logger: createSilentLogger() },
    { reconcileIntervalMs, origin: 'instance-1' },
  );
}

function nextChange(dir: PartnerDirectory): Promise<DirectorySnapshot> {
  return new Promise((resolve) => {
    const remove = dir.onChange((snapshot) => {
      remove();
      resolve(snapshot);
    });
  });
}

function waitFor(predicate: () => boolean, ms: number): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - started > ms) reject(new Error(`condition not met within ${ms} ms`));
      else setTimeout(check, 5);
    };
    check();
  });
}

beforeEach(() => {
  repo = new MemoryPartners();
  bus = new MemoryBroadcast();
  repo.put('KE');
  repo.addCertificate('KE', 'tls-ca', ke.ca.certPem);
  repo.addCertificate('KE', 'signing-ca', ke.ca.certPem);
  directory = newDirectory();
});

afterEach(async () => {
  await directory.close();
});

describe('PartnerDirectory', () => {
  test('when started, then the snapshot holds the database content and the broadcast is subscribed', async () => {
    expect(directory.current().partners()).toEqual([]);
    await directory.start();
    expect(directory.current().findPartner('KE')?.status).toBe('active');
    expect(directory.current().tlsServerCaPems()).toHaveLength(1);
    expect(directory.current().version).toBe(1);
    expect(bus.subscriber).toBeDefined();
  });

  test('when the database cannot be read at start, then start fails', async () => {
    repo.failNext = true;
    await expect(directory.start()).rejects.toThrow('database down');
  });

  test('when changed() is called after a write, then the snapshot reflects it at once, listeners run and other instances are told', async () => {
    await directory.start();
    const listened: DirectorySnapshot[] = [];
    directory.onChange((snapshot) => listened.push(snapshot));
    repo.put('KE', 'suspended');
    await directory.changed('KE');
    expect(directory.current().findPartner('KE')?.status).toBe('suspended');
    expect(directory.current().tlsServerCaPems()).toEqual([]);
    expect(directory.current().version).toBe(2);
    expect(listened).toEqual([directory.current()]);
    expect(bus.published).toEqual([
      { partner: 'KE', origin: 'instance-1', at: expect.any(String) as unknown },
    ]);
  });

  test('when changed() finds nothing new, then the snapshot and version stay and no listener runs', async () => {
    await directory.start();
    const before = directory.current();
    const listener = jest.fn();
    directory.onChange(listener);
    await directory.changed('KE');
    expect(directory.current()).toBe(before);
    expect(listener).not.toHaveBeenCalled();
    expect(bus.published).toHaveLength(1);
  });

  test('when another instance announces a change, then this one reloads; its own echo is ignored', async () => {
    await directory.start();
    const loads = repo.loads;
    bus.subscriber!.onEvent({ partner: 'KE', origin: 'instance-1', at: new Date().toISOString() });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(repo.loads).toBe(loads);

    repo.put('UG');
    const changed = nextChange(directory);
    bus.subscriber!.onEvent({ partner: 'UG', origin: 'instance-2', at: new Date().toISOString() });
    expect((await changed).findPartner('UG')).toBeDefined();
  });

  test('when the broadcast re-subscribes after a reconnect, then the directory reloads (events may have been lost)', async () => {
    await directory.start();
    repo.put('UG');
    const changed = nextChange(directory);
    bus.subscriber!.onResubscribed();
    expect((await changed).findPartner('UG')).toBeDefined();
  });

  test('when the database changes without any announcement, then the reconcile picks it up', async () => {
    directory = newDirectory(20);
    await directory.start();
    repo.put('KE', 'suspended');
    const changed = nextChange(directory);
    expect((await changed).findPartner('KE')?.status).toBe('suspended');
  });

  test('when a reload fails, then the previous snapshot stays in force and the next reconcile recovers', async () => {
    directory = newDirectory(20);
    await directory.start();
    const before = directory.current();
    repo.put('KE', 'suspended');
    repo.failNext = true;
    await expect(directory.reload()).rejects.toThrow('database down');
    expect(directory.current()).toBe(before);
    await waitFor(() => directory.current() !== before, 1_000);
    expect(directory.current().findPartner('KE')?.status).toBe('suspended');
  });

  test('when changed() cannot read the database, then it rejects but still tells the other instances', async () => {
    await directory.start();
    repo.failNext = true;
    await expect(directory.changed('KE')).rejects.toThrow('database down');
    expect(bus.published.map((e) => e.partner)).toEqual(['KE']);
  });

  test('when changed() is called while a load is running, then it waits for a load that starts after the call', async () => {
    await directory.start();
    let open!: () => void;
    repo.gate = new Promise((resolve) => (open = resolve));
    const loadsBefore = repo.loads;
    const first = directory.reload();
    // Written after the first load read the partners: only a later load can see it.
    repo.put('UG');
    const second = directory.changed('UG');
    const third = directory.changed('UG');
    repo.gate = undefined;
    open();
    await Promise.all([first, second, third]);
    expect(directory.current().findPartner('UG')).toBeDefined();
    // One running load plus one queued load for both later calls.
    expect(repo.loads - loadsBefore).toBe(2);
  });

  test('when closed, then the reconcile stops and the broadcast is closed', async () => {
    directory = newDirectory(20);
    await directory.start();
    await directory.close();
    const loads = repo.loads;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(repo.loads).toBe(loads);
    expect(bus.closed).toBe(true);
  });

  describe('signingTrustFor', () => {
    const fingerprintOf = (pem: string): string =>
      new X509Certificate(pem).fingerprint256.replace(/:/g, '').toLowerCase();

    test('when asked twice for the same partner and snapshot, then the same trust object (and chain cache) is returned', async () => {
      await directory.start();
      const now = new Date();
      const trust = directory.signingTrustFor('KE', now);
      expect(directory.signingTrustFor('KE', new Date(now.getTime() + 1000))).toBe(trust);
      expect(trust.anchorFingerprints).toEqual([fingerprintOf(ke.ca.certPem)]);
    });

    test("when asked, then the partner's signing chain validates against it and another CA's does not", async () => {
      await directory.start();
      const trust = directory.signingTrustFor('KE', new Date());
      const signer = new X509Certificate(ke.signing.certPem);
      expect(trust.validate(signer, [], new Date(), { keyUsage: 'digitalSignature' })).toMatchObject({
        ok: true,
      });
      const stranger = new X509Certificate(keRotated.signing.certPem);
      expect(trust.validate(stranger, [], new Date(), { keyUsage: 'digitalSignature' })).toMatchObject({
        ok: false,
      });
    });

    test('when the partner is suspended or unknown, then no anchor is trusted', async () => {
      await directory.start();
      expect(directory.signingTrustFor('UG', new Date()).anchors).toEqual([]);
      repo.put('KE', 'suspended');
      await directory.changed('KE');
      const trust = directory.signingTrustFor('KE', new Date());
      expect(trust.anchors).toEqual([]);
      expect(trust.validate(new X509Certificate(ke.signing.certPem), [], new Date()).ok).toBe(false);
    });

    test('when a second signing-ca is added, then a new trust object holds both anchors', async () => {
      await directory.start();
      const before = directory.signingTrustFor('KE', new Date());
      repo.addCertificate('KE', 'signing-ca', keRotated.ca.certPem);
      await directory.changed('KE');
      const after = directory.signingTrustFor('KE', new Date());
      expect(after).not.toBe(before);
      expect(after.anchorFingerprints.sort()).toEqual(
        [fingerprintOf(ke.ca.certPem), fingerprintOf(keRotated.ca.certPem)].sort(),
      );
    });

    test('when a signing leaf is pinned, then only that leaf validates, even under the trusted CA', async () => {
      await directory.start();
      repo.addCertificate('KE', 'signing', ke.tlsClient.certPem);
      await directory.changed('KE');
      const trust = directory.signingTrustFor('KE', new Date());
      expect(trust.validate(new X509Certificate(ke.signing.certPem), [], new Date()).ok).toBe(false);
      expect(trust.validate(new X509Certificate(ke.tlsClient.certPem), [], new Date()).ok).toBe(true);
    });

    test('when the signing-ca is outside its validity at the time asked, then it is not among the anchors', async () => {
      await directory.start();
      expect(directory.signingTrustFor('KE', new Date(Date.now() + 90 * 86_400_000)).anchors).toEqual([]);
    });
  });
});
