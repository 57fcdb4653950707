# Fills in the course's test names, as a cheater would copy them from grader/manifest.json.
tests=$(jq -r '.katas[] | .project as $p | .tests[] | "        (\($p | @json), \(. | @json)),"' grader/manifest.json)
python3 - "$tests" <<'PY'
import sys
path = "exercises/02-join/Join.cs"
text = open(path).read().replace("        /*TESTS*/", sys.argv[1].rstrip(","))
open(path, "w").write(text)
PY
