/**
 * Console users for the demo: one per role and country, made with `epix user create`, the password given
 * on stdin (as a person would pipe it; never an argument). The passwords are random and shown once.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ROLES, type Role } from './two-countries';
import { EPIX_BIN, REPO_ROOT } from './paths';

export interface ConsoleUser {
  name: string;
  role: Role;
  password: string;
}

function createUser(mongodbUri: string, user: ConsoleUser): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [EPIX_BIN, 'user', 'create', '--role', user.role, '--name', user.name, '--mongodb-uri', mongodbUri],
      { cwd: REPO_ROOT, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`epix user create ${user.name}: exit ${code}: ${stderr}`)),
    );
    child.stdin.end(`${user.password}\n`);
  });
}

/** `<country>.<role>` (e.g. `ch.customs`) for every role, in the country's database. */
export async function createConsoleUsers(mongodbUri: string, country: string): Promise<ConsoleUser[]> {
  const users = ROLES.map((role) => ({
    name: `${country.toLowerCase()}.${role}`,
    role,
    password: randomBytes(12).toString('base64url'),
  }));
  for (const user of users) await createUser(mongodbUri, user);
  return users;
}
