#!/usr/bin/env python3
"""Runs the declarative API cases in tests/api/cases/*.test against a real yigong server.

Phases (STYLE.md "Tests"): every file runs on a fresh database (demo loaded), then the server is
stopped with SIGTERM, restarted on the same database, and every file runs again. Between the two,
the record counts, the audit chain and a session opened before the restart are checked. At the
end, every (method, path pattern) the cases exercised must appear in /api/v1/openapi.json.

The .test format
----------------
A file is a sequence of cases, run in order on one server. Files run in name order; variables are
per file, demo sign-ins are shared by all files. Blank lines and lines starting with '#' are
ignored, except once a request body has begun: from its first line to the first directive,
every line belongs to the body.

    === Needs.CreateReturnsLocation          a case starts with '=== name'
    AS clinician@sh.yigong.demo              who sends it: 'anonymous' (default; a fresh client
                                             without cookies), a demo e-mail (signed in once with
                                             its password from tenants.json), or a label
                                             saved earlier in the file by SESSION
    POST /api/v1/needs?dry=1                 method and target; {{var}} is substituted anywhere
    HEADER X-CSRF-Token: <none>              extra header; '<none>' leaves it out (the CSRF token
                                             is otherwise sent on POST/PATCH/DELETE); a Content-Type
                                             here replaces application/json
    {"title": "…",                           body: every line up to the first directive below,
     "problem": "…"}                         sent as is (JSON unless HEADER Content-Type says else)
    EXPECT 201                               the status
    EXPECT-HEADER Location: /api/v1/needs/\\d+   the header matches the regex (whole value)
    EXPECT-NO-HEADER Set-Cookie
    EXPECT-JSON {"tier": "consortium"}       the body contains this JSON as a subset: objects need
                                             the given members, arrays the same length and
                                             elements; "<any>", "<int>", "<str>", "<bool>",
                                             "<null>", "<list>", "<obj>", "<re:REGEX>" match by
                                             kind. May continue on the following lines.
    EXPECT-ERROR invalid field=limit         {"error":{"code":"invalid","field":"limit",…}};
                                             also message~=SUBSTRING
    EXPECT-ABSENT problem created_by         these JSON paths do not exist
    EXPECT-CONTAINS items {"id": {{n1}}}     the array at the path has a matching element
    EXPECT-NOT-CONTAINS items {"id": {{n1}}}  …has none
    EXPECT-LENGTH items >=2                  array length: N, >=N, <=N
    EXPECT-BODY text                         the raw body contains this text
    SAVE n1 id                               bind a variable to the value at a JSON path
                                             ("items.0.id"; "." is the whole body)
    SAVE-HEADER loc Location                 bind a variable to a response header; with a
    SAVE-HEADER tok Set-Cookie yg_session=(\w+)   regex, to its first group in the first
                                             matching value of that header
    SESSION alice                            keep the session this response opened (login,
                                             invite acceptance) as 'alice' for later AS lines

Paths are dotted: "error.field", "items.0.warnings". Built-in variables: {{run}} (unique per
phase; use it in e-mails and keys so the restart phase does not collide with the first) and
{{phase}}. Saved strings are substituted raw, other values as JSON.
"""

import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

CASES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases")
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}
DIRECTIVES = ("EXPECT", "EXPECT-HEADER", "EXPECT-NO-HEADER", "EXPECT-JSON", "EXPECT-ERROR",
              "EXPECT-ABSENT", "EXPECT-CONTAINS", "EXPECT-NOT-CONTAINS", "EXPECT-LENGTH",
              "EXPECT-BODY", "SAVE", "SAVE-HEADER", "SESSION")
MULTILINE = {"EXPECT-JSON", "EXPECT-CONTAINS", "EXPECT-NOT-CONTAINS"}


class CaseError(Exception):
    pass


class Case:
    def __init__(self, name, file, line):
        self.name = name
        self.file = file
        self.line = line
        self.who = "anonymous"
        self.method = None
        self.target = None
        self.headers = []
        self.body = []
        self.directives = []  # (keyword, argument, line)

    @property
    def where(self):
        return f"{os.path.basename(self.file)}:{self.line}"


