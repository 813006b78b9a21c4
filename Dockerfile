# syntax=docker/dockerfile:1
#
# callwatch as a container running `callwatch daemon`.
#
#   docker build -t callwatch --build-arg VERSION=v1.2.3 .
#   docker run -d --name callwatch -p 127.0.0.1:8765:8765 \
#     -e CALLWATCH_HTTP_TOKEN="$(openssl rand -hex 32)" \
#     -v callwatch-data:/var/lib/callwatch callwatch
#
# Inside the container the daemon listens on 0.0.0.0:8765 so that the published port
# reaches it; callwatch refuses a non-loopback address without a token, so set
# CALLWATCH_HTTP_TOKEN (or mount a file and set CALLWATCH_HTTP_TOKEN_FILE). To replace
# the embedded default configuration, mount yours at /etc/callwatch/config.yaml and set
# CALLWATCH_CONFIG=/etc/callwatch/config.yaml.

# Build stage: a static binary (CGO_ENABLED=0: callwatch needs no C library).
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/callwatch ./cmd/callwatch \
 && mkdir -p /out/state /out/config

# Run stage: distroless static (CA certificates, time zones, /etc/passwd with the
# nonroot user 65532, no shell), so the image holds the binary and little else.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/callwatch /usr/local/bin/callwatch
# The database directory, owned by the non-root user, kept on a volume.
COPY --from=build --chown=65532:65532 /out/state /var/lib/callwatch
COPY --from=build --chown=65532:65532 /out/config /etc/callwatch
USER 65532:65532
ENV CALLWATCH_DATABASE=/var/lib/callwatch/callwatch.db \
    CALLWATCH_HTTP_LISTEN=0.0.0.0:8765 \
    HOME=/var/lib/callwatch
VOLUME ["/var/lib/callwatch"]
EXPOSE 8765
# `callwatch daemon check` asks /readyz: no curl or wget in the image.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/callwatch", "--quiet", "daemon", "check"]
# SIGTERM (docker stop) ends the daemon cleanly within 10 s, docker's default wait.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/callwatch", "--log-format", "json"]
CMD ["daemon"]
