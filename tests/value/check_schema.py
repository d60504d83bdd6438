"""Validates every value model spec in tests/value against docs/value-model.schema.json.

Exit 77 (skipped) when the jsonschema module is missing.
"""
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("jsonschema not installed: skipped")
    sys.exit(77)

root = pathlib.Path(__file__).resolve().parents[2]
schema = json.loads((root / "docs/value-model.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
failed = 0
files = sorted((root / "tests/value/reference").glob("*.json")) + sorted((root / "tests/value/psa").glob("*.json"))
for path in files:
    doc = json.loads(path.read_text())
    spec = doc.get("spec", doc)
    errors = list(validator.iter_errors(spec))
    for e in errors[:3]:
        print(f"{path.name}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
    failed += bool(errors)
print(f"{len(files) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
