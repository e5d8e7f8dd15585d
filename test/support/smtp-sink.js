#!/usr/bin/env node
/**
 * A real SMTP server process for tests (the smtp-server package): listens on 127.0.0.1:<port> from argv,
 * accepts every message without authentication and prints each as one JSON line
 * `{"from":..., "to":[...], "raw":"..."}` on stdout. Started and stopped by the tests to play a mail
 * server that is down for a while.
 */
'use strict';
const { SMTPServer } = require('smtp-server');

const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('usage: smtp-sink.js PORT\n');
  process.exit(2);
}

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      const line = JSON.stringify({
        from: session.envelope.mailFrom && session.envelope.mailFrom.address,
        to: session.envelope.rcptTo.map((r) => r.address),
        raw: Buffer.concat(chunks).toString('utf8'),
      });
      process.stdout.write(`${line}\n`, () => callback());
    });
  },
});
server.on('error', (error) => {
  process.stderr.write(`smtp-sink: ${error.message}\n`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
