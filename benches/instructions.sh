#!/usr/bin/env bash
# Instructions executed by `compose releases/n2.toml --format pdf`, counted
# by callgrind (Debian package `valgrind`): a figure that does not move with
# the machine's load, for comparing two revisions.
#
#   benches/instructions.sh                 # this checkout
#   benches/instructions.sh REV             # this checkout and REV, side by side
#
# Each revision is built in release mode (whole-program optimisation off,
# as for quick measuring loops: the ratio is what counts) in a target
# folder of its own under /tmp; REV is checked out in a temporary worktree.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "error: valgrind is needed (apt install valgrind)" >&2; exit 1; }
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16

count() { # count BINARY LABEL
  local out
  out="$(mktemp -d)"
  valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$1" compose releases/n2.toml --format pdf -o "$out/n2.pdf" 2>&1 >/dev/null |
    sed -n "s/.*Collected : \([0-9]*\).*/\1/p" | {
      read -r n
      printf '%-12s %12d instructions, PDF %d bytes\n' "$2" "$n" "$(stat -c %s "$out/n2.pdf")"
    }
  rm -rf "$out"
}

cargo build --release --quiet --target-dir /tmp/solidaire-instructions/head
count /tmp/solidaire-instructions/head/release/solidaire HEAD
if [ $# -ge 1 ]; then
  tree="$(mktemp -d)"
  git worktree add --quiet --detach "$tree" "$1"
  trap 'git worktree remove --force "$tree"' EXIT
  (cd "$tree" && cargo build --release --quiet --target-dir /tmp/solidaire-instructions/other)
  count /tmp/solidaire-instructions/other/release/solidaire "$1"
fi
