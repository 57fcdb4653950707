#!/usr/bin/env bash
# Red team of the grader (maintainers): issue 9's ways to score without the work, each tried on a clone of this
# repository's HEAD and graded the way a learner and GitHub Classroom grade it. One attack per folder under
# grader/red-team/ (README: which row of the issue's table; expect: what the grade must be; files/: copied over the
# clone; apply.sh: run in the clone, optional). Each attack is committed in the clone, graded with `dotnet run
# --project grader -- grade` in every format, then graded again after `git rm -r solutions`.
#
# Usage: grader/red-team.sh [--fresh] [--formats "json table classroom"] [--prove] [--keep] [attack...]
#        grader/red-team.sh --flood            (see grader/red-team/flood.sh)
#   --fresh    a new clone per attack (default: one clone, reset between attacks; its clean room is reused)
#   --keep     keep the work folder (the clones' grades, logs) for a look afterwards
#   --prove    also run `dotnet test exercises/02-join` on each attacked clone: the attack works where nothing stops it
# Prints `attack | solutions | points (json/table/classroom) | state | ok/FAIL`, then `N passed, N failed`; exits 1 on
# any FAIL. Needs git, jq and python3.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
export REDTEAM="$here/red-team" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "${1:-}" = "--flood" ]; then shift; exec bash "$REDTEAM/flood.sh" "$@"; fi

fresh=0 prove=0 keep=0 formats="json table classroom" attacks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --fresh) fresh=1 ;;
    --prove) prove=1 ;;
    --keep) keep=1 ;;
    --formats) formats="$2"; shift ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) attacks+=("${1%/}") ;;
  esac
  shift
done
[ ${#attacks[@]} -gt 0 ] || attacks=($(cd "$REDTEAM" && ls -d */ | tr -d / | grep -v '^shared$'))

work="$(mktemp -d "${TMPDIR:-/tmp}/katas-red-team.XXXXXX")"
student="$work/students/student"   # alone in its folder: `grade --repos` grades every clone of a folder
teacher="$work/teacher"
logs="$work/logs"
mkdir -p "$work/students" "$logs"
# The grader's clean room of a clone: <temp>/katas-grader/<first 16 hex of the SHA-256 of its path>/ (CleanRoomFolder).
clean_room() { echo "${TMPDIR:-/tmp}/katas-grader/$(printf '%s' "$1" | sha256sum | cut -c1-16)"; }
cleanup() { rm -rf "$(clean_room "$student")" "$(clean_room "$teacher")"; [ "$keep" = 1 ] || rm -rf "$work"; }
trap cleanup EXIT
echo "work folder: $work (logs in $logs; $([ "$keep" = 1 ] && echo kept || echo 'deleted at the end, --keep keeps it'))"

passed=0 failed=0
report() { # attack variant points state verdict [why]
  printf '%s | %s | %s | %s | %s\n' "$1" "$2" "$3" "$4" "$5${6:+ ($6)}"
  case "$5" in ok*) passed=$((passed + 1)) ;; *) failed=$((failed + 1)) ;; esac
}

new_clone() { rm -rf "$student" "$(clean_room "$student")"; git clone -q "$repo" "$student"; }

# Resets the clone to HEAD, applies the attack and commits it (ignored files such as *.user included, as a
# student's `git add -f` would).
apply() {
  local attack="$1" dir="$REDTEAM/$1"
  if [ "$fresh" = 1 ] || [ ! -d "$student/.git" ]; then new_clone; fi
  git -C "$student" reset -q --hard "$base" && git -C "$student" clean -qfdx -e artifacts || return 1
  if [ -d "$dir/files" ]; then
    cp -R "$dir/files/." "$student/"   # not -a: new times, so that an incremental build sees the change
    (cd "$dir/files" && find . -type f) | (cd "$student" && xargs -r git add -f) || return 1
  fi
  if [ -f "$dir/apply.sh" ]; then (cd "$student" && bash -e "$dir/apply.sh") || return 1; fi
  git -C "$student" add -A && git -C "$student" commit -qm "red team: $attack" --allow-empty
}

# grade <repository to run the grader in> <output> <format> [grade arguments...]
grade() {
  local where="$1" out="$2" format="$3"; shift 3
  (cd "$where" && timeout 1200 dotnet run --project grader -- grade "$@" --format "$format") > "$out" 2> "$out.err"
}