def directive_of(line):
    word = line.split(None, 1)[0] if line.strip() else ""
    return word if word in DIRECTIVES else None


def parse_file(path):
    cases = []
    cur = None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for n, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        stripped = line.strip()
        if stripped.startswith("==="):
            cur = Case(stripped[3:].strip(), path, n)
            cases.append(cur)
            continue
        if cur is None:
            if stripped and not stripped.startswith("#"):
                raise CaseError(f"{path}:{n}: text before the first '=== case'")
            continue
        in_body = cur.method is not None and not cur.directives and bool(cur.body)
        word = directive_of(stripped)
        if in_body and not word:
            cur.body.append(line)  # inside a body every line counts, '#' and blank ones too
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if cur.method is None:
            if stripped.startswith("AS "):
                cur.who = stripped[3:].strip()
            elif stripped.split()[0] in METHODS:
                parts = stripped.split(None, 1)
                if len(parts) != 2:
                    raise CaseError(f"{path}:{n}: a request line needs a target")
                cur.method, cur.target = parts
            else:
                raise CaseError(f"{path}:{n}: expected AS or a request line, got: {stripped}")
        elif word:
            kw, _, arg = stripped.partition(" ")
            cur.directives.append([kw, arg.strip(), n])
        elif cur.directives:
            last = cur.directives[-1]
            if last[0] not in MULTILINE:
                raise CaseError(f"{path}:{n}: unexpected line after {last[0]}: {stripped}")
            last[1] += "\n" + line
        elif stripped.startswith("HEADER ") and not cur.body:
            name, _, value = stripped[7:].partition(":")
            cur.headers.append((name.strip(), value.strip()))
        else:
            cur.body.append(line)
    for c in cases:
        if c.method is None:
            raise CaseError(f"{c.where}: case '{c.name}' has no request line")
        if not any(d[0] == "EXPECT" for d in c.directives):
            raise CaseError(f"{c.where}: case '{c.name}' has no EXPECT status")
        while c.body and not c.body[-1].strip():
            c.body.pop()
    return cases


VAR = re.compile(r"\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}")


def substitute(text, variables, where):
    def repl(m):
        name = m.group(1)
        if name not in variables:
            raise CaseError(f"{where}: unknown variable {{{{{name}}}}}")
        v = variables[name]
        return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)

    return VAR.sub(repl, text)


def parse_json_arg(text, where):
    try:
        return json.loads(text)
    except ValueError as e:
        raise CaseError(f"{where}: not JSON ({e}): {text[:200]}")


