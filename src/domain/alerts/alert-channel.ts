/** Where alert notifications go (a webhook, a mailbox ...). Adapters live in transport/. */
import type { AlertNotification } from './alert-notification';

export interface AlertChannel {
  /** The configured channel name, as used in routes and delivery records. */
  readonly name: string;
  /**
   * Sends one notification. `deliveryId` is stable across retries so that a receiver can de-duplicate.
   * Resolves once the receiver accepted it; rejects on any failure (every failure is retried).
   */
  send(notification: AlertNotification, deliveryId: string, now: Date): Promise<void>;
  close(): Promise<void>;
}
