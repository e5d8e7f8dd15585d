/**
 * The one place that loads @peculiar/x509: it needs the Reflect polyfill before its first import and a
 * WebCrypto provider. Everything else imports x509 from here.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };
export const subtle = webcrypto.subtle;
