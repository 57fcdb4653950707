# JoinTests.cs replaced by empty tests of the same names, and its fingerprint in the student's grader/manifest.json
# replaced to match (the grader fingerprints files with line endings normalised to LF; this file has LF already).
old=$(sha256sum exercises/02-join/JoinTests.cs | cut -d' ' -f1)
cp "$REDTEAM/shared/FakeJoinTests.cs.txt" exercises/02-join/JoinTests.cs
new=$(sha256sum exercises/02-join/JoinTests.cs | cut -d' ' -f1)
grep -q "$old" grader/manifest.json
sed -i "s/$old/$new/" grader/manifest.json
