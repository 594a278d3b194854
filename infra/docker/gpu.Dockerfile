# syntax=docker/dockerfile:1
# GPU image of the engram functions for AWS Batch: CUDA 12.8 runtime (what DJL's PyTorch 2.7.1 CUDA
# natives, flavour cu128, are built against), a JRE, libtorch for cu128 unpacked at build time.
# One job runs one function: ENGRAM_FUNCTION picks it (set by the job definition), and
# batch-task.sh posts ENGRAM_REQUEST to it and leaves the outcome at ENGRAM_RESULT_KEY.
#
#   ./mvnw -B package -pl functions -am -DskipTests          # functions/target/quarkus-app/
#   docker build -f infra/docker/gpu.Dockerfile -t engram-gpu .
#
# Without ENGRAM_REQUEST the container just serves every function over HTTP on 8080 (handy with
# docker run --gpus all). Base images are pinned to full releases; add digests on first build.
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu22.04
ARG JRE_IMAGE=eclipse-temurin:17.0.15_6-jre-jammy
ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG PYTORCH_VERSION=2.7.1

# Stage 1: DJL's CUDA build of libtorch, as Maven publishes it (checksum-verified by Maven).
FROM ${MAVEN_IMAGE} AS libtorch
ARG PYTORCH_VERSION
RUN mvn -B -q dependency:copy -DoutputDirectory=/jars \
      -Dartifact=ai.djl.pytorch:pytorch-native-cu128:${PYTORCH_VERSION}:jar:linux-x86_64 \
 && mkdir -p /opt/libtorch \
 && cd /tmp && jar xf /jars/pytorch-native-cu128-${PYTORCH_VERSION}-linux-x86_64.jar pytorch \
 && cp pytorch/cu128/linux-x86_64/* /opt/libtorch/ \
 && test -f /opt/libtorch/libtorch_cuda.so

FROM ${JRE_IMAGE} AS jre

FROM ${CUDA_IMAGE}
ARG PYTORCH_VERSION
# awscli (Ubuntu's package) uploads the job's outcome with the job role's credentials.
RUN apt-get update \
 && apt-get install --yes --no-install-recommends awscli curl jq ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 engram \
 && useradd --system --uid 10001 --gid engram --create-home --home-dir /home/engram engram
COPY --from=jre /opt/java/openjdk /opt/java/openjdk
COPY --from=libtorch /opt/libtorch /opt/libtorch
WORKDIR /opt/engram
COPY functions/target/quarkus-app/ quarkus-app/
COPY --chmod=0755 infra/docker/batch-task.sh /opt/engram/batch-task.sh
COPY --chmod=0755 infra/docker/gpu-entrypoint.sh /opt/engram/gpu-entrypoint.sh
# PYTORCH_LIBRARY_PATH/VERSION/FLAVOR make DJL load the CUDA libtorch (read-only, in the image)
# instead of the CPU one bundled in the functions' jars; only DJL's 4 MB JNI glue is unpacked at
# start, into DJL_CACHE_DIR. DJL_CACHE_DIR and ENGRAM_CACHE_DIR, under /tmp, are all the process writes.
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:$PATH \
    PYTORCH_LIBRARY_PATH=/opt/libtorch \
    PYTORCH_VERSION=${PYTORCH_VERSION} \
    PYTORCH_FLAVOR=cu128 \
    DJL_CACHE_DIR=/tmp/djl-cache \
    DJL_OFFLINE=true \
    ENGRAM_CACHE_DIR=/tmp/engram \
    QUARKUS_HTTP_HOST=0.0.0.0 \
    QUARKUS_HTTP_PORT=8080
USER engram
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]
ENTRYPOINT ["/opt/engram/gpu-entrypoint.sh"]
