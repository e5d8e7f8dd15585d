/** The routes an Express app registers, read from Express's own router (mounted routers included). */
import type { Express } from 'express';

interface Layer {
  rawPath?: string;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every `METHOD path` the app answers, e.g. `GET /api/v1/permits/:key` (a path registered twice is listed twice). */
export function routesOf(app: Express): string[] {
  const walk = (stack: Layer[], prefix: string): string[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        return Object.keys(layer.route.methods)
          .filter((m) => m !== '_all')
          .map((m) => `${m.toUpperCase()} ${prefix}${layer.route!.path}`);
      }
      return layer.handle.stack ? walk(layer.handle.stack, prefix + (layer.rawPath ?? '')) : [];
    });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
}
