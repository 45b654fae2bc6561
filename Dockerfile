# RoleCall in a container: one Node process (Next.js's standalone output) behind its start guard.
#   docker build -t rolecall .
#   docker run --read-only -p 3000:3000 -v rolecall-data:/var/lib/rolecall \
#     -e ROLECALL_AUTH=proxy -e ROLECALL_AUTH_HEADER=X-Forwarded-Email -e ROLECALL_TRUSTED_PROXIES=10.0.0.0/16 rolecall
# The README ("Deploying for a team") explains each line. No AWS credentials or secrets are in the
# image: the AWS SDK finds the ECS task role or EC2 instance role at run time, and sign-in secrets
# come from the environment (or your orchestrator's secret store).

# --- build: the whole toolchain, thrown away afterwards ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# `npm install` with the committed lockfile installs exactly the locked versions (`npm ci` rejects
# lockfiles that lack other platforms' optional binaries).
RUN npm install --no-audit --no-fund
COPY . .
RUN npx next build && node scripts/standalone.mjs

# --- runtime: only the standalone server, its static files and the guard ---
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true \
    PORT=3000 \
    # Listen on every interface of the container. With the default ROLECALL_AUTH=none the guard
    # refuses to start here: set ROLECALL_AUTH=proxy, oidc or token.
    HOSTNAME=0.0.0.0 \
    # The one file RoleCall writes: the audit log of minted credentials, on a volume, so the root
    # filesystem can be read-only.
    ROLECALL_AUDIT_LOG=/var/lib/rolecall/audit.log
# Owned by root and not writable by the user that runs it.
COPY --from=build /app/.next/standalone ./
RUN mkdir -p /var/lib/rolecall && chown node:node /var/lib/rolecall
VOLUME ["/var/lib/rolecall"]
# The non-root user of the official Node images.
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--require", "./server/guard.cjs", "server.js"]
