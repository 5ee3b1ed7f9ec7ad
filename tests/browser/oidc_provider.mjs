// A real OpenID provider for the single sign-on tests: npm's oidc-provider
// (a certified implementation) on a loopback port, with one client (mentord)
// and the development login form, where any name signs in: the login name is
// the person's email and sub, and the claims follow from it (name, department,
// manager). Consent is granted at once, so the tests see only the login form.
//
//   node oidc_provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI
//
// Prints "oidc provider listening on http://127.0.0.1:PORT" when ready.
//
// A test hook makes the provider misbehave the way an attacker or a broken
// provider would, to prove mentord refuses it: GET /__test/mode?set=MODE,
// where MODE is ok, wrong_aud (the ID token is for another client),
// bad_sig (signed with a key the provider does not publish, same kid),
// expired (exp and iat an hour or two ago) or replay_nonce (the nonce of the
// first sign-in this provider saw); es256 signs a good token with the
// provider's published P-256 key instead of its RSA key. The token
// endpoint's ID token is then re-signed with the provider's own key (or the
// unpublished one).
import Provider from 'oidc-provider';
import { generateKeyPairSync, sign } from 'node:crypto';

const [port, clientId, clientSecret, redirectUri] = process.argv.slice(2);
if (!port || !clientId || !clientSecret || !redirectUri) {
  console.error('usage: node oidc_provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const KID = 'test-key-1';

function rsaKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return privateKey;
}
const key = rsaKey();
const otherKey = rsaKey(); // never published: what a forger would sign with
const jwk = { ...key.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' };
const EC_KID = 'test-key-ec';
const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const ecJwk = { ...ecKey.export({ format: 'jwk' }), kid: EC_KID, alg: 'ES256', use: 'sig' };

// The claims of a login name such as "grace@example.org",
// "grace@example.org/Research/lead@example.org" (department and manager) or
// "grace@example.org/Research/lead@example.org/Grace B. Hopper" (a name other
// than the one made from the email).
function account(id) {
  const [email, department, manager, displayName] = id.split('/');
  const local = email.split('@')[0];
  const name = displayName || local.split(/[._-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  return {
    accountId: id,
    async claims() {
      return {
        sub: `sub-${email}`,
        email,
        email_verified: true,
        name,
        ...(department ? { department } : {}),
        ...(manager ? { manager_email: manager } : {}),
      };
    },
  };
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [jwk, ecJwk] },
  cookies: { keys: ['mentord-tests-cookie-key'] },
  findAccount: (ctx, id) => account(id),
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'department', 'manager_email'],
  },
  // Scope claims in the ID token itself (as Entra ID and Keycloak do).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  // Consent granted at once for this one client.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId)
      return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

let mode = 'ok';
let firstNonce = null;

function b64(obj) {
  return Buffer.from(JSON.stringify(obj)).toString('base64url');
}

function misbehave(idToken) {
  const payload = JSON.parse(Buffer.from(idToken.split('.')[1], 'base64url'));
  firstNonce ??= payload.nonce;
  if (mode === 'ok')
    return idToken;
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'wrong_aud')
    payload.aud = 'another-application';
  if (mode === 'expired') {
    payload.iat = now - 7200;
    payload.exp = now - 3600;
  }
  if (mode === 'replay_nonce')
    payload.nonce = firstNonce;
  if (mode === 'es256') {
    const input = `${b64({ alg: 'ES256', typ: 'JWT', kid: EC_KID })}.${b64(payload)}`;
    const signature = sign('sha256', Buffer.from(input), { key: ecKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${signature.toString('base64url')}`;
  }
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: KID })}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input), mode === 'bad_sig' ? otherKey : key);
  return `${input}.${signature.toString('base64url')}`;
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/__test/mode') {
    mode = String(ctx.query.set || 'ok');
    ctx.body = { mode };
    return;
  }
  await next();
  if (ctx.path === '/token' && ctx.body && typeof ctx.body === 'object' && ctx.body.id_token)
    ctx.body.id_token = misbehave(ctx.body.id_token);
});

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`oidc provider listening on ${issuer}`);
});
