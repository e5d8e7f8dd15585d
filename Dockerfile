# The gateway image: one country's gateway per container (`epix serve`), configured by EPIX_CONFIG and
# EPIX_* environment variables.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
COPY scripts ./scripts
COPY console ./console
RUN npm ci --no-audit --no-fund && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY schemas ./schemas
COPY config ./config
RUN mkdir -p /app/certs && chown node:node /app/certs
USER node
EXPOSE 8080 8443
ENTRYPOINT ["node", "bin/epix.js"]
CMD ["serve"]
