#!/usr/bin/env bash
# Runs every fuzz target (or those named) for FUZZ_SECONDS each, one
# after another, seeded with the real fixtures and the hostile inputs that
# once aborted, hung or flooded memory. Prints each target's executions
# and time; fails on the first crash, leak, timeout or out-of-memory, and
# leaves the input that did it in fuzz/artifacts/TARGET/.
#
#   bash fuzz/run-long.sh                      # every target, 600 s each
#   FUZZ_SECONDS=3600 bash fuzz/run-long.sh pdf html
#   FUZZ_MAX_LEN=8192 bash fuzz/run-long.sh html   # smaller inputs, more of them
#   FUZZ_BUILD=--dev FUZZ_TIMEOUT=20 bash fuzz/run-long.sh   # unoptimized: quicker to build, slower to run
#   FUZZ_SEED_LIMIT=8 bash fuzz/run-long.sh    # from the 8 smallest seeds of each target
#
# .ci/run calls it with FUZZ_SECONDS=4 as a smoke run. Needs the nightly
# toolchain and cargo-fuzz (`cargo install cargo-fuzz`); the targets are
# built without a sanitizer (`-s none`): the crate forbids `unsafe`, so
# panics, overflow checks and debug assertions are what they look for.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-600}
work=${FUZZ_WORK:-$(mktemp -d)}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse layout_text json_report json_published check_file html docx pdf pdf_structure prose annotate)

# The hostile seeds, built by the crate's example unless given.
seeds=${FUZZ_SEEDS:-$work/hostile}
if [ ! -d "$seeds" ]; then
  cargo run --quiet --example hostile_seeds -- "$seeds"
fi

for target in "${targets[@]}"; do
  corpus="$work/corpus/$target"
  mkdir -p "$corpus"
  case "$target" in
    # The reports printed wrong are the fixtures' prints again (the
    # annotate target reads them); the pages turned by /Rotate are kept.
    pdf) cp tests/data/fixtures/pdf/*.pdf tests/data/made/*.pdf "$seeds"/*.pdf "$corpus"/
         rm -f "$corpus"/pingtan-2022.wrong-total.chrome.pdf "$corpus"/pingtan-2022.wrong-total.lo.pdf ;;
    pdf_structure) ;;
    annotate) cp fuzz/seeds/annotate/* "$corpus"/ ;;
    html) cp tests/data/fixtures/html/*.html tests/data/pages/*.html "$seeds"/*.html "$corpus"/ ;;
    docx) cp tests/data/fixtures/docx/*.docx "$seeds"/*.docx "$corpus"/ ;;
    json_report | json_published) cp tests/conformance/*.json "$corpus"/ ;;
    layout_text) cp tests/data/fixtures/layout/*.txt "$corpus"/ ;;
    *) cp tests/data/*.txt tests/conformance/*.json tests/data/fixtures/html/*.html tests/data/fixtures/docx/*.docx \
         tests/data/fixtures/layout/*.txt tests/data/fixtures/pdf/*.pdf "$seeds"/* "$corpus"/ ;;
  esac
  # A smoke run (FUZZ_SEED_LIMIT=N) starts from the N smallest seeds: an
  # unoptimized build takes seconds over each real PDF, and libFuzzer runs
  # every seed before its time limit counts.
  if [ -n "${FUZZ_SEED_LIMIT:-}" ]; then
    ls -S "$corpus" | head -n -"$FUZZ_SEED_LIMIT" | while read -r big; do rm -f "$corpus/$big"; done
  fi
  # Inputs are cut to 64 KiB (FUZZ_MAX_LEN), so that each costs little
  # (a real PDF seed so cut is a damaged file; pdf_structure builds whole
  # files). Every input gets 2 s at most (FUZZ_TIMEOUT: an unoptimized
  # build needs more).
  max_len=${FUZZ_MAX_LEN:-65536}
  start=$SECONDS
  log="$work/fuzz-$target.log"
  if ! (cd fuzz && cargo +nightly fuzz run ${FUZZ_BUILD:-} -s none "$target" "$corpus" -- \
        -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-2}" -rss_limit_mb=2048 -max_len="$max_len" -print_final_stats=1) \
        > "$log" 2>&1; then
    echo "fuzz $target failed:"
    tail -n 60 "$log"
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  echo "$target: $runs executions in $((SECONDS - start)) s"
done
