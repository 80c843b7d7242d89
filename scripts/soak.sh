#!/usr/bin/env bash
# The flake soak: `pytest specs -n 2` RUNS times in a row (default 30) while a CPU hog keeps
# every core busy at normal priority. Every run must pass; a spec that fails once is broken.
#
#   scripts/soak.sh                 # 30 runs
#   scripts/soak.sh 5 --claim queue.   # 5 runs, extra pytest arguments after the count
#
# PYTHON (default: python) is the interpreter with the project's dependencies; SOAK_LOGS the
# folder for each run's output (default: a new folder under /tmp). Exit status 0 only when every
# run passed.
set -u
RUNS=${1:-30}
[ $# -gt 0 ] && shift
PY=${PYTHON:-python}
cd "$(dirname "$0")/.."
LOGS=${SOAK_LOGS:-$(mktemp -d /tmp/netspecs-soak.XXXXXX)}
mkdir -p "$LOGS"

hogs=()
stop_hogs() { [ ${#hogs[@]} -gt 0 ] && kill "${hogs[@]}" 2>/dev/null; wait "${hogs[@]}" 2>/dev/null; }
trap stop_hogs EXIT
trap 'exit 130' INT TERM
for _ in $(seq "$(nproc)"); do
    # a busy neighbour at normal priority, one per core, each in a session of its own as another
    # user's program would be (with autogroup scheduling, CPU is shared out between sessions)
    "$PY" -c "import os, contextlib
with contextlib.suppress(OSError): os.setsid()
while True: pass" &
    hogs+=($!)
done

echo "soak: $RUNS runs of pytest specs -n 2 $*, $(nproc) CPU hogs, logs in $LOGS"
passed=0
failed=0
total_start=$(date +%s)
for i in $(seq "$RUNS"); do
    start=$(date +%s)
    if "$PY" -m pytest specs -n 2 -q -p no:cacheprovider "$@" > "$LOGS/run-$i.log" 2>&1; then
        passed=$((passed + 1))
        verdict=ok
    else
        failed=$((failed + 1))
        verdict=FAILED
    fi
    echo "run $i/$RUNS: $verdict in $(( $(date +%s) - start )) s — $(tail -n 1 "$LOGS/run-$i.log")"
    grep -E '^(FAILED|ERROR) ' "$LOGS/run-$i.log" | sed 's/^/    /'
done
echo "soak: $passed of $RUNS runs passed, $failed failed, $(( $(date +%s) - total_start )) s in all (logs: $LOGS)"
[ "$failed" -eq 0 ]
