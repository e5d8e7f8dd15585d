/** What `GET /api/v1/alerts` shows: computed certificate-expiry alerts and the alerts flows raised. */
import { sortAlerts, type Alert, type AlertStore } from '../domain/alerts/alert';
import { CERTIFICATE_EXPIRY_KIND } from '../domain/alerts/certificate-expiry';

export interface ListAlertsDeps {
  store: Pick<AlertStore, 'list'>;
  certificateExpiry: () => Promise<Alert[]>;
}

/** Newest first, optionally of one kind, at most `limit`. */
export async function listAlerts(
  deps: ListAlertsDeps,
  options: { kind?: string; limit: number },
): Promise<Alert[]> {
  const wantExpiry = options.kind === undefined || options.kind === CERTIFICATE_EXPIRY_KIND;
  const [computed, stored] = await Promise.all([
    wantExpiry ? deps.certificateExpiry() : Promise.resolve([]),
    deps.store.list({ ...(options.kind === undefined ? {} : { kind: options.kind }), limit: options.limit }),
  ]);
  return sortAlerts([...computed, ...stored]).slice(0, options.limit);
}
