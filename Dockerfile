# syntax=docker/dockerfile:1
# Build: a static binary (pure-Go SQLite driver, CGO off).
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 GOOS=linux go build -trimpath \
      -ldflags "-s -w -X main.version=${VERSION}" \
      -o /out/treffpunkt ./cmd/treffpunkt \
 && mkdir -p /out/data

# Run: no shell, no package manager, a non-root user.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/treffpunkt /usr/local/bin/treffpunkt
COPY --from=build --chown=65532:65532 /out/data /data
ENV TREFFPUNKT_LISTEN=0.0.0.0:8080 \
    TREFFPUNKT_DATA_DIR=/data
USER 65532:65532
EXPOSE 8080
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["/usr/local/bin/treffpunkt", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/treffpunkt"]
CMD ["serve"]
