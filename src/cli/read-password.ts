/**
 * Reads a password without it ever being a command-line argument (which would land in shell history and
 * the process list): from a prompt that does not echo on a terminal, else the first line of stdin.
 */
import { createInterface } from 'node:readline';

async function firstLineOfStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

function ask(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    let muted = false;
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    output._writeToOutput = (s: string) => {
      if (!muted || s.includes('\n')) process.stderr.write(muted ? '\n' : s);
    };
    rl.question(question, (answer) => {
      rl.close();
      resolve(answer);
    });
    muted = true;
  });
}

/** On a terminal: asks twice and insists they match. Otherwise: the first line of stdin. */
export async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return firstLineOfStdin();
  const first = await ask('Password: ');
  const second = await ask('Password again: ');
  if (first !== second) throw new Error('the two passwords differ');
  return first;
}
