# syntax=docker/dockerfile:1
# Container-image Lambda for the CPU functions (the packaging infra/README.md recommends): the same
# function.zip as the zip deployment, plus libtorch unpacked at build time, so a cold start does not
# copy ~430 MB into /tmp first. QUARKUS_FUNQY_EXPORT (set per function by the CDK stack) picks the
# function. Built on the same JRE as cpu.Dockerfile, with AWS's runtime interface client from Maven.
#
#   ./mvnw -B package -Dlambda -pl functions -am -DskipTests   # functions/target/function.zip
#   docker build -f infra/docker/lambda.Dockerfile -t engram-functions .
#   (push to ECR, then: cdk deploy -c functionImageRepository=engram-functions -c functionImageTag=...)
#
# Base images are pinned to full releases; add digests on first build.
ARG JDK_IMAGE=eclipse-temurin:17.0.15_6-jdk-jammy
ARG JRE_IMAGE=eclipse-temurin:17.0.15_6-jre-jammy
ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG RIC_VERSION=2.10.1

# Stage 1: AWS Lambda's runtime interface client and what it needs, resolved by Maven.
FROM ${MAVEN_IMAGE} AS ric
ARG RIC_VERSION
RUN mvn -B -q dependency:get -Dartifact=com.amazonaws:aws-lambda-java-runtime-interface-client:${RIC_VERSION} \
 && mkdir -p /ric && find /root/.m2/repository/com/amazonaws -name '*.jar' -exec cp {} /ric/ \;

# Stage 2: the function artifact, unzipped, and libtorch unpacked from it.
FROM ${JDK_IMAGE} AS natives
WORKDIR /build
COPY functions/target/function.zip .
COPY infra/docker/PrefetchNatives.java .
RUN mkdir task && cd task && jar xf ../function.zip && cd .. \
 && ENGINE_CACHE_DIR=/opt/djl/engine DJL_CACHE_DIR=/tmp/djl-build DJL_OFFLINE=true \
    java -cp 'task:task/*:task/lib/*' PrefetchNatives.java

FROM ${JRE_IMAGE}
# tcmalloc keeps the memory of freed tensors for reuse; glibc maps the big ones (logits, embedding gradients)
# afresh on every step and faults them in again (scripts/native/malloc-preload.sh, docs/BENCHMARKS.md).
RUN apt-get update \
 && apt-get install --yes --no-install-recommends libtcmalloc-minimal4 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 engram \
 && useradd --system --uid 10001 --gid engram --create-home --home-dir /home/engram engram
COPY --from=ric /ric /opt/ric
COPY --from=natives /opt/djl/engine /opt/djl/engine
COPY --from=natives /build/task /var/task
# Lambda's file system is read-only except /tmp: libtorch is read from the image, everything written
# (DJL's files, downloaded checkpoints) goes under /tmp. The stack sets the same values.
ENV ENGINE_CACHE_DIR=/opt/djl/engine \
    LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 \
    DJL_CACHE_DIR=/tmp/djl-cache \
    DJL_OFFLINE=true \
    ENGRAM_CACHE_DIR=/tmp/engram
WORKDIR /var/task
USER engram
# Lambda decides itself whether an environment is healthy; a Docker health check would never run.
HEALTHCHECK NONE
ENTRYPOINT ["java", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", \
            "-cp", "/var/task:/var/task/*:/var/task/lib/*:/opt/ric/*", \
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda"]
CMD ["io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest"]
