#!/usr/bin/env bash
# The whole `solidaire compose` process, timed by hyperfine (Debian package
# `hyperfine`), and its peak memory by GNU time. Run from the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
bin="${CARGO_TARGET_DIR:-./target}/release/solidaire"
hyperfine --warmup 10 --shell=none \
  "$bin compose releases/n2.toml --out-dir $out" \
  "$bin compose releases/n2.toml --out-dir $out --format pdf" \
  "$bin compose releases/n2.toml --out-dir $out --format md,html"
for formats in md,html,pdf pdf; do
  /usr/bin/time -f "peak memory, --format $formats: %M KiB" \
    "$bin" compose releases/n2.toml --out-dir "$out" --format "$formats" 2>&1 >/dev/null | grep peak
done
