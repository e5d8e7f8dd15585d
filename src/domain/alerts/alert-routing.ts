/** Which channels an alert goes to: routes per alert kind and lowest severity, from the configuration. */
import type { AlertSeverity } from './alert';

export interface AlertRoute {
  /** Alert kinds this route takes (e.g. `delivery-failed`); absent or empty means every kind. */
  kinds?: readonly string[];
  /** The least severe alert this route takes. */
  minSeverity: AlertSeverity;
  /** Names of configured channels. */
  channels: readonly string[];
}

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/** The channel names for an alert of `kind` and `severity`, each once, in route order. */
export function channelsFor(
  routes: readonly AlertRoute[],
  alert: { kind: string; severity: AlertSeverity },
): string[] {
  const names = new Set<string>();
  for (const route of routes) {
    const kindMatches = !route.kinds?.length || route.kinds.includes(alert.kind);
    if (kindMatches && RANK[alert.severity] >= RANK[route.minSeverity]) {
      for (const channel of route.channels) names.add(channel);
    }
  }
  return [...names];
}
