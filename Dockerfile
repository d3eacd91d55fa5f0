# podpreset: the admission webhook image. Build with `docker build -t podpreset:0.1.0 .`
#
# Node 24 LTS, pinned to an exact release so builds repeat; bump the tag on Node security releases.
# Stage 1 compiles TypeScript with every dependency; stage 2 holds only the compiled output and the
# production dependencies, owned by root and run as an unprivileged user.

FROM node:24.11.1-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24.11.1-bookworm-slim AS runtime
# V8 heap sizing for the Deployment's 256Mi limit and one CPU, chosen by measurement with 10,000
# presets, the server on one core, 500 reviews/s (docs/performance.md, "Heap settings"):
#   semi-space 4 MiB  <- this image: RSS 130-140 MiB; a scavenge every ~115 ms of 0.4-0.55 ms
#   semi-space 6 or 8 MiB: fewer scavenges, but in most runs each took 3-4 ms and kept
#     ~1 MiB alive, mark-compacts followed, p99 reached 20 ms and full-load throughput halved
#   semi-space 12 MiB and up, or V8's defaults: RSS 157-165 MiB, past the 150 MiB target
# 128 MiB of old space holds 10,000 presets (about 3 KiB of heap each) with room for the
# requests; for many tens of thousands raise it and the Deployment's memory limit together.
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=128" \
    TMPDIR=/tmp
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && npm cache clean --force
COPY --from=build /src/dist/src ./dist/src
# --single-threaded-gc: V8 collects garbage on the main thread alone. Under the one-CPU limit its
# helper threads have no core of their own: each scavenge woke them and then waited for them.
# It measured 0.6-6 us less CPU per review at full load in each of eight A/Bs (median 1.2 us, about
# 2%; 10,000 presets, server on one core; docs/performance.md, "Heap settings"). A command-line
# flag: NODE_OPTIONS refuses it. With a CPU limit above one, drop it.
# --min-semi-space-size=4: the young generation stays at its 4 MiB between bursts. V8 otherwise
# shrinks it while the webhook is idle, and the next burst of Pod creations (a ReplicaSet scaling
# up) then scavenged twice as often and faulted the space back in: after 6 s idle, 40 scavenges
# per 1,475 reviews (19.5 ms) against 20 (12 ms), page faults 1.6 against 0.9 per review. Under
# steady load the young generation is at its 4 MiB anyway, so RSS under load is unchanged.
# --expose-gc: for one use, scavenging between bursts (src/server/idle-scavenge.ts). After 10 ms
# without a request, if the next burst as large as the last would not fit in the young
# generation, the webhook scavenges then, so no review of the burst waits ~0.4 ms for V8 to do it.
# --trace-gc at 10,000 presets, hey bursts: 6-7 scavenges a second inside bursts before, none
# after; about 7 us of CPU per review that no review waits for (docs/performance.md, "Heap settings").
# The image's `node` user (uid 1000), numeric so that runAsNonRoot can verify it. It owns nothing:
# the application is read-only to it, and the Deployment mounts an emptyDir at /tmp, the only
# place anything is written (the root filesystem is read-only).
USER 1000:1000
EXPOSE 8443
ENTRYPOINT ["node", "--single-threaded-gc", "--min-semi-space-size=4", "--expose-gc", "/app/dist/src/cli/index.js", "serve"]
