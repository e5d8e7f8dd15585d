/** An administrator acknowledges an alert (stored or computed); repeated notifications of it stop. */
import type { Alert } from '../../domain/alerts/alert';
import type { AlertAcknowledgement, AlertAcknowledgements } from '../../domain/alerts/alert-acknowledgement';
import { GatewayError } from '../../domain/errors';
import type { Clock } from '../../domain/ports';

export interface AcknowledgeAlertDeps {
  acknowledgements: Pick<AlertAcknowledgements, 'acknowledge'>;
  /** The alert with this id, stored or computed now; null when there is none. */
  findAlert: (id: string) => Promise<Alert | null>;
  clock: Clock;
}

/** Throws ALERT_NOT_FOUND for an unknown id; a second acknowledgement returns the first (`created: false`). */
export async function acknowledgeAlert(
  deps: AcknowledgeAlertDeps,
  input: { alertId: string; by: string; note?: string },
): Promise<{ acknowledgement: AlertAcknowledgement; created: boolean }> {
  const alert = await deps.findAlert(input.alertId);
  if (!alert) throw new GatewayError('ALERT_NOT_FOUND', `no alert ${input.alertId}`);
  return deps.acknowledgements.acknowledge({
    alertId: alert.id,
    by: input.by,
    at: deps.clock.now(),
    ...(input.note !== undefined && { note: input.note }),
  });
}
