/** A fresh RSA private key (PEM) for a test GitHub App, as the App settings page would hand out. */
import { generateKeyPairSync } from 'node:crypto';

export function appPrivateKey(): string {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
}
