/**
 * GitHub sign-in for the staff pages: a GitHub App's user access token by the web application flow
 * (the authorize URL on GitHub's web host; the code traded at `/login/oauth/access_token`), used
 * once to learn the visitor's login with `GET /user` and then dropped.
 */
import type { StaffSignIn } from '../../config/bot-settings.js';

/** Where the visitor is sent to sign in. */
export function authorizeUrl(signIn: StaffSignIn, state: string): string {
  const url = new URL('/login/oauth/authorize', signIn.webUrl);
  url.searchParams.set('client_id', signIn.clientId);
  url.searchParams.set('redirect_uri', callbackUrl(signIn));
  url.searchParams.set('state', state);
  return url.toString();
}

export function callbackUrl(signIn: StaffSignIn): string {
  return `${signIn.publicUrl}/staff/callback`;
}

/** The login of whoever GitHub gave `code` to; null when GitHub refuses the code. */
export async function signedInLogin(
  signIn: StaffSignIn,
  apiUrl: string,
  code: string,
): Promise<string | null> {
  const exchange = await fetch(new URL('/login/oauth/access_token', signIn.webUrl), {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({
      client_id: signIn.clientId,
      client_secret: signIn.clientSecret,
      code,
      redirect_uri: callbackUrl(signIn),
    }),
  });
  const token = ((await exchange.json()) as { access_token?: unknown }).access_token;
  if (!exchange.ok || typeof token !== 'string') return null;
  const user = await fetch(`${apiUrl}/user`, {
    headers: { accept: 'application/vnd.github+json', authorization: `Bearer ${token}` },
  });
  const login = ((await user.json()) as { login?: unknown }).login;
  return user.ok && typeof login === 'string' ? login : null;
}
