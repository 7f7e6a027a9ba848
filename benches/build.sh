#!/usr/bin/env bash
# `solidaire build` of 100 and of 1,000 generated issues, each the size of
# the n°2 (copies of releases/n2.toml, numbered 1…N, a week apart), with a
# series.toml that gives `site`: wall time by hyperfine (Debian package
# `hyperfine`), into a fresh folder each run (the previous site removed by
# --prepare, outside the time), and peak memory by GNU time. Run from the
# repository:
#
#   benches/build.sh            # 100 and 1000 issues
#   benches/build.sh 100        # only these sizes
#
# The issue count grows tenfold from one size to the next: the time should
# too (the build is linear).
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir="${CARGO_TARGET_DIR:-./target}"
cargo build --release --quiet
bin="$(realpath "$target_dir/release/solidaire")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sizes=("$@")
((${#sizes[@]})) || sizes=(100 1000)

for count in "${sizes[@]}"; do
  releases="$work/$count/releases"
  mkdir -p "$releases"
  cp releases/series.toml "$releases/"
  grep -q '^site *=' "$releases/series.toml" ||
    echo 'site = "https://prefecture.example/solidaire/"' >>"$releases/series.toml"
  for ((n = 1; n <= count; n++)); do
    date="$(date -u -d "2020-04-08 + $((7 * (n - 2))) days" +%F)"
    sed -e "s/^number = .*/number = $n/" -e "s/^date = .*/date = $date/" \
      releases/n2.toml >"$releases/n$n.toml"
  done
  site="$work/$count/site"
  echo "== $count issues ($(du -sh "$releases" | cut -f1) of issue files)"
  hyperfine -N --warmup 2 --runs "$((count >= 1000 ? 5 : 20))" \
    --prepare "rm -rf $site" \
    --export-json "$work/$count.json" \
    "$bin build $releases --out-dir $site"
  rm -rf "$site"
  /usr/bin/time -f "peak memory, $count issues: %M KiB; wall %e s" \
    "$bin" build "$releases" --out-dir "$site" 2>&1 >/dev/null | grep '^peak'
  echo "site: $(find "$site" -type f | wc -l) files, $(du -sh "$site" | cut -f1)"
done
