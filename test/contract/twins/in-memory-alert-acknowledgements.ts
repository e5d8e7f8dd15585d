/** AlertAcknowledgements in memory; held to the same contract as the MongoDB one. */
import type {
  AlertAcknowledgement,
  AlertAcknowledgements,
} from '../../../src/domain/alerts/alert-acknowledgement';

export class InMemoryAlertAcknowledgements implements AlertAcknowledgements {
  private readonly acks = new Map<string, AlertAcknowledgement>();

  acknowledge(
    ack: AlertAcknowledgement,
  ): Promise<{ acknowledgement: AlertAcknowledgement; created: boolean }> {
    const existing = this.acks.get(ack.alertId);
    if (existing) return Promise.resolve({ acknowledgement: structuredClone(existing), created: false });
    this.acks.set(ack.alertId, structuredClone(ack));
    return Promise.resolve({ acknowledgement: structuredClone(ack), created: true });
  }

  find(alertIds: readonly string[]): Promise<Map<string, AlertAcknowledgement>> {
    const found = new Map<string, AlertAcknowledgement>();
    for (const id of alertIds) {
      const ack = this.acks.get(id);
      if (ack) found.set(id, structuredClone(ack));
    }
    return Promise.resolve(found);
  }
}
