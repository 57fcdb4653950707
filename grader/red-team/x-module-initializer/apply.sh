# Row 1's listener swap, started by a module initializer instead of by the stub's methods.
python3 - "$REDTEAM/01-dispatch-proxy/files/exercises/02-join/Join.cs" <<'PY'
import sys
text = open(sys.argv[1]).read()
text = text.replace("        Helper.Install();\n", "")
text = text.replace("internal static class Helper\n{\n",
    "internal static class Helper\n{\n"
    "    [System.Runtime.CompilerServices.ModuleInitializer]\n"
    "    internal static void OnLoad() => Install();\n\n")
open("exercises/02-join/Join.cs", "w").write(text)
PY
grep -q ModuleInitializer exercises/02-join/Join.cs