# Points of a grade in each format: "json/table/classroom" (a format not run, or unreadable, is "?").
points_of() { # <prefix of the outputs> <kata or all>
  local prefix="$1" kata="$2" json="?" table="?" classroom="?"
  if [ -s "$prefix.json" ]; then json=$(jq -r '.points' "$prefix.json" 2>/dev/null || echo '?'); fi
  if [ -s "$prefix.table" ]; then table=$(sed -n 's/^Total: \([0-9.]*\) \/ .*/\1/p' "$prefix.table" | head -1); fi
  if [ -s "$prefix.classroom" ]; then
    classroom=$(python3 - "$prefix.classroom" <<'PY'
import base64, json, sys
total = 0
for line in open(sys.argv[1]):
    if "=" in line:
        total += sum(t["score"] for t in json.loads(base64.b64decode(line.split("=", 1)[1]))["tests"])
print(f"{total:g}")
PY
)
  fi
  echo "${json:-?}/${table:-?}/${classroom:-?}"
}

# check <attack> <variant label> <prefix> <kata> <expected state> <zero|full> [detail]
check() {
  local attack="$1" variant="$2" prefix="$3" kata="$4" state_expected="$5" points_expected="$6" detail="${7:-}"
  local points state max why=""
  points=$(points_of "$prefix" "$kata")
  if [ ! -s "$prefix.json" ] || ! jq -e . "$prefix.json" > /dev/null 2>&1; then
    report "$attack" "$variant" "$points" "-" "FAIL" "no JSON grade: $(tail -c 300 "$prefix.json.err" 2>/dev/null | tr '\n' ' ')"
    return
  fi
  max=$(jq -r '.max_points' "$prefix.json")
  if [ "$kata" = all ]; then
    state=$(jq -r '.katas[] | select(.id == "02-join") | .state' "$prefix.json")
    local others
    others=$(jq -r '[.katas[] | select(.id != "02-join") | .state] | unique | join(",")' "$prefix.json")
    [ "$others" = not_started ] || why="other katas: $others"
    state="$state; others $others"
  else
    state=$(jq -r --arg k "$kata" '.katas[] | select(.id == $k) | .state' "$prefix.json")
    [ "${state}" = "$state_expected" ] || why="expected $state_expected"
  fi
  if [ "$kata" = all ]; then
    [ "${state%%;*}" = "$state_expected" ] || why="${why:+$why; }expected 02-join $state_expected"
  fi
  local want=0; [ "$points_expected" = full ] && want="$max"
  local format value i=0
  IFS=/ read -r -a values <<< "$points"
  for format in json table classroom; do
    value="${values[$i]}"; i=$((i + 1))
    case " $formats " in *" $format "*) ;; *) continue ;; esac
    awk -v a="$value" -v b="$want" 'BEGIN { exit !(a == b && a != "?") }' || why="${why:+$why; }$format points $value, expected $want"
  done
  # The table names the state in words: forbidden_api is "forbidden API", tests_modified "tests modified".
  if [ -s "$prefix.table" ]; then
    local words want_words
    words=$(awk -F'│' '$2 ~ / 02-join / { gsub(/^ +| +$/, "", $5); print $5 }' "$prefix.table" | head -1)
    want_words=$(echo "$state_expected" | tr _ ' ' | sed 's/forbidden api/forbidden API/')
    [ "$words" = "$want_words" ] || why="${why:+$why; }table state '$words', expected '$want_words'"
  fi
  if [ -n "$detail" ] && ! jq -r '.katas[].detail // ""' "$prefix.json" | grep -qF "$detail"; then
    why="${why:+$why; }detail does not name $detail"
  fi
  if [ -z "$why" ]; then report "$attack" "$variant" "$points of $max" "$state" ok; else report "$attack" "$variant" "$points of $max" "$state" FAIL "$why"; fi
}

# Grades the clone as it is in every format, with the grader of <where> (the student's own, or the teacher's).
grade_all() { # <where> <prefix> <kata> [extra grade arguments]
  local where="$1" prefix="$2" kata="$3"; shift 3
  local args=("$@"); [ "$kata" = all ] || args=("$kata" "${args[@]}")
  local format
  for format in $formats; do grade "$where" "$prefix.$format" "$format" "${args[@]}"; done
  [ -s "$prefix.json" ] || grade "$where" "$prefix.json" json "${args[@]}"
}

