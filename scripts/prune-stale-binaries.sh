#!/usr/bin/env bash
# Deletes the test, bench and fuzz executables a build left in a cargo target dir's deps/
# folders and that no build since STAMP has written: each source change leaves a new set of
# them (150-200 MB apiece), and CI's cache dirs, kept across runs, once filled the disk.
# Only extension-less executables go (proc-macro .so files and .rlib stay), so the worst a
# wrong deletion costs is one relink.
#
#   scripts/prune-stale-binaries.sh STAMP TARGET_DIR...
set -euo pipefail
stamp=$1; shift
[ -f "$stamp" ] || exit 0
for dir in "$@"; do
  [ -d "$dir" ] || continue
  find "$dir" -maxdepth 4 -type d -name deps -print0 |
    xargs -0 -r -I{} find {} -maxdepth 1 -type f -executable ! -name '*.*' ! -newer "$stamp" -delete
done
