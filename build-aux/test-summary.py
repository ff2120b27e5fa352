#!/usr/bin/env python3
# Reads meson's testlog.json files and prints the closing line of
# build-aux/test. Exits non-zero if anything failed or was skipped.
import json
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as log:
        for line in log:
            line = line.strip()
            if not line:
                continue
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
                print("skipped: " + json.loads(line).get("name", "?"), file=sys.stderr)
            else:
                failed += 1

summary = f"{passed} passed, {failed} failed"
if skipped:
    summary += f", {skipped} skipped"
print(summary)
sys.exit(1 if failed or skipped or passed == 0 else 0)
