/**
 * The compose deployment's secure defaults, read from docker-compose.yml and .env.example as text (no
 * Docker engine or docker-compose binary on the development machine to run `docker-compose config -q`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');
const compose = readFileSync(path.join(root, 'docker-compose.yml'), 'utf8');
const lines = compose.split('\n').filter((line) => !line.trimStart().startsWith('#'));
const envExample = readFileSync(path.join(root, '.env.example'), 'utf8');

describe('docker compose credentials', () => {
  test('when the compose file is read, then no service uses guest:guest or a database URI without credentials', () => {
    expect(lines.join('\n')).not.toMatch(/guest/);
    const uris = lines.join('\n').match(/(mongodb|amqp):\/\/[^\s"]+/g) ?? [];
    expect(uris.length).toBeGreaterThanOrEqual(6);
    for (const uri of uris)
      expect(uri).toMatch(
        /^(mongodb|amqp):\/\/\$\{EPIX_(MONGO|AMQP)_USER\}:\$\{EPIX_(MONGO|AMQP)_PASSWORD\}@/,
      );
    for (const uri of uris.filter((u) => u.startsWith('mongodb'))) expect(uri).toContain('authSource=admin');
  });

  test('when a password is not set, then compose refuses to start (required variables, no defaults)', () => {
    for (const key of [
      'MONGO_INITDB_ROOT_USERNAME',
      'MONGO_INITDB_ROOT_PASSWORD',
      'RABBITMQ_DEFAULT_USER',
      'RABBITMQ_DEFAULT_PASS',
    ]) {
      expect(compose).toMatch(new RegExp(`${key}: \\$\\{EPIX_[A-Z_]+:\\?[^}]+\\}`));
    }
    expect(compose).not.toMatch(/\$\{EPIX_[A-Z_]+:-/);
  });

  test('when .env.example is copied, then it names every variable the compose file uses and sets no password', () => {
    const used = new Set([...compose.matchAll(/\$\{(EPIX_[A-Z_]+)/g)].map((m) => m[1]));
    const listed = new Set([...envExample.matchAll(/^(EPIX_[A-Z_]+)=/gm)].map((m) => m[1]));
    expect([...used].sort()).toEqual([...listed].sort());
    expect(envExample).toMatch(/^EPIX_MONGO_PASSWORD=$/m);
    expect(envExample).toMatch(/^EPIX_AMQP_PASSWORD=$/m);
  });
});
