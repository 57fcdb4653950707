cp "$REDTEAM/shared/FakeJoinTests.cs.txt" exercises/02-join/notes.txt