class Runner:
    def __init__(self, server, results, phase, run_token):
        self.server = server
        self.results = results
        self.phase = phase
        self.run_token = run_token
        self.count = 0

    def run_file(self, path):
        try:
            cases = parse_file(path)
        except CaseError as e:
            self.results.fail(f"[{self.phase}] parse {os.path.basename(path)}", str(e))
            return
        variables = {"run": self.run_token, "phase": self.phase}
        sessions = {}
        for case in cases:
            self.count += 1
            name = f"[{self.phase}] {case.where} {case.name}"
            try:
                problems = self.run_case(case, variables, sessions)
            except CaseError as e:
                problems = [str(e)]
            except (OSError, ConnectionError) as e:
                problems = [f"connection failed: {e!r}"]
            self.results.check(not problems, name, "\n       ".join(problems))

    def caller(self, who, sessions, where):
        if who == "anonymous":
            return self.server.client()
        if who in sessions:
            return sessions[who]
        if who in self.server.users:
            return self.server.sign_in(who)
        raise CaseError(f"{where}: unknown caller '{who}' (not a demo e-mail nor a SESSION label)")

    def run_case(self, case, variables, sessions):
        where = case.where
        client = self.caller(case.who, sessions, where)
        target = substitute(case.target, variables, where)
        headers = {}
        for k, v in case.headers:
            headers[k] = None if v == "<none>" else substitute(v, variables, where)
        raw = None
        content_type = None
        if case.body:
            raw = substitute("\n".join(case.body), variables, where).encode("utf-8")
            ct = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
            content_type = ct if ct is not None else "application/json"
        if any(k.lower() == "content-type" for k in headers) and raw is None:
            content_type = None  # an explicit header on an empty body is sent by headers
        r = client.request(case.method, target, raw=raw, content_type=content_type,
                           headers=headers)
        problems = []
        for kw, arg, line in case.directives:
            at = f"line {line}"
            if kw in ("SAVE", "SAVE-HEADER", "SESSION"):
                continue
            arg = substitute(arg, variables, f"{os.path.basename(case.file)}:{line}")
            p = self.expect(kw, arg, r, at)
            if p:
                problems.append(p)
        if problems:
            problems.append(f"response: {r.brief(600)}")
        for kw, arg, line in case.directives:
            at = f"{os.path.basename(case.file)}:{line}"
            if kw == "SAVE":
                var, _, path = arg.partition(" ")
                try:
                    variables[var] = harness.json_path(r.json, path.strip() or ".")
                except (KeyError, IndexError, ValueError, TypeError):
                    problems.append(f"{at}: SAVE {var}: no '{path}' in the response: {r.brief()}")
            elif kw == "SAVE-HEADER":
                parts = arg.split(None, 2)
                if len(parts) < 2:
                    raise CaseError(f"{at}: SAVE-HEADER takes a variable and a header name")
                var, hname = parts[0], parts[1]
                values = r.header_all(hname)
                if len(parts) == 3:
                    found = [m.group(1) for v in values
                             for m in [re.search(parts[2], v)] if m]
                    values = found
                if not values:
                    problems.append(f"{at}: SAVE-HEADER {var}: no matching {hname} header")
                else:
                    variables[var] = values[0]
            elif kw == "SESSION":
                client.adopt(r)
                client.label = arg
                sessions[arg] = client
        return problems

    def expect(self, kw, arg, r, at):
        if kw == "EXPECT":
            want = int(arg)
            return None if r.status == want else f"{at}: status {r.status}, expected {want}"
        if kw == "EXPECT-HEADER":
            name, _, pattern = arg.partition(":")
            v = r.header(name.strip())
            if v is None:
                return f"{at}: no {name.strip()} header"
            if re.fullmatch(pattern.strip(), v) is None:
                return f"{at}: header {name.strip()}: {v!r} does not match {pattern.strip()!r}"
            return None
        if kw == "EXPECT-NO-HEADER":
            v = r.header(arg)
            return None if v is None else f"{at}: unexpected header {arg}: {v}"
        if kw == "EXPECT-BODY":
            return None if arg in r.text else f"{at}: body lacks {arg!r}"
        body = r.json
        if kw == "EXPECT-JSON":
            m = harness.subset_mismatch(parse_json_arg(arg, at), body)
            return f"{at}: {m}" if m else None
        if kw == "EXPECT-ERROR":
            message_part = None
            if "message~=" in arg:
                arg, message_part = arg.split("message~=", 1)
            parts = arg.split()
            e = r.error
            if not e:
                return f"{at}: not an error body"
            if set(e) < {"code", "message", "field", "request_id"}:
                return f"{at}: error lacks members: {sorted({'code', 'message', 'field', 'request_id'} - set(e))}"
            if e.get("code") != parts[0]:
                return f"{at}: error code {e.get('code')!r}, expected {parts[0]!r}"
            if e.get("request_id") != r.header("X-Request-Id"):
                return f"{at}: error.request_id {e.get('request_id')!r} differs from X-Request-Id {r.header('X-Request-Id')!r}"
            for p in parts[1:]:
                if p.startswith("field="):
                    if e.get("field") != p[6:]:
                        return f"{at}: error field {e.get('field')!r}, expected {p[6:]!r}"
                else:
                    raise CaseError(f"{at}: EXPECT-ERROR takes code [field=F] [message~=TEXT]")
            if message_part is not None and message_part.strip() not in e.get("message", ""):
                return f"{at}: error message {e.get('message')!r} lacks {message_part.strip()!r}"
            return None
        if kw == "EXPECT-ABSENT":
            for path in arg.split():
                try:
                    harness.json_path(body, path)
                    return f"{at}: '{path}' is present"
                except (KeyError, IndexError, ValueError, TypeError):
                    pass
            return None
        if kw in ("EXPECT-CONTAINS", "EXPECT-NOT-CONTAINS"):
            path, _, rest = arg.partition(" ")
            want = parse_json_arg(rest.strip(), at)
            try:
                arr = harness.json_path(body, path)
            except (KeyError, IndexError, ValueError, TypeError):
                return f"{at}: no '{path}' in the response"
            if not isinstance(arr, list):
                return f"{at}: '{path}' is not an array"
            hit = any(harness.subset_mismatch(want, a) is None for a in arr)
            if kw == "EXPECT-CONTAINS" and not hit:
                return f"{at}: no element of '{path}' matches {rest.strip()[:200]}"
            if kw == "EXPECT-NOT-CONTAINS" and hit:
                return f"{at}: an element of '{path}' matches {rest.strip()[:200]}"
            return None
        if kw == "EXPECT-LENGTH":
            path, _, spec = arg.partition(" ")
            try:
                arr = harness.json_path(body, path)
            except (KeyError, IndexError, ValueError, TypeError):
                return f"{at}: no '{path}' in the response"
            if not isinstance(arr, list):
                return f"{at}: '{path}' is not an array"
            spec = spec.strip()
            n = len(arr)
            if spec.startswith(">="):
                okay = n >= int(spec[2:])
            elif spec.startswith("<="):
                okay = n <= int(spec[2:])
            else:
                okay = n == int(spec)
            return None if okay else f"{at}: '{path}' has {n} elements, expected {spec}"
        raise CaseError(f"{at}: unknown directive {kw}")


