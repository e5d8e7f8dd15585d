/** Acknowledgement of alerts by a person: who saw it, when, with an optional note. First one wins. */

export interface AlertAcknowledgement {
  alertId: string;
  /** The API token's name. */
  by: string;
  at: Date;
  note?: string;
}

export interface AlertAcknowledgements {
  /**
   * Stores the acknowledgement unless the alert is already acknowledged; returns the stored one and
   * whether it is this one. Concurrent calls store one.
   */
  acknowledge(
    ack: AlertAcknowledgement,
  ): Promise<{ acknowledgement: AlertAcknowledgement; created: boolean }>;
  /** Acknowledgements of these alerts, by alert id. */
  find(alertIds: readonly string[]): Promise<Map<string, AlertAcknowledgement>>;
}
