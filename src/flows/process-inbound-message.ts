/**
 * Applies a received lifecycle message to the stored permits, from the inbound queue: a cancellation or
 * replacement from the issuing country updates the received permit; a usage confirmation from the importing
 * country marks our issued permit USED with the cleared quantities (EPIX ConfirmQuantities). Each is then
 * recorded in the trade ledger (the reports' data), before the record is marked processed.
 * Re-running it for the same record is harmless.
 */
import type { Disposition } from '../domain/exchange/exchange-queue';
import type { MessageRepository } from '../domain/exchange/message-repository';
import type { IssuedPermitRepository, ReceivedPermitRepository } from '../domain/exchange/permit-repository';
import type { InboundAction, InboundMessage } from '../domain/exchange/records';
import type { Clock } from '../domain/ports';
import type { TradeLedger } from '../domain/reports/trade-ledger';
import type { Logger } from '../logging/logger';

export interface ProcessInboundDeps {
  messages: Pick<MessageRepository, 'findById' | 'markProcessed'>;
  received: Pick<ReceivedPermitRepository, 'find' | 'update'>;
  issued: Pick<IssuedPermitRepository, 'find' | 'update'>;
  /** Where the reports' facts go (cancellations, replacements, usage confirmations). */
  ledger: Pick<TradeLedger, 'record'>;
  clock: Clock;
  logger: Logger;
}

export async function processInboundMessage(
  deps: ProcessInboundDeps,
  recordId: string,
): Promise<Disposition> {
  const record = await deps.messages.findById(recordId);
  if (!record || record.direction !== 'inbound') {
    deps.logger.warn('inbound id with no record; dropped', { id: recordId });
    return 'ack';
  }
  if (record.processedAt || !record.action || record.state !== 'RECEIVED') return 'ack';
  await apply(deps, record, record.action);
  await deps.messages.markProcessed(recordId, deps.clock.now());
  return 'ack';
}

async function apply(deps: ProcessInboundDeps, record: InboundMessage, action: InboundAction): Promise<void> {
  const now = deps.clock.now();
  if (action.kind === 'cancellation') {
    const permit = await deps.received.find(action.permitKey);
    if (!permit) {
      deps.logger.warn('cancellation of a permit never received', { permitKey: action.permitKey });
      return;
    }
    if (permit.status === 'VALID') {
      await deps.received.update(action.permitKey, {
        status: 'CANCELLED',
        cancellation: { reason: action.reason, at: action.cancelledAt, messageId: record.messageId },
        updatedAt: now,
      });
    }
    if (permit.status === 'VALID' || permit.status === 'CANCELLED') {
      const at = permit.cancellation?.at ?? action.cancelledAt;
      await deps.ledger.record([{ kind: 'cancelled', direction: 'IMPORT', permitKey: action.permitKey, at }]);
    }
    return;
  }
  if (action.kind === 'replacement') {
    const old = await deps.received.find(action.replaces);
    if (!old) {
      deps.logger.warn('replacement of a permit never received', { replaces: action.replaces });
      return;
    }
    if (old.status === 'VALID') {
      await deps.received.update(action.replaces, {
        status: 'REPLACED',
        replacedBy: action.permitKey,
        updatedAt: now,
      });
    }
    if (old.status === 'VALID' || old.replacedBy === action.permitKey) {
      const at = old.status === 'VALID' ? now : old.updatedAt;
      await deps.ledger.record([{ kind: 'replaced', direction: 'IMPORT', permitKey: action.replaces, at }]);
    }
    return;
  }
  const issued = await deps.issued.find(action.permitKey);
  if (!issued) return;
  if (issued.usage && issued.usage.declarationNumber !== action.usage.declarationNumber) {
    deps.logger.warn('a second usage confirmation for one permit; the first one stays', {
      permitKey: action.permitKey,
      first: issued.usage.declarationNumber,
      second: action.usage.declarationNumber,
    });
    return;
  }
  await deps.issued.update(action.permitKey, { status: 'USED', usage: action.usage, updatedAt: now });
  await deps.ledger.record([{ kind: 'usage-confirmed', permitKey: action.permitKey, usage: action.usage }]);
}
