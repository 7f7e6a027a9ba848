#!/usr/bin/env bash
# Fills fuzz/corpus/compose with the seeds of the `compose` target: every
# issue file of releases/, tests/fixtures/ and tests/browser/long-words/,
# as it is (merged over releases/series.toml) and, for the first byte that
# chooses the series (tests/common/compose_check.rs, `split`), with no
# series (0), the long-words series (1) and without typography (2); and the
# inputs of past findings (tests/fixtures/fuzz/*.bin), byte for byte, but
# for those whose fix is pending (pending-*.bin: they would fail at once).
# The corpus itself is not committed; rerunning this adds nothing twice.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus/compose
mkdir -p "$corpus"
for file in releases/*.toml tests/fixtures/*.toml \
  tests/browser/long-words/issue.toml; do
  [ -f "$file" ] || continue
  [ "$(basename "$file")" = series.toml ] && continue
  name="$(echo "$file" | tr '/' '_')"
  cp "$file" "$corpus/seed_$name"
  for byte in 0 1 2; do
    { printf "\\x0$byte"; cat "$file"; } >"$corpus/seed_${byte}_$name"
  done
done
for file in tests/fixtures/fuzz/*.bin; do
  case "$(basename "$file")" in pending-*) continue ;; esac
  [ -f "$file" ] && cp "$file" "$corpus/finding_$(basename "$file")"
done
echo "$(ls "$corpus" | wc -l) files in $corpus"
