import { MongoNetworkError, MongoServerSelectionError, MongoServerError } from 'mongodb';
import { toGatewayError } from '../../../src/transport/http-common';
import { GatewayError } from '../../../src/domain/errors';

describe('toGatewayError', () => {
  it('keeps a GatewayError as it is', () => {
    const error = new GatewayError('PERMIT_EXISTS');
    expect(toGatewayError(error)).toBe(error);
  });

  it('maps body-parser failures to their codes', () => {
    expect(toGatewayError({ type: 'entity.too.large', status: 413 }).code).toBe('PAYLOAD_TOO_LARGE');
    expect(toGatewayError({ type: 'entity.parse.failed', status: 400 }).code).toBe('MALFORMED_JSON');
  });

  it('maps an unreachable database to 503 SERVICE_UNAVAILABLE, so that clients retry', () => {
    const network = toGatewayError(new MongoNetworkError('connection 4 to 127.0.0.1:27018 closed'));
    expect(network.code).toBe('SERVICE_UNAVAILABLE');
    expect(network.status).toBe(503);
    const selection = new MongoServerSelectionError('Server selection timed out after 30000 ms', {} as never);
    expect(toGatewayError(selection).code).toBe('SERVICE_UNAVAILABLE');
    // A read that waited for a connection while another operation's failure cleared the pool: no
    // RetryableWriteError label (that is for writes), still the same outage.
    const poolCleared = {
      name: 'MongoPoolClearedError',
      message: 'Connection pool for 127.0.0.1:27018 was cleared',
    };
    expect(toGatewayError(poolCleared).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('keeps other database errors internal (500), without their text', () => {
    const error = toGatewayError(new MongoServerError({ message: 'E11000 duplicate key', code: 11000 }));
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(error.message).not.toContain('E11000');
    expect(toGatewayError(new Error('boom')).code).toBe('INTERNAL_ERROR');
  });
});
