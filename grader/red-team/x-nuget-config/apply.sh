# The doctored NUnit 5.0.0: the real package (from this machine's NuGet cache) without its signature, its
# build/NUnit.props replaced and build/Timing.cs added; committed in nuget-feed/ as a cheater would.
mkdir -p nuget-feed
python3 - "${NUGET_PACKAGES:-$HOME/.nuget/packages}/nunit/5.0.0/nunit.5.0.0.nupkg" nuget-feed/nunit.5.0.0.nupkg "$REDTEAM/x-nuget-config/package" <<'PY'
import sys, zipfile
source, target, doctored = sys.argv[1:]
with zipfile.ZipFile(source) as real, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as fake:
    for item in real.infolist():
        if item.filename in (".signature.p7s", "build/NUnit.props"):
            continue
        fake.writestr(item, real.read(item.filename))
    fake.write(f"{doctored}/NUnit.props", "build/NUnit.props")
    fake.write(f"{doctored}/Timing.cs", "build/Timing.cs")
PY
