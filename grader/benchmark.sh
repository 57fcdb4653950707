#!/usr/bin/env bash
# Benchmark of the grader (maintainers). Times, warm and in the same run:
#   1. grading every kata (`dotnet run --project grader`) against `dotnet test Katas.sln` on the same tree;
#   2. grading one kata right after editing its stub (`dotnet run --project grader -- grade <kata>`) against
#      `dotnet test exercises/<kata>` right after the same edit;
#   3. edit-to-verdict: from saving the stub to `watch <kata>` printing its verdict (the fast path, grader/FastPath),
#      against `dotnet test exercises/<kata>` after the same edit (EDITS edits, default 5).
# Usage: grader/benchmark.sh [kata] [rounds]      (default: the first kata, 3 rounds; medians are reported)
# ONLY=watch runs the third part alone.
# The stub is edited by appending a comment line and restored byte for byte afterwards (also on Ctrl+C).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
kata="${1:-$(ls -d exercises/[0-9][0-9]-*/ | head -1 | xargs basename)}"
rounds="${2:-3}"
project="$(ls exercises/"$kata"/*.csproj | head -1)"
stub="exercises/$kata/$(basename "$project" .csproj).cs"
backup="$(mktemp)"
cp -p "$stub" "$backup"
watch_pid=""
watch_log="$(mktemp)"
trap 'if [ -n "$watch_pid" ]; then kill "$watch_pid" 2>/dev/null || true; wait "$watch_pid" 2>/dev/null || true; fi; cp -p "$backup" "$stub"; rm -f "$backup" "$watch_log"' EXIT

seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null 2>&1 || true; end=$(date +%s.%N); awk "BEGIN { printf \"%.3f\", $end - $start }"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
edit() { cp -p "$backup" "$stub"; echo "// benchmark edit $RANDOM$RANDOM" >> "$stub"; }

# Edit-to-verdict: watch (its fast path) against dotnet test, after the same edits, warm, in the same run.
edit_to_verdict() {
  local edits="${EDITS:-5}" graded start end i w=() t=()
  dotnet build grader > /dev/null 2>&1
  local grader_dll; grader_dll="$(ls artifacts/bin/Grader/*/Grader.dll | head -1)"
  graded() { grep -c -- '── graded at' "$watch_log" || true; }
  cp -p "$backup" "$stub"
  dotnet "$grader_dll" watch "$kata" > "$watch_log" 2>&1 &
  watch_pid=$!
  while [ "$(graded)" -lt 1 ]; do sleep 0.05; done
  sleep 8 # the fast path is set up after the first (full) grade, and its compiler warmed up in the background
  for i in $(seq "$edits"); do
    graded_before=$(graded)
    start=$(date +%s.%N); edit
    while [ "$(graded)" -le "$graded_before" ]; do sleep 0.01; done
    end=$(date +%s.%N)
    w+=("$(awk "BEGIN { printf \"%.3f\", $end - $start }")")
    echo "edit $i: watch ${w[-1]} s ($(grep -- '── graded at' "$watch_log" | tail -1 | sed 's/─//g; s/^ *//'))"
    sleep 1
  done
  kill "$watch_pid"; wait "$watch_pid" 2>/dev/null || true; watch_pid=""
  seconds dotnet test "exercises/$kata" > /dev/null # warm
  for i in $(seq "$edits"); do edit; t+=("$(seconds dotnet test "exercises/$kata")"); echo "edit $i: dotnet test ${t[-1]} s"; done
  local m_w m_t; m_w=$(median "${w[@]}"); m_t=$(median "${t[@]}")
  printf 'edit-to-verdict: watch %.2f s vs dotnet test %.2f s ratio %.2f (median of %s edits of %s; target watch <= 1.5 s)\n' \
    "$m_w" "$m_t" "$(awk "BEGIN { print $m_w / $m_t }")" "$edits" "$stub"
}
if [ "${ONLY:-}" = "watch" ]; then edit_to_verdict; exit 0; fi

# Compare against the same tree: Katas.sln, or (while Katas.sln does not list every kata yet) a solution of every kata.
sln="${SLN:-Katas.sln}"
katas=$(ls exercises/[0-9][0-9]-*/*.csproj | wc -l)
if [ "$(grep -c 'exercises.[0-9][0-9]-' "$sln" || true)" -lt "$katas" ]; then
  mkdir -p artifacts/bench
  rm -f artifacts/bench/AllKatas.sln
  dotnet new sln --format sln -o artifacts/bench -n AllKatas > /dev/null
  dotnet sln artifacts/bench/AllKatas.sln add exercises/[0-9][0-9]-*/*.csproj > /dev/null
  sln=artifacts/bench/AllKatas.sln
  echo "Katas.sln does not list every kata yet: comparing with $sln ($katas katas)"
fi

echo "warming up (restore, build, one run of each)..."
dotnet build grader > /dev/null 2>&1
seconds dotnet test "$sln" > /dev/null
seconds dotnet run --project grader > /dev/null

t_sln=(); grade=(); one_test=(); one_grade=()
for round in $(seq "$rounds"); do
  t_sln+=("$(seconds dotnet test "$sln")")
  grade+=("$(seconds dotnet run --project grader)")
  edit; one_test+=("$(seconds dotnet test "exercises/$kata")")
  edit; one_grade+=("$(seconds dotnet run --project grader -- grade "$kata")")
  echo "round $round: sln ${t_sln[-1]} s, grade ${grade[-1]} s, dotnet test $kata ${one_test[-1]} s, grade $kata ${one_grade[-1]} s"
done

m_sln=$(median "${t_sln[@]}"); m_grade=$(median "${grade[@]}")
m_test=$(median "${one_test[@]}"); m_one=$(median "${one_grade[@]}")
printf 'all katas, warm:        grader %.2f s  vs  dotnet test %s %.2f s  ratio %.2f (target <= 1.10)\n' "$m_grade" "$sln" "$m_sln" "$(awk "BEGIN { print $m_grade / $m_sln }")"
printf 'one kata after an edit: grader %.2f s  vs  dotnet test exercises/%s %.2f s  ratio %.2f (target <= 1.50)\n' "$m_one" "$kata" "$m_test" "$(awk "BEGIN { print $m_one / $m_test }")"
edit_to_verdict