# `dotnet test exercises/02-join` on the attacked clone: what the attack earns where no clean room stops it.
prove_attack() {
  local attack="$1" out="$logs/$1.prove"
  (cd "$student" && timeout 900 dotnet test exercises/02-join) > "$out" 2>&1
  local summary
  summary=$(grep -E '(Passed|Failed)!|Total tests|Passed:|Failed:' "$out" | tail -3 | tr -s ' ' | tr '\n' ' ')
  printf '%s | dotnet test exercises/02-join, no grader | %s\n' "$attack" "${summary:-no summary, see $out}"
}

git -C "$repo" diff --quiet HEAD -- exercises solutions grader/manifest.json ||
  echo "note: the working tree differs from HEAD in exercises/, solutions/ or the manifest; the red team grades HEAD."
new_clone
base="$(git -C "$student" rev-parse HEAD)"
echo "grading HEAD $(git -C "$student" log -1 --format='%h %s' | cut -c1-80)"

for attack in "${attacks[@]}"; do
  dir="$REDTEAM/$attack"
  [ -f "$dir/expect" ] || { report "$attack" "-" "-" "-" FAIL "no $dir/expect"; continue; }
  KATA="" EXPECT_STATE="" EXPECT_POINTS="" EXPECT_DETAIL="" STUDENT_GRADER_FOOLED=""
  # shellcheck disable=SC1090
  . "$dir/expect"
  if ! apply "$attack" > "$logs/$attack.apply" 2>&1; then
    report "$attack" "-" "-" "-" FAIL "could not apply: $(tail -c 300 "$logs/$attack.apply" | tr '\n' ' ')"
    continue
  fi
  [ "$prove" = 1 ] && [ "$attack" != 03-forged-results ] && prove_attack "$attack"
  for variant in with without; do
    if [ "$variant" = without ]; then
      git -C "$student" rm -rq solutions && git -C "$student" commit -qm "red team: no solutions/" ||
        { report "$attack" "without solutions/" "-" "-" FAIL "git rm -r solutions failed"; continue; }
    fi
    label="$variant solutions/"
    prefix="$logs/$attack.$variant"
    grade_all "$student" "$prefix" "$KATA"
    if [ "$STUDENT_GRADER_FOOLED" = yes ]; then
      # The documented limit: the student's own grader trusts the student's own manifest.
      check "$attack (student's own grader and manifest: the documented limit)" "$label" "$prefix" "$KATA" passed full
      # As Classroom runs it: the teacher's grader and manifest on the student's code.
      [ -d "$teacher/.git" ] || git clone -q "$repo" "$teacher"
      grade_all "$teacher" "$prefix.teacher" "$KATA" --repo "$student" --manifest grader/manifest.json
      check "$attack (teacher's grader: grade --repo --manifest, as Classroom)" "$label" "$prefix.teacher" "$KATA" "$EXPECT_STATE" zero
      # The teachers' audit: grade --repos over the class folder (the whole course), gradebook.csv.
      (cd "$teacher" && timeout 1800 dotnet run --project grader -- grade --repos "$work/students" --gradebook "$prefix.gradebook.csv") \
        > "$prefix.repos" 2>&1
      row=$(python3 - "$prefix.gradebook.csv" <<'PY' 2>/dev/null
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
r = rows[0]
print(f"{r.get('02-join', '?')}|{r.get('total', '?')}|{r.get('notes', '')[:120]}")
PY
)
      IFS='|' read -r kata_points total notes <<< "${row:-?|?|no gradebook}"
      if [ "$kata_points" = 0 ] && [ "$total" = 0 ] && [[ "$notes" == *"02-join: tests modified"* ]]; then
        report "$attack (teacher's grade --repos)" "$label" "02-join $kata_points, total $total" "${notes:-no note}" ok
      else
        report "$attack (teacher's grade --repos)" "$label" "02-join ${kata_points:-?}, total ${total:-?}" "${notes:-no note}" FAIL "expected 0 and the note 02-join: tests modified"
      fi
    else
      check "$attack" "$label" "$prefix" "$KATA" "$EXPECT_STATE" "$EXPECT_POINTS" "$EXPECT_DETAIL"
    fi
  done
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
