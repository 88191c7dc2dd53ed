/** A GitHub App private key for tests (PKCS#1 PEM, as GitHub issues them), fresh per call. */
import { generateKeyPairSync } from 'node:crypto';

export function appPrivateKey(): string {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}
