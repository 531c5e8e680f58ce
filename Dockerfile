# syntax=docker/dockerfile:1
# Parley: build the jar with Maven, run it on a JRE as an unprivileged user.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# the POMs first, so that dependency downloads are cached while only sources change
COPY pom.xml ./
COPY .mvn .mvn
COPY domain/pom.xml domain/
COPY adapters-eventgrid/pom.xml adapters-eventgrid/
COPY adapters-persistence/pom.xml adapters-persistence/
COPY adapters-acs-outbound/pom.xml adapters-acs-outbound/
COPY app/pom.xml app/openapi.properties app/
RUN mvn -q -B dependency:go-offline -DexcludeGroupIds=io.parley || true
COPY domain domain
COPY adapters-eventgrid adapters-eventgrid
COPY adapters-persistence adapters-persistence
COPY adapters-acs-outbound adapters-acs-outbound
COPY app app
RUN mvn -q -B -DskipTests clean package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 parley \
 && useradd --system --uid 10001 --gid parley --home-dir /var/lib/parley --create-home parley \
 && mkdir -p /var/lib/parley/data \
 && chown -R parley:parley /var/lib/parley
COPY --from=build /src/app/target/parley.jar /opt/parley/parley.jar
USER 10001:10001
WORKDIR /var/lib/parley
# the embedded database and media files; mount a volume here (or use PostgreSQL and shared media storage)
ENV PARLEY_DATA_DIR=/var/lib/parley/data
VOLUME ["/var/lib/parley/data"]
EXPOSE 8080
# SIGTERM starts Micronaut's graceful shutdown: in-flight webhooks and claimed sends finish first
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/opt/parley/parley.jar"]
