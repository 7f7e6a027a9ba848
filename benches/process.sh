#!/usr/bin/env bash
# The whole `solidaire compose` process, timed by hyperfine (Debian package
# `hyperfine`), and its peak memory by GNU time. Run from the repository.
#
# Two builds are measured side by side: the default `cargo build --release`
# (dynamically linked against glibc) and a statically linked one, which
# starts about 0.6 ms sooner (no dynamic loader, no shared libraries to map:
# `--version` 1.4 → 0.8 ms here). The static build needs an explicit
# `--target`: with `+crt-static` in the flags of a host build, the
# proc-macro crates cannot be built.
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir="${CARGO_TARGET_DIR:-./target}"
triple="$(rustc -vV | sed -n 's/^host: //p')"
cargo build --release --quiet
RUSTFLAGS="-C target-feature=+crt-static" \
  cargo build --release --quiet --target "$triple"
dynamic="$target_dir/release/solidaire"
static="$target_dir/$triple/release/solidaire"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
commands=()
for bin in "$dynamic" "$static"; do
  commands+=(
    "$bin compose releases/n2.toml --out-dir $out"
    "$bin compose releases/n2.toml --out-dir $out --format pdf"
    "$bin compose releases/n2.toml --out-dir $out --format md,html"
  )
done
# -N: no shell between hyperfine and the process measured. Run after run,
# the documents are the same bytes as the files already there, which are
# then kept (see src/output.rs).
hyperfine -N --warmup 30 --runs 300 "${commands[@]}"
# The same, when the PDF already there differs (emptied before each run):
# it is replaced, and the rename costs what ext4 charges for it.
hyperfine -N --warmup 30 --runs 300 \
  --prepare "truncate -s 0 $out/n2.pdf" \
  "$dynamic compose releases/n2.toml --out-dir $out --format pdf"
for formats in md,html,pdf pdf; do
  /usr/bin/time -f "peak memory, --format $formats: %M KiB" \
    "$dynamic" compose releases/n2.toml --out-dir "$out" --format "$formats" 2>&1 >/dev/null | grep peak
done
