# briefbot in a container: a static binary (no cgo) on a small Debian base,
# run as the unprivileged user "briefbot" with its SQLite database on /data.
#   docker build -t briefbot .
#   docker run -d -p 127.0.0.1:8080:8080 -v briefbot-data:/data --env-file .env -e BRIEFBOT_HTTP_ADDR=0.0.0.0:8080 briefbot
# (-e because a .env copied from .env.example sets 127.0.0.1:8080, unreachable from outside the container.)
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -o /out/briefbot ./cmd/briefbot

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin briefbot \
 && install -d -o briefbot -g briefbot -m 0750 /data
COPY --from=build /out/briefbot /usr/local/bin/briefbot
USER briefbot
WORKDIR /data
VOLUME /data
ENV BRIEFBOT_DATABASE_URL=/data/briefbot.db \
    BRIEFBOT_HTTP_ADDR=0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["briefbot"]
CMD ["serve"]
