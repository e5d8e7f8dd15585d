/**
 * The delivery lease must outlast the longest wait for a partner plus a margin: a worker whose POST is
 * still in flight when its lease ends would race the worker that takes the message over. Deliveries
 * never wait longer than `delivery.partnerTimeoutCapMs` (a partner's own timeout above it is capped), so
 * a lease that does not exceed that cap plus `delivery.leaseMarginMs` is refused at start-up. Fencing in
 * the message store (MessageRepository.completeAttempt) still guards the remaining cases (a paused process).
 */
import type { z } from 'zod';

interface DeliveryTimes {
  leaseMs: number;
  partnerTimeoutCapMs: number;
  leaseMarginMs: number;
}

export function checkDeliveryLease(config: { delivery: DeliveryTimes }, ctx: z.RefinementCtx): void {
  const { leaseMs, partnerTimeoutCapMs, leaseMarginMs } = config.delivery;
  if (leaseMs > partnerTimeoutCapMs + leaseMarginMs) return;
  ctx.addIssue({
    code: 'custom',
    path: ['delivery', 'leaseMs'],
    message: `must exceed delivery.partnerTimeoutCapMs (${partnerTimeoutCapMs}) + delivery.leaseMarginMs (${leaseMarginMs}), i.e. be more than ${partnerTimeoutCapMs + leaseMarginMs}; it is ${leaseMs}`,
  });
}
