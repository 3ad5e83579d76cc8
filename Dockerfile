# syntax=docker/dockerfile:1
#
# ordercast as a container image:
#   docker build -t ordercast:0.1.0 .
#   docker run -p 8080:8080 ordercast:0.1.0            (embedded broker and H2 under /app/data)
# Against RabbitMQ and PostgreSQL: deploy/compose/compose.yaml; on Kubernetes: deploy/kubernetes/.
# docs/operations.md, Packaging and deployment, says what to set.

# --- build: the shaded jar, with the Maven wrapper (it fetches the Maven that .mvn/wrapper pins) ----------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY src src
# -Dcds.skip: no class-data archive here. pom.xml's class-data-archive execution would run in this container
# (it starts the jar once on its embedded defaults: in-process broker, H2, port 0, nothing from outside), but
# the archive it writes belongs to this JDK image's JVM and to the jar at /build/target/ordercast.jar; the
# runtime stage has another JVM (the JRE image) and the jar at /app/ordercast.jar, and the JVM would refuse
# the archive ("Unable to use shared archive") and start without it. So it is made in the runtime stage below.
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -DskipTests -Dcds.skip package

# --- runtime -------------------------------------------------------------------------------------------
# eclipse-temurin:17-jre (Ubuntu): ships curl and wget (used by HEALTHCHECK) and the JDK's base CDS archive
# (its Dockerfile runs java -Xshare:dump), which -XX:ArchiveClassesAtExit below builds on.
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 ordercast \
 && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home --shell /usr/sbin/nologin ordercast
WORKDIR /app
COPY --from=build /build/target/ordercast.jar /app/ordercast.jar
# The class-data archive (docs/performance.md: ready in about 4 s instead of 9), made the way pom.xml's
# class-data-archive execution makes it -- the jar runs once on its embedded defaults until its routes have
# started -- but with this image's JVM and the jar at the path the ENTRYPOINT uses, so the two match.
# Keep these variables in step with that execution's <environmentVariables>.
RUN mkdir -p /tmp/cds-training \
 && cd /tmp/cds-training \
 && env ORDERCAST_DB_URL=embedded ORDERCAST_RABBITMQ_URL=embedded ORDERCAST_HTTP_PORT=0 \
        ORDERCAST_API_TOKEN=class-data-training CAMEL_MAIN_DURATIONMAXSECONDS=1 \
    java -XX:ArchiveClassesAtExit=/app/ordercast.jsa -jar /app/ordercast.jar > training.log 2>&1 \
    || { cat training.log; exit 1; } \
 && test -s /app/ordercast.jsa \
 && chmod 0444 /app/ordercast.jsa \
 && cd / && rm -rf /tmp/cds-training /tmp/vertx-cache* /tmp/hsperfdata_root \
 && mkdir -p /app/data \
 && chown 10001:10001 /app/data
# ./data: the embedded H2 database (ordercast.db.url=embedded); unused against PostgreSQL
VOLUME ["/app/data"]
USER 10001:10001

ENV ORDERCAST_HTTP_PORT=8080
EXPOSE 8080
# liveness only (Camel's own checks): the database and broker count for readiness, and an outage of
# either must not get the container restarted (docs/operations.md, Health and probes)
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${ORDERCAST_HTTP_PORT:-8080}/observe/health/live" || exit 1

# exec form: java is PID 1 and gets SIGTERM itself, so a stop is graceful (camel.main.shutdown-timeout);
# the heap is a share of the container's memory limit, the rest is left to metaspace, threads and buffers.
# More JVM options: JAVA_TOOL_OPTIONS.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/ordercast.jsa", "-XX:MaxRAMPercentage=60", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/ordercast.jar"]
