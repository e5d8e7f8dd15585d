/**
 * The shipped Grafana dashboard and Prometheus configuration only name series the gateway registers, so
 * a renamed metric breaks this test instead of leaving an empty panel.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayMetrics } from '../../../src/transport/metrics';
import { OperationsMetrics } from '../../../src/transport/operations-metrics';

const root = join(__dirname, '../../..');
const dashboard = JSON.parse(
  readFileSync(join(root, 'monitoring/grafana/dashboards/epix-gateway.json'), 'utf8'),
) as { uid: string; panels: Array<{ title: string; targets: Array<{ expr: string }> }> };

function registeredSeries(): Set<string> {
  const metrics = new GatewayMetrics({ country: 'KE' });
  new OperationsMetrics(metrics.registry, {
    countByState: () => Promise.resolve({}),
    certificates: () => Promise.resolve([]),
    now: () => new Date(0),
  });
  const names = new Set<string>();
  for (const metric of metrics.registry.getMetricsAsArray()) {
    const { name, type } = metric as unknown as { name: string; type: string };
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

describe('the Grafana dashboard', () => {
  const registered = registeredSeries();
  const used = dashboard.panels.flatMap((panel) =>
    panel.targets.flatMap((target) =>
      [...target.expr.matchAll(/\bepix_[a-z_]+/g)].map((m) => [panel.title, m[0]]),
    ),
  );

  test('when its panels are read, then every epix_ series they query is one the gateway registers', () => {
    expect(used.length).toBeGreaterThan(10);
    expect(used.filter(([, name]) => !registered.has(name!))).toEqual([]);
  });

  test('when its panels are read, then each operating series of issue 18 has a panel', () => {
    const names = new Set(used.map(([, name]) => name));
    for (const wanted of [
      'epix_deliveries_total',
      'epix_delivery_attempts_total',
      'epix_delivery_latency_seconds_bucket',
      'epix_messages',
      'epix_inbound_decisions_total',
      'epix_verification_duration_seconds_bucket',
      'epix_verification_rejections_total',
      'epix_certificate_days_to_expiry',
      'epix_alert_deliveries_total',
    ]) {
      expect(names).toContain(wanted);
    }
  });

  test('when Prometheus is configured, then it scrapes /metrics of both compose gateways', () => {
    const config = readFileSync(join(root, 'monitoring/prometheus.yml'), 'utf8');
    expect(config).toMatch(/metrics_path: \/metrics/);
    expect(config).toMatch(/targets: \[(['"])gateway-ke:8080\1, (['"])gateway-ch:8080\2\]/);
  });
});
