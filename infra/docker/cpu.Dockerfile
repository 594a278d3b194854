# syntax=docker/dockerfile:1
# CPU image of the engram functions: JVM (Quarkus fast-jar, HTTP binding), every function served on
# port 8080 as POST /<function>. For ECS, a workstation or any container host; Lambda uses lambda.Dockerfile.
#
#   ./mvnw -B package -pl functions -am -DskipTests          # functions/target/quarkus-app/
#   docker build -f infra/docker/cpu.Dockerfile -t engram-cpu .
#   docker run -p 8080:8080 -e ENGRAM_BUCKET=... engram-cpu
#
# Base images are pinned to a full JDK release; pin the digest too when you first build
# (docker buildx imagetools inspect <image>), and bump both together.
ARG JDK_IMAGE=eclipse-temurin:17.0.15_6-jdk-jammy
ARG JRE_IMAGE=eclipse-temurin:17.0.15_6-jre-jammy

# Stage 1: unpack DJL's libtorch (~430 MB) once, at build time, instead of at every container start.
FROM ${JDK_IMAGE} AS natives
WORKDIR /build
COPY functions/target/quarkus-app/ quarkus-app/
COPY infra/docker/PrefetchNatives.java .
RUN ENGINE_CACHE_DIR=/opt/djl/engine DJL_CACHE_DIR=/tmp/djl-build DJL_OFFLINE=true \
    java -cp 'quarkus-app/lib/main/*' PrefetchNatives.java

FROM ${JRE_IMAGE}
# tcmalloc keeps the memory of freed tensors for reuse; glibc maps the big ones (logits, embedding gradients)
# afresh on every step and faults them in again (scripts/native/malloc-preload.sh, docs/BENCHMARKS.md).
RUN apt-get update \
 && apt-get install --yes --no-install-recommends libtcmalloc-minimal4 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 engram \
 && useradd --system --uid 10001 --gid engram --create-home --home-dir /home/engram engram
WORKDIR /opt/engram
# Owned by root and read-only for the process: code and natives never change at run time.
COPY --from=natives /opt/djl/engine /opt/djl/engine
COPY functions/target/quarkus-app/ quarkus-app/
# ENGINE_CACHE_DIR: the pre-extracted libtorch. DJL_CACHE_DIR and ENGRAM_CACHE_DIR: the only places
# the process writes (DJL's own files, downloaded checkpoints), both under /tmp.
ENV ENGINE_CACHE_DIR=/opt/djl/engine \
    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 \
    DJL_CACHE_DIR=/tmp/djl-cache \
    DJL_OFFLINE=true \
    ENGRAM_CACHE_DIR=/tmp/engram \
    QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8080
USER engram
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
CMD ["java", "-jar", "quarkus-app/quarkus-run.jar"]