def stats_of(server, admin_email):
    r = server.sign_in(admin_email).get("/api/v1/stats")
    return r.json.get("counts") if r.status == 200 and isinstance(r.json, dict) else None


def main():
    parser = harness.arg_parser(__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="run only case files whose name contains this")
    args = parser.parse_args()
    harness.setup(args)
    started = time.monotonic()
    results = harness.Results(args.verbose)
    files = sorted(os.path.join(CASES_DIR, f) for f in os.listdir(CASES_DIR)
                   if f.endswith(".test") and args.only in f)
    server = harness.Server.fresh(args)
    admin = harness.demo_user(server.users, "platform_admin")
    total_cases = 0
    try:
        openapi = server.client().get("/api/v1/openapi.json").json or {}
        results.check(isinstance(openapi.get("paths"), dict), "OpenApi.ServedAsJson")

        # Phase 1: fresh database.
        runner = Runner(server, results, "fresh", harness.free_name("f"))
        for f in files:
            runner.run_file(f)
        total_cases += runner.count

        # Restart on the same database: data, sessions and the audit chain survive.
        before = stats_of(server, admin)
        survivor = server.sign_in(harness.demo_user(server.users, "clinician"))
        server.restart()
        after = stats_of(server, admin)
        results.check(before is not None and before == after, "Restart.KeepsEveryRecord",
                      f"counts before {before}, after {after}")
        r = survivor.get("/api/v1/auth/me")
        results.check(r.status == 200, "Restart.KeepsSessions", r.brief())
        r = server.sign_in(admin).get("/api/v1/audit/verify")
        results.check(r.status == 200 and r.json.get("ok") is True, "Restart.AuditChainIntact",
                      r.brief())

        # Phase 2: the same cases after the restart.
        runner = Runner(server, results, "restart", harness.free_name("r"))
        for f in files:
            runner.run_file(f)
        total_cases += runner.count

        harness.check_openapi_coverage(results, openapi)
        print(f"{total_cases} cases run in {len(files)} files, on {server.db.backend}")
    except Exception as e:  # a harness failure is a failed run, never a pass
        results.fail("Harness", repr(e))
    finally:
        alive = server.alive()
        results.check(alive, "Server.StillRunningAtTheEnd", server.log_tail())
        rc = server.stop() if alive else None
        results.check(rc in (None, 0), "Server.StopsCleanlyOnSigterm", f"exit code {rc}")
        server.cleanup(failed=results.failed > 0)
    sys.exit(results.finish(started))


if __name__ == "__main__":
    main()
