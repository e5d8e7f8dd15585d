/** The error catalogue decides what a queue consumer does with a message whose handling threw. */
import { dispositionOnFailure } from '../../../src/domain/exchange/exchange-queue';
import { GatewayError } from '../../../src/domain/errors';

describe('dispositionOnFailure', () => {
  it('when the failure is one the catalogue retries (the database is away), then the message goes back on the queue', () => {
    expect(dispositionOnFailure(new GatewayError('SERVICE_UNAVAILABLE'))).toBe('requeue');
    expect(dispositionOnFailure(new GatewayError('PARTNER_TIMEOUT'))).toBe('requeue');
  });

  it('when the failure would repeat on every delivery (bad input, internal), then the message is dropped', () => {
    expect(dispositionOnFailure(new GatewayError('ENVELOPE_INVALID'))).toBe('drop');
    expect(dispositionOnFailure(new GatewayError('PERMIT_NOT_FOUND'))).toBe('drop');
    expect(dispositionOnFailure(new GatewayError('INTERNAL_ERROR'))).toBe('drop');
  });

  it('when the error is not from the catalogue (a driver error), then it counts as transient', () => {
    expect(dispositionOnFailure(new Error('connection reset'))).toBe('requeue');
    expect(dispositionOnFailure('a string')).toBe('requeue');
  });

  it('when the partner has no TLS anchor yet, then the catalogue says retry (an administrator may add it)', () => {
    expect(new GatewayError('PARTNER_NO_TLS_ANCHOR').disposition).toBe('retry');
  });
});
