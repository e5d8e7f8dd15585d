import { skippedDrillResult } from '../../../scripts/lib/drills';

describe('a drill whose prerequisite is missing', () => {
  test('when the fault cannot be injected, then the drill result is a failure naming the missing prerequisite', () => {
    const result = skippedDrillResult('amqp-close', 'rabbitmqctl is not available on this machine', 100, 12);
    expect(result.ok).toBe(false);
    expect(result.error).toBe('prerequisite missing: rabbitmqctl is not available on this machine');
    expect(result.skipped).toBe('rabbitmqctl is not available on this machine');
  });
});
