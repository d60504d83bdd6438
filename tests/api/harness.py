"""Black-box test harness for the yigong HTTP API (Python 3 standard library only).

Starts a real `yigong serve` on port 0 over a fresh database (SQLite in a temp dir, or a throw-away
PostgreSQL database), signs in as demo users, sends requests and counts results. Every API script
in tests/api/ builds on this module and ends by printing exactly one line `N passed, M failed`.

    server = Server.fresh(args)          # yigong init --demo on a new database, then serve
    alice = server.sign_in("clinician@sh.yigong.demo")   # one sign-in per user, reused
    r = alice.post("/api/v1/needs", {...})
    results.check(r.status == 201, "NeedsApi.CreatesNeed", r.brief())
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
SKIP_EXIT = 77  # CTest SKIP_RETURN_CODE for the PostgreSQL variant without a database


# ---------------------------------------------------------------------------------------------
# Command line shared by every script


def arg_parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--yigong", default=os.path.join(REPO, "build", "ci", "yigong"),
                   help="the yigong binary (default build/ci/yigong)")
    p.add_argument("--demo-dir", default=os.path.join(REPO, "data", "demo"),
                   help="the demo ecosystem folder (default data/demo)")
    p.add_argument("--db-url", default="",
                   help="PostgreSQL admin URL: run on a fresh database created there instead of SQLite")
    p.add_argument("--pg", action="store_true",
                   help="run on PostgreSQL from $YIGONG_TEST_PG (skip if unset; fail if CI=true)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: random, printed)")
    p.add_argument("--keep", action="store_true", help="keep temp dirs and databases")
    p.add_argument("-v", "--verbose", action="store_true", help="print every passing check too")
    return p


def setup(args):
    """Seeds the RNG (printing the seed) and resolves the database choice. Returns the seed."""
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(1, 2**31)
    random.seed(args.seed)
    print(f"seed={args.seed} (rerun with --seed {args.seed})", flush=True)
    if args.pg and not args.db_url:
        url = os.environ.get("YIGONG_TEST_PG", "")
        if not url:
            if os.environ.get("CI") == "true":
                print("CI=true but YIGONG_TEST_PG is not set (run through tests/support/pg_cluster.sh)")
                print("0 passed, 1 failed")
                sys.exit(1)
            print("skipped: YIGONG_TEST_PG not set (run through tests/support/pg_cluster.sh)")
            print("0 passed, 0 failed")
            sys.exit(SKIP_EXIT)
        args.db_url = url
    if not os.access(args.yigong, os.X_OK):
        print(f"no yigong binary at {args.yigong}; build it or pass --yigong")
        print("0 passed, 1 failed")
        sys.exit(1)
    return args.seed


# ---------------------------------------------------------------------------------------------
# Results


class Results:
    """Counts checks; prints failures as they happen and the final `N passed, M failed` line."""

    def __init__(self, verbose=False):
        self.passed = 0
        self.failed = 0
        self.failures = []
        self.verbose = verbose
        self.lock = threading.Lock()

    def check(self, cond, name, detail=""):
        with self.lock:
            if cond:
                self.passed += 1
                if self.verbose:
                    print(f"  ok   {name}", flush=True)
            else:
                self.failed += 1
                self.failures.append(name)
                print(f"  FAIL {name}" + (f"\n       {detail}" if detail else ""), flush=True)
        return bool(cond)

    def ok(self, name):
        return self.check(True, name)

    def fail(self, name, detail=""):
        return self.check(False, name, detail)

    def finish(self, started=None):
        if started is not None:
            print(f"time {time.monotonic() - started:.1f} s")
        print(f"{self.passed} passed, {self.failed} failed", flush=True)
        return 1 if self.failed else 0


# ---------------------------------------------------------------------------------------------
# Demo users


def load_demo_users(demo_dir):
    """email → {email, password, role, tenant, org} from tenants.json."""
    with open(os.path.join(demo_dir, "tenants.json"), encoding="utf-8") as f:
        doc = json.load(f)
    return {u["email"]: u for u in doc["users"]}


def demo_user(users, role, tenant="sh-medtech"):
    for u in users.values():
        if u["role"] == role and u["tenant"] == tenant:
            return u["email"]
    raise KeyError(f"no demo {role} in {tenant}")


# ---------------------------------------------------------------------------------------------
# HTTP


class Response:
    def __init__(self, method, target, status, headers, body):
        self.method = method
        self.target = target
        self.status = status
        self.headers = headers  # list of (name, value)
        self.body = body
        self._json = None
        self._parsed = False

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def json(self):
        if not self._parsed:
            self._parsed = True
            try:
                self._json = json.loads(self.body.decode("utf-8")) if self.body else None
            except ValueError:
                self._json = None
        return self._json

    @property
    def error(self):
        j = self.json
        if isinstance(j, dict) and isinstance(j.get("error"), dict):
            return j["error"]
        return {}

    def is_error(self, status, code=None, field=None):
        if self.status != status:
            return False
        e = self.error
        if code is not None and e.get("code") != code:
            return False
        if field is not None and e.get("field") != field:
            return False
        return True

    def brief(self, limit=400):
        t = self.text
        if len(t) > limit:
            t = t[:limit] + "…"
        return f"{self.method} {self.target} → {self.status} {t}"


# Every (method, path, status, error) a script sent, for the OpenAPI coverage check.
ROUTE_LOG = []
ROUTE_LOG_LOCK = threading.Lock()


def log_route(method, target, response):
    path = urllib.parse.urlsplit(target).path
    with ROUTE_LOG_LOCK:
        ROUTE_LOG.append((method, path, response.status, response.error.get("message", "")))


class Client:
    """One caller: its own keep-alive connection, cookies and CSRF token. Not thread-safe."""

    def __init__(self, server, label="anonymous"):
        self.server = server
        self.label = label
        self.cookies = {}
        self.csrf = None
        self.user = None
        self.conn = None
        self.timeout = 60

    def clone(self):
        """The same session on a new connection (for another thread)."""
        c = Client(self.server, self.label)
        c.cookies = dict(self.cookies)
        c.csrf = self.csrf
        c.user = self.user
        return c

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _connect(self):
        self.conn = http.client.HTTPConnection(self.server.host, self.server.port,
                                               timeout=self.timeout)

    def _take_cookies(self, resp):
        for v in resp.header_all("Set-Cookie"):
            pair = v.split(";", 1)[0]
            name, _, value = pair.partition("=")
            name = name.strip()
            if "max-age=0" in v.lower().replace(" ", "") or value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value

    def request(self, method, target, body=None, raw=None, content_type=None, headers=None,
                csrf=True, retry=True, record=True):
        """Sends one request. body: a JSON value; raw: bytes or str sent as is.
        csrf: send X-CSRF-Token on state-changing requests when signed in."""
        hdrs = {}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            hdrs["Content-Type"] = "application/json"
        elif raw is not None:
            data = raw.encode("utf-8") if isinstance(raw, str) else raw
            if content_type is None:
                hdrs["Content-Type"] = "application/json"
        if content_type is not None:
            hdrs["Content-Type"] = content_type
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if csrf and method in STATE_CHANGING and self.csrf:
            hdrs["X-CSRF-Token"] = self.csrf
        for k, v in (headers or {}).items():
            if v is None:
                hdrs.pop(k, None)
            else:
                hdrs[k] = v
        if data is None and method in STATE_CHANGING:
            hdrs.setdefault("Content-Length", "0")
        attempts = 2 if retry else 1
        for attempt in range(attempts):
            reused = self.conn is not None
            if self.conn is None:
                self._connect()
            try:
                self.conn.request(method, target, body=data, headers=hdrs)
                r = self.conn.getresponse()
                payload = r.read()
                resp = Response(method, target, r.status, r.getheaders(), payload)
                if (r.getheader("Connection") or "").lower() == "close":
                    self.close()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError,
                    http.client.CannotSendRequest, http.client.BadStatusLine) as e:
                self.close()
                # A kept-alive connection the server closed while idle: retry once on a new one.
                if attempt + 1 < attempts and reused:
                    continue
                raise
        self._take_cookies(resp)
        if record:
            log_route(method, target, resp)
        return resp

    def get(self, target, **kw):
        return self.request("GET", target, **kw)

    def post(self, target, body=None, **kw):
        return self.request("POST", target, body=body, **kw)

    def patch(self, target, body=None, **kw):
        return self.request("PATCH", target, body=body, **kw)

    def delete(self, target, **kw):
        return self.request("DELETE", target, **kw)

    def login(self, email, password):
        r = self.post("/api/v1/auth/login", {"email": email, "password": password})
        if r.status == 200 and isinstance(r.json, dict):
            self.csrf = r.json.get("csrf_token")
            self.user = r.json.get("user")
            self.label = email
        return r

    def adopt(self, resp):
        """Takes the session a response set (login, invite acceptance)."""
        if isinstance(resp.json, dict) and resp.json.get("csrf_token"):
            self.csrf = resp.json["csrf_token"]
            self.user = resp.json.get("user")


# ---------------------------------------------------------------------------------------------
# Server


def free_name(prefix):
    return prefix + "".join(random.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(10))


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


class Database:
    """A fresh database: a SQLite file in a temp dir, or a new PostgreSQL database."""

    def __init__(self, tmpdir, admin_url=""):
        self.admin_url = admin_url
        self.name = None
        if admin_url:
            self.name = free_name("yigong_api_")
            r = run(["psql", admin_url, "-v", "ON_ERROR_STOP=1", "-q", "-c",
                     f"CREATE DATABASE {self.name}"])
            if r.returncode != 0:
                raise RuntimeError(f"cannot create PostgreSQL database: {r.stderr.strip()}")
            parts = urllib.parse.urlsplit(admin_url)
            self.url = urllib.parse.urlunsplit(parts._replace(path="/" + self.name))
            self.sqlite_path = None
        else:
            self.sqlite_path = os.path.join(tmpdir, "yigong.db")
            self.url = "sqlite:" + self.sqlite_path
        print(f"database {self.url}", flush=True)

    @property
    def backend(self):
        return "postgresql" if self.admin_url else "sqlite"

    def drop(self):
        if self.name:
            run(["psql", self.admin_url, "-q", "-c",
                 f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"])


class Server:
    """A yigong server process on 127.0.0.1:<port 0>. Use Server.fresh(args)."""

    def __init__(self, args, db, tmpdir, users, extra=()):
        self.args = args
        self.db = db
        self.tmpdir = tmpdir
        self.users = users
        self.extra = list(extra)
        self.proc = None
        self.host = "127.0.0.1"
        self.port = None
        self.sessions = {}
        self.starts = 0
        self.log_path = os.path.join(tmpdir, "server.log")

    @classmethod
    def fresh(cls, args, extra=(), init=True):
        tmpdir = tempfile.mkdtemp(prefix="yigong-api-")
        print(f"temp dir {tmpdir}", flush=True)
        db = Database(tmpdir, args.db_url)
        users = load_demo_users(args.demo_dir)
        s = cls(args, db, tmpdir, users, extra)
        if init:
            s.init_demo()
        s.start()
        return s

    def yigong(self, *argv, timeout=120):
        return run([self.args.yigong, *argv], timeout=timeout)

    def init_demo(self):
        r = self.yigong("init", "--db", self.db.url, "--demo", "--demo-dir", self.args.demo_dir,
                        "--rubrics", os.path.join(REPO, "data", "calls", "rubrics"), timeout=300)
        if r.returncode != 0:
            raise RuntimeError(f"yigong init failed ({r.returncode}): {r.stdout}{r.stderr}")

    def start(self, timeout=60):
        self.starts += 1
        log = open(self.log_path, "a", encoding="utf-8")
        log.write(f"---- start {self.starts}\n")
        log.flush()
        self.proc = subprocess.Popen(
            [self.args.yigong, "serve", "--db", self.db.url, "--listen", "127.0.0.1:0",
             "--web-root", os.path.join(self.tmpdir, "no-web-root"),
             "--index", os.path.join(self.tmpdir, "search.index"),
             "--thesaurus", os.path.join(REPO, "data", "bridge"),
             "--rubrics", os.path.join(REPO, "data", "calls", "rubrics"),
             "--pathway", os.path.join(REPO, "data", "pathway"), *self.extra],
            stdout=subprocess.PIPE, stderr=log, text=True)
        log.close()
        deadline = time.monotonic() + timeout
        port_box = []

        def read_stdout(proc=self.proc):
            for line in proc.stdout:
                m = re.search(r"serving on http://([0-9.]+):(\d+)", line)
                if m and not port_box:
                    port_box.append(int(m.group(2)))

        threading.Thread(target=read_stdout, daemon=True).start()
        while not port_box:
            if self.proc.poll() is not None:
                raise RuntimeError(f"yigong serve exited with {self.proc.returncode}:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError("yigong serve did not print its address in time")
            time.sleep(0.02)
        self.port = port_box[0]
        self.sessions = {}
        print(f"server pid {self.proc.pid} on {self.host}:{self.port}", flush=True)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=30):
        """SIGTERM and wait; returns the exit code."""
        if self.proc is None:
            return None
        for c in self.sessions.values():
            c.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rc = self.proc.returncode
        self.proc = None
        return rc

    def kill(self):
        """SIGKILL: no chance to flush anything."""
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.proc = None

    def restart(self):
        self.stop()
        self.start()

    def log_tail(self, n=40):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    def cleanup(self, failed=False):
        if self.proc is not None:
            self.stop()
        if failed:
            print("---- server log (tail)\n" + self.log_tail())
        if self.args.keep or failed:
            keep_db = self.args.keep and self.db.name
            print(f"kept {self.tmpdir}" + (f" and database {self.db.name}" if keep_db else ""))
            if not keep_db:
                self.db.drop()
            return
        self.db.drop()
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    # -- callers

    def client(self, label="anonymous"):
        return Client(self, label)

    def password_of(self, email):
        return self.users[email]["password"]

    def sign_in(self, email, password=None):
        """A signed-in client for a demo user; one sign-in per user per server start."""
        if email in self.sessions and password is None:
            return self.sessions[email]
        c = Client(self, email)
        r = c.login(email, password or self.password_of(email))
        if r.status != 200:
            raise RuntimeError(f"cannot sign in as {email}: {r.brief()}")
        if password is None:
            self.sessions[email] = c
        return c

    def audit_verify(self):
        r = self.yigong("audit", "verify", "--db", self.db.url)
        return r.returncode, r.stdout + r.stderr


# ---------------------------------------------------------------------------------------------
# JSON helpers


def json_path(value, path):
    """Follows a dotted path ("items.0.id"); "." or "" is the value itself. KeyError if absent."""
    if path in ("", "."):
        return value
    cur = value
    for part in path.split("."):
        if isinstance(cur, list):
            cur = cur[int(part)]
        elif isinstance(cur, dict):
            cur = cur[part]
        else:
            raise KeyError(part)
    return cur


def subset_mismatch(expected, actual, where="$"):
    """None when `expected` is a subset of `actual`, else a description of the first difference.
    Objects: every expected member must match; arrays: same length, element by element.
    Strings "<any>", "<int>", "<str>", "<null>", "<list>", "<obj>", "<re:REGEX>" match by kind."""
    if isinstance(expected, str) and expected.startswith("<") and expected.endswith(">"):
        kind = expected[1:-1]
        okay = {
            "any": True,
            "int": isinstance(actual, int) and not isinstance(actual, bool),
            "str": isinstance(actual, str),
            "null": actual is None,
            "list": isinstance(actual, list),
            "obj": isinstance(actual, dict),
            "bool": isinstance(actual, bool),
        }.get(kind)
        if kind.startswith("re:"):
            okay = isinstance(actual, str) and re.fullmatch(kind[3:], actual) is not None
        if okay is not None:
            return None if okay else f"{where}: {json.dumps(actual, ensure_ascii=False)[:200]} is not {expected}"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{where}: expected an object, got {json.dumps(actual, ensure_ascii=False)[:200]}"
        for k, v in expected.items():
            if k not in actual:
                return f"{where}.{k}: missing"
            m = subset_mismatch(v, actual[k], f"{where}.{k}")
            if m:
                return m
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"{where}: expected an array, got {json.dumps(actual, ensure_ascii=False)[:200]}"
        if len(expected) != len(actual):
            return f"{where}: expected {len(expected)} elements, got {len(actual)}"
        for i, (e, a) in enumerate(zip(expected, actual)):
            m = subset_mismatch(e, a, f"{where}[{i}]")
            if m:
                return m
        return None
    if type(expected) is not type(actual) and not (
            isinstance(expected, (int, float)) and isinstance(actual, (int, float))
            and not isinstance(expected, bool) and not isinstance(actual, bool)):
        return f"{where}: expected {json.dumps(expected, ensure_ascii=False)}, got {json.dumps(actual, ensure_ascii=False)[:200]}"
    if expected != actual:
        return f"{where}: expected {json.dumps(expected, ensure_ascii=False)}, got {json.dumps(actual, ensure_ascii=False)[:200]}"
    return None


# ---------------------------------------------------------------------------------------------
# OpenAPI coverage


def _pattern_matches(pattern, path):
    p = pattern.strip("/").split("/")
    q = path.strip("/").split("/")
    if len(p) != len(q):
        return False
    for a, b in zip(p, q):
        if a.startswith("{") and a.endswith("}"):
            if not b:
                return False
        elif a != b:
            return False
    return True


def is_routed(status, message):
    """False for requests the router itself refused (unknown endpoint, wrong method)."""
    if status == 405:
        return False
    if status == 404 and message.startswith("endpoint "):
        return False
    return True


def check_openapi_coverage(results, openapi, log=None, name="OpenApi"):
    """Every (method, path pattern) exercised must be in the OpenAPI document."""
    paths = openapi.get("paths", {}) if isinstance(openapi, dict) else {}
    exercised = set()
    missing = set()
    for method, path, status, message in (log if log is not None else ROUTE_LOG):
        if not path.startswith("/api/") or not is_routed(status, message):
            continue
        found = None
        if method == "HEAD":
            method = "GET"  # the server answers HEAD on every GET route
        for pattern, ops in paths.items():
            if _pattern_matches(pattern, path) and method.lower() in ops:
                found = pattern
                break
        if found:
            exercised.add((method, found))
        else:
            missing.add((method, path))
    for method, path in sorted(missing):
        results.fail(f"{name}.DocumentsEveryExercisedRoute: {method} {path}",
                     "this route answered but is missing from /api/v1/openapi.json")
    if not missing:
        results.ok(f"{name}.DocumentsEveryExercisedRoute")
    all_ops = {(m.upper(), p) for p, ops in paths.items() for m in ops}
    unexercised = sorted(all_ops - exercised)
    print(f"openapi: {len(exercised)} of {len(all_ops)} documented operations exercised"
          + (f"; not exercised: {', '.join(m + ' ' + p for m, p in unexercised)}" if unexercised else ""))
    return exercised


# ---------------------------------------------------------------------------------------------
# Raw sockets (for what http.client will not send)


def raw_exchange(host, port, data, read_timeout=10, body_chunks=None):
    """Sends raw bytes (and optionally more chunks while reading) and returns the response bytes.
    Reading runs concurrently, so an early answer (413) is not lost to a reset."""
    s = socket.create_connection((host, port), timeout=read_timeout)
    received = []
    done = threading.Event()

    def reader():
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                received.append(b)
                if _complete_response(b"".join(received)):
                    break
        except OSError:
            pass
        done.set()

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    try:
        s.sendall(data)
        for chunk in body_chunks or ():
            if done.is_set():
                break
            s.sendall(chunk)
    except OSError:
        pass
    done.wait(read_timeout)
    try:
        s.close()
    except OSError:
        pass
    return b"".join(received)


def _complete_response(buf):
    head, sep, rest = buf.partition(b"\r\n\r\n")
    if not sep:
        return False
    m = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    if not m:
        return True
    return len(rest) >= int(m.group(1))


def parse_raw_response(buf):
    """(status, headers dict lower-cased, body bytes) of the first response in buf; status 0 if none."""
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    m = re.match(r"HTTP/1\.[01] (\d{3})", lines[0] if lines else "")
    if not m:
        return 0, {}, b""
    hdrs = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    n = int(hdrs.get("content-length", len(rest)))
    return int(m.group(1)), hdrs, rest[:n]
