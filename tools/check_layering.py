#!/usr/bin/env python3
"""Enforces the module dependency rules: every #include in src/<module>/ may name only the modules
and third-party headers its row allows. Run from anywhere; exits 1 and lists each violation.

Differences from STYLE.md's table, and why:
- service may include nlohmann/json (the record JSON form is shared by the API, import, export and
  the demo loader), xlsxwriter.h (spreadsheet exports), sodium.h (argon2id passwords and the audit chain's SHA-256 live with the use
  cases that need them) and csv.h (libcsv parses CSV imports).
- text may include xapian.h for Xapian's English stemmer (DESIGN.md §6), nothing else of Xapian.
- matcheval (the relevance harness behind `yigong match eval`) may include xapian.h and sqlite3.h:
  its baselines are Xapian as shipped and SQLite FTS5. It is an instrument, not an engine.
- cli may include value, pathway, matcheval, match, bridge and text: the value, pathway and match
  commands run engines directly on files.
- pathway may include nlohmann/json: its rule tables, durations and catalogues are JSON data.
- api includes nothing from store directly: it reaches storage through service types only, except
  store/store.hpp for the Services bundle and the audit listing.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

MODULES = {
    "core": set(),
    "text": {"core"},
    "bridge": {"text", "core"},
    "match": {"bridge", "text", "core"},
    "matcheval": {"match", "bridge", "text", "core"},
    "value": {"core"},
    "pathway": {"match", "text", "core"},
    "review": {"core"},
    "portfolio": {"core"},
    "store": {"core"},
    "service": {"store", "match", "value", "pathway", "review", "portfolio", "bridge", "text",
                "core"},
    "api": {"service", "store", "core"},
    "cli": {"api", "service", "store", "value", "pathway", "matcheval", "match", "bridge", "text",
            "core"},
}

# Third-party header prefixes, and the modules allowed to include them.
THIRD_PARTY = {
    "tl/": {"core"},
    "unicode/": {"text"},
    "opencc": {"text"},
    "nlohmann/": {"bridge", "matcheval", "value", "pathway", "service", "api", "cli"},
    "xapian": {"text", "match", "matcheval"},
    "Eigen/": {"value"},
    "pcg_": {"value"},
    "soci/": {"store"},
    "sqlite3.h": {"store", "matcheval"},
    "libpq-fe.h": {"store"},
    "spdlog/": {"service", "api", "cli"},
    "boost/": {"api"},
    "sodium": {"service"},
    "csv.h": {"service"},
    "xlsxwriter": {"service"},
    "igraph": {"portfolio"},
    "CLI/": {"cli"},
    "toml++/": {"cli"},
    "lemon/": {"match"},
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def check_file(path, module):
    problems = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        header = m.group(2)
        first = header.split("/", 1)[0]
        where = f"{path.relative_to(ROOT)}:{lineno}"
        if first in MODULES:
            if first == module:
                continue
            if first not in MODULES[module]:
                problems.append(f"{where}: {module} may not include {header}")
            elif "/detail/" in header:
                problems.append(f"{where}: {header} is internal to {first}")
            continue
        for prefix, allowed in THIRD_PARTY.items():
            if header.startswith(prefix) and module not in allowed:
                problems.append(f"{where}: {header} is allowed only in {', '.join(sorted(allowed))}")
    return problems


def main():
    problems = []
    files = 0
    for module_dir in sorted(p for p in SRC.iterdir() if p.is_dir()):
        module = module_dir.name
        if module not in MODULES:
            problems.append(f"src/{module}: not a known module; add it to tools/check_layering.py")
            continue
        for path in sorted(module_dir.rglob("*")):
            if path.suffix in (".hpp", ".cpp"):
                files += 1
                problems += check_file(path, module)
    for p in problems:
        print(p)
    print(f"layering: {files} files checked, {len(problems)} violation(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
