#!/usr/bin/env bash
# Renders every Mermaid diagram of every README.md of the repository (maintainers; CI does NOT run it: CI has no
# guaranteed npm or Chromium). Each ```mermaid block is written to <out>/<folder>-L<line>.mmd and rendered with
# mermaid-cli to .svg and .png next to it, so you can look at it. Fails (exit 1) when any diagram does not render,
# or when a Gantt chart's axis prints the same tick label twice (a `%L` axis past one second, `%S` on a short chart).
# What can be checked without a browser is checked on every `verify` by grader/tests/ReadmeDiagramTests.cs.
#
# Needs mermaid-cli and a Chromium, e.g.:
#   npm install --prefix /tmp/mmdc @mermaid-js/mermaid-cli      (PUPPETEER_SKIP_DOWNLOAD=1 to use your own Chromium)
#   MMDC=/tmp/mmdc/node_modules/.bin/mmdc PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium grader/render-diagrams.sh
# Usage: grader/render-diagrams.sh [out-dir]     (default: artifacts/diagrams; MMDC defaults to `mmdc` on PATH)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out="${1:-artifacts/diagrams}"
mmdc="${MMDC:-mmdc}"
command -v "$mmdc" > /dev/null || { echo "mermaid-cli not found: install it (see the header of $0) or set MMDC" >&2; exit 2; }
rm -rf "$out"
mkdir -p "$out"

# Chromium refuses to start as root without --no-sandbox; a PUPPETEER_CONFIG of yours wins.
config=()
if [ -n "${PUPPETEER_CONFIG:-}" ]; then
  config=(-p "$PUPPETEER_CONFIG")
elif [ "$(id -u)" = 0 ]; then
  echo '{"args":["--no-sandbox"]}' > "$out/puppeteer.json"
  config=(-p "$out/puppeteer.json")
fi

# One .mmd file per block, named after the README's folder and the line of its ``` fence.
while IFS= read -r readme; do
  name="$(dirname "$readme" | sed 's#^\./##; s#/#-#g')"
  [ "$name" = "." ] && name=root
  awk -v out="$out" -v name="$name" '
    /^```mermaid[ \t]*$/ { file = sprintf("%s/%s-L%d.mmd", out, name, NR); next }
    /^```[ \t]*$/ && file { close(file); file = ""; next }
    file { print > file }
  ' "$readme"
done < <(git ls-files --cached --others --exclude-standard -- 'README.md' '*/README.md' | sort)

shopt -s nullglob
diagrams=("$out"/*.mmd)
[ ${#diagrams[@]} -gt 0 ] || { echo "no \`\`\`mermaid block in any README.md" >&2; exit 1; }

failed=0
for mmd in "${diagrams[@]}"; do
  base="${mmd%.mmd}"
  if ! "$mmdc" "${config[@]}" -q -i "$mmd" -o "$base.svg" > "$base.log" 2>&1 ||
     ! "$mmdc" "${config[@]}" -q -i "$mmd" -o "$base.png" -s 2 >> "$base.log" 2>&1; then
    echo "FAIL $mmd: does not render (whole log: $base.log):"; grep -v "^[[:space:]]*at " "$base.log" | sed 's/^/    /'; failed=$((failed + 1)); continue
  fi
  # The axis tick labels of a Gantt chart, in order; a label printed twice means the axis format lies.
  if grep -v '^[[:space:]]*\(%%\|$\)' "$mmd" | head -n 1 | grep -q '^gantt'; then
    ticks="$(grep -oE '<g class="tick"[^>]*>(<line[^>]*>(</line>)?)?<text[^>]*>[^<]*</text>' "$base.svg" |
      sed 's/.*>\([^<]*\)<\/text>$/\1/' || true)"
    repeated="$(printf '%s\n' "$ticks" | sort | uniq -d | tr '\n' ' ')"
    if [ -n "$repeated" ]; then
      echo "FAIL $mmd: the axis prints the same label twice ($repeated); axis: $(printf '%s\n' "$ticks" | tr '\n' '|')"
      failed=$((failed + 1)); continue
    fi
    echo "ok   $mmd  (axis: $(printf '%s\n' "$ticks" | tr '\n' ' '))"
  else
    echo "ok   $mmd"
  fi
done
echo "${#diagrams[@]} diagrams, $failed failed; images in $out/"
[ "$failed" -eq 0 ]
