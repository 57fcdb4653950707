#!/usr/bin/env bash
# Flood check (maintainers; `grader/red-team.sh --flood`): a clone of HEAD where every kata's code prints 50 MB to
# Console.Out once per test host (a static constructor of the kata's main class, so the stubs of 10-14, which throw
# nothing, flood too), graded over the whole course by the built grader (`dotnet <Grader.dll> grade`, not `dotnet
# run`, so that the measured process is the grader itself). It prints:
#   - the grader's peak resident memory (VmHWM of its own process) and /usr/bin/time's "Maximum resident set size"
#     (the largest of the grader and the children it waited for), against the 500 MB bound;
#   - the grade (points and state per kata: each must still compile and score 0);
#   - every process of the run still alive afterwards (command line or working folder in the clone or its clean room);
#   - every *.dmp written under the clone or /tmp during the run.
# Exits 1 when a bound is broken.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
limit_kb=$((500 * 1024))

work="$(mktemp -d "${TMPDIR:-/tmp}/katas-flood.XXXXXX")"
clone="$work/flood"
clean_room="${TMPDIR:-/tmp}/katas-grader/$(printf '%s' "$clone" | sha256sum | cut -c1-16)"
trap 'rm -rf "$work" "$clean_room"' EXIT
git clone -q "$repo" "$clone"
cd "$clone" || exit 2

# Every kata's main learner file (<Project>.cs): a static constructor in its first class that prints 50 MB.
python3 - <<'PY'
import json, re
manifest = json.load(open("grader/manifest.json"))
flood = '''
internal static class Flood
{
    // 51,200 lines of 1,024 characters: 50 MB on Console.Out.
    public static void FiftyMegabytes()
    {
        var line = new string('x', 1023);
        for (var i = 0; i < 51_200; i++) Console.Out.WriteLine(line);
    }
}
'''
for kata in manifest["katas"]:
    path = f"exercises/{kata['id']}/{kata['project']}.cs"
    text = open(path).read()
    match = re.search(r"^public (?:static |sealed )*class (\w+)[^\n]*\n\{\n", text, re.M)
    assert match, path
    constructor = f"    static {match.group(1)}() => Flood.FiftyMegabytes();\n\n"
    text = text[:match.end()] + constructor + text[match.end():] + flood
    open(path, "w").write(text)
    print(f"flood: {path}, class {match.group(1)}")
PY
git add -A && git commit -qm "flood: every kata prints 50 MB"

dotnet build grader -nologo -v q > "$work/build.log" 2>&1 || { cat "$work/build.log"; exit 2; }
dll="$(find artifacts/bin/Grader -name Grader.dll | head -1)"
echo "grader: $clone/$dll"

marker="$work/marker"; touch "$marker"; sleep 1
before="$(ls /proc | grep -E '^[0-9]+$' | sort)"
start=$(date +%s)
/usr/bin/time -v -o "$work/time.txt" dotnet "$dll" grade --format json > "$work/grade.json" 2> "$work/grade.err" &
timer=$!
# The grader's own peak: VmHWM of the `dotnet Grader.dll` process (time's child), read until it exits.
peak_kb=0
for _ in $(seq 300); do
  grader=$(pgrep -P "$timer" | head -1); [ -n "$grader" ] && break; sleep 0.2
done
while kill -0 "$timer" 2> /dev/null; do
  hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/${grader:-0}/status" 2> /dev/null)
  [ -n "$hwm" ] && [ "$hwm" -gt "$peak_kb" ] && peak_kb=$hwm
  sleep 0.5
done
wait "$timer"; status=$?
elapsed=$(( $(date +%s) - start ))
sleep 3 # let what the run killed go

failed=0
tree_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt")
echo "grade: exit code $status, ${elapsed} s"
printf 'grader peak resident memory (VmHWM of its process): %d MB (bound 500 MB)\n' $((peak_kb / 1024))
printf '/usr/bin/time -v "Maximum resident set size" (grader or its largest waited-for child): %d MB\n' $((tree_kb / 1024))
[ "$peak_kb" -gt 0 ] && [ "$peak_kb" -lt "$limit_kb" ] || { echo "FAIL: the grader's peak is not under 500 MB"; failed=1; }
if jq -e . "$work/grade.json" > /dev/null 2>&1; then
  jq -r '"points: \(.points) / \(.max_points)", (.katas[] | "  \(.id): \(.state) \(.points)/\(.max_points), slowest test \([.tests[].duration_ms] | max) ms\(if .detail then ", " + (.detail | tostring | .[0:160]) else "" end)")' "$work/grade.json"
  bad=$(jq -r '[.katas[] | select(.state != "not_started" or .points != 0) | .id] | join(", ")' "$work/grade.json")
  [ -z "$bad" ] || { echo "FAIL: expected every kata not started at 0 points: $bad"; failed=1; }
else
  echo "FAIL: no JSON grade"; tail -20 "$work/grade.err"; failed=1
fi

# Processes of the run still alive: new since the run began, naming the clone or its clean room.
survivors=0
for pid in $(comm -13 <(echo "$before") <(ls /proc | grep -E '^[0-9]+$' | sort)); do
  [ -r "/proc/$pid/cmdline" ] || continue
  cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2> /dev/null); cwd=$(readlink "/proc/$pid/cwd" 2> /dev/null)
  case "$cmd $cwd" in *"$clone"*|*"$clean_room"*) echo "survivor: pid $pid cwd $cwd: ${cmd:0:200}"; survivors=$((survivors + 1)) ;; esac
done
echo "processes of the run still alive: $survivors"
[ "$survivors" = 0 ] || failed=1
dumps=$(find "$clone" "${TMPDIR:-/tmp}" -name '*.dmp' -newer "$marker" 2> /dev/null)
echo "dump files written during the run: $(printf '%s' "$dumps" | grep -c . || true)"
[ -z "$dumps" ] || { echo "$dumps"; failed=1; }

# That the flood really happens: one kata's test run, as a learner runs it, prints the 50 MB.
bytes=$(timeout 900 dotnet test exercises/01-hello-async --logger "console;verbosity=detailed" 2>&1 | wc -c)
printf 'dotnet test exercises/01-hello-async (detailed console) printed %d MB\n' $((bytes / 1024 / 1024))

[ "$failed" = 0 ] && echo "flood check: ok" || echo "flood check: FAIL"
exit "$failed"
