// A real OpenID Connect provider for the tests (the `oidc-provider` package, by the author of
// openid-client), on a loopback port. It signs in the user a test names without a form and
// grants the requested scopes without a consent screen; everything else (discovery, PKCE,
// state, nonce, signed ID tokens, the code exchange) is the provider's own.
//   const p = await startOidcProvider({ redirectUris: ["http://127.0.0.1:3000/api/auth/callback"] });
//   p.nextUser = "alice@example.com";   // who the next login becomes
//   p.setClaims("kate", { email: "kate@example.com", email_verified: "false" });   // what the provider says of an account
import http from "node:http";
import Provider from "oidc-provider";

export async function startOidcProvider({ clientId = "rolecall", clientSecret = "rolecall-test-client-secret", redirectUris, port = 0, user = "alice@example.com" }) {
  const state = { nextUser: user, claims: new Map() };
  const server = http.createServer();
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris, grant_types: ["authorization_code"], response_types: ["code"] }],
    async findAccount(_ctx, id) {
      return { accountId: id, claims: async () => state.claims.get(id) ?? { sub: id, email: id, email_verified: true, preferred_username: id.split("@")[0] } };
    },
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["preferred_username"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    cookies: { keys: ["rolecall-test-provider-cookie-key"] },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    // No consent screen: the test user grants what RoleCall asks for.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });
  provider.on("server_error", (_ctx, err) => process.stderr.write(`oidc-provider: ${err.message}\n`));
  const callback = provider.callback();
  server.on("request", async (req, res) => {
    if (req.url?.startsWith("/interaction/")) {
      try {
        await provider.interactionDetails(req, res);
        await provider.interactionFinished(req, res, { login: { accountId: state.nextUser } }, { mergeWithLastSubmission: false });
      } catch (e) {
        res.statusCode = 400;
        res.end(String(e && e.message));
      }
      return;
    }
    callback(req, res);
  });
  return {
    issuer,
    clientId,
    clientSecret,
    set nextUser(u) {
      state.nextUser = u;
    },
    get nextUser() {
      return state.nextUser;
    },
    /** the ID token claims of an account (sub is the account ID unless given) */
    setClaims(id, claims) {
      state.claims.set(id, { sub: id, ...claims });
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
