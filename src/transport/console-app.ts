/**
 * Serves the built web console (dist/console, made by `npm run build`) at /console/ on the internal API's
 * port: same origin as the API, so the session cookie can be SameSite=Strict and no CORS is needed.
 * Every path under /console/ that is not a file gets index.html (the console routes in the browser).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type RequestHandler } from 'express';

/** dist/console, from the compiled file in dist/src/transport or the source in src/transport. */
export function consoleDistPath(): string {
  const inDist = __dirname.includes(`${path.sep}dist${path.sep}`);
  return path.resolve(__dirname, ...(inDist ? ['..', '..'] : ['..', '..', 'dist']), 'console');
}

/** The console may load only its own scripts and styles (antd injects style elements), nothing framed. */
const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    'Content-Security-Policy':
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
  });
  next();
};

export function consoleApp(dir = consoleDistPath()) {
  return (app: Express): void => {
    const index = path.join(dir, 'index.html');
    // Express matches /console/ here too (non-strict routing): redirect only the bare path.
    app.get('/console', (req, res, next) => {
      if (req.originalUrl.split('?')[0] === '/console') res.redirect(301, '/console/');
      else next();
    });
    app.use('/console', securityHeaders, express.static(dir, { index: false, fallthrough: true }));
    app.get('/console/{*splat}', securityHeaders, (_req, res) => {
      if (!existsSync(index)) {
        res.status(404).type('text/plain').send('the console is not built: run npm run build');
        return;
      }
      res.set('Cache-Control', 'no-cache').sendFile(index);
    });
  };
}
