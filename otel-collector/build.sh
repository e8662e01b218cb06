#!/usr/bin/env bash
# Builds otelcol-earshot, the Collector distribution described by builder-config.yaml, from the
# published Go modules (Go module proxy) into otel-collector/.build/ (git-ignored) and prints the
# binary's path on standard output (everything else goes to standard error).
#
# Cached: the build is skipped when the binary exists and its stamp (SHA-256 of the manifest, the
# builder version and the Go version) matches; any change to one of them rebuilds. The builder
# itself is installed with `go install` at BUILDER_VERSION into .build/bin.
#
#   otel-collector/build.sh            # build if needed, print the path
#   OTELCOL_FORCE_BUILD=1 otel-collector/build.sh   # rebuild regardless of the stamp
#
# Needs: go (1.24 or newer; the machines have 1.26), network access to the Go module proxy on the
# first build only.
set -euo pipefail

BUILDER_VERSION=v0.155.0   # must match the component versions in builder-config.yaml

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MANIFEST="$HERE/builder-config.yaml"
BUILD_DIR="$HERE/.build"
DIST_DIR="$BUILD_DIR/otelcol-earshot"
BIN="$DIST_DIR/otelcol-earshot"
STAMP="$DIST_DIR/.stamp"
BUILDER="$BUILD_DIR/bin/builder"

log() { echo "[otelcol build] $*" >&2; }

command -v go >/dev/null 2>&1 || { log "ERROR: go is not on PATH (Go 1.24 or newer is needed)"; exit 1; }
mkdir -p "$BUILD_DIR"

# One build at a time (the test script and a launcher may start together).
exec 9>"$BUILD_DIR/.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi

want_stamp="$({ cat "$MANIFEST"; echo "builder=$BUILDER_VERSION"; go env GOVERSION GOOS GOARCH; } | sha256sum | cut -d' ' -f1)"

if [[ "${OTELCOL_FORCE_BUILD:-0}" != 1 && -x "$BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$want_stamp" ]]; then
  log "up to date ($BIN)"
  echo "$BIN"
  exit 0
fi

start=$(date +%s)

# The builder, at the pinned version, in .build/bin (not in the user's GOBIN).
if [[ ! -x "$BUILDER" || "$(cat "$BUILD_DIR/bin/.version" 2>/dev/null)" != "$BUILDER_VERSION" ]]; then
  log "installing go.opentelemetry.io/collector/cmd/builder@$BUILDER_VERSION"
  GOBIN="$BUILD_DIR/bin" go install "go.opentelemetry.io/collector/cmd/builder@$BUILDER_VERSION"
  echo "$BUILDER_VERSION" > "$BUILD_DIR/bin/.version"
fi

log "building otelcol-earshot from $MANIFEST (first build: several minutes)"
rm -f "$STAMP"
# The builder generates main.go/components.go/go.mod in DIST_DIR, resolves the modules and runs
# go build there (with -trimpath and stripped symbols: the builder's default). dist.output_path in
# the manifest is ./.build/otelcol-earshot, relative to this folder.
(cd "$HERE" && "$BUILDER" --config="$MANIFEST" >&2)

[[ -x "$BIN" ]] || { log "ERROR: the builder finished but $BIN is missing"; exit 1; }
echo "$want_stamp" > "$STAMP"
log "built $BIN in $(( $(date +%s) - start )) s ($(du -h "$BIN" | cut -f1))"
echo "$BIN"
