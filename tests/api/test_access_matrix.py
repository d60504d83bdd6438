#!/usr/bin/env python3
"""Access matrix: every caller × every record endpoint × every kind and confidentiality tier.

Callers: every demo role of sh-medtech, two colleagues made for the test (members of the need
owner's and the capability owner's organisations), two bj-zgc users (another tenant) and an
anonymous caller. Fixtures: one record per kind and allowed tier, made by an owner that is not an
administrator (needs by a clinician, capabilities by a supplier, directory records by an
operator), with every field set, so that a teaser that leaks anything shows it.

The expected outcome of each cell comes from the small model below, written from the rules in
docs/api.md and DESIGN.md §9 (never from the server): visible / teaser / absent in lists and
exports, 200/404 for detail, 201/403 for create, 200/403/404 for update and delete, 200/404/422
for NDA acceptance, 201/403 for import, 401 for the anonymous caller everywhere. After the NDA
phase, readers who accepted see the NDA records in full (but still may not edit them).
"""

import csv
import io
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

# ---------------------------------------------------------------------------------------------
# The model: the rules as documented.

KINDS = ["organisations", "people", "needs", "capabilities"]
TIERS = {
    "organisations": ["public", "consortium"],
    "people": ["public", "consortium"],
    "needs": ["public", "consortium", "nda", "private"],
    "capabilities": ["public", "consortium", "nda", "private"],
}
HAS_ORG = {"organisations": False, "people": True, "needs": True, "capabilities": True}
NDA_ROUTE = {"organisations": False, "people": False, "needs": True, "capabilities": True}
# Fields a teaser may show, per kind; plus the structural members every record carries.
TEASER_FIELDS = {
    "organisations": {"name", "name_en", "type", "region"},
    "people": {"name", "name_en", "title", "discipline", "expertise"},
    "needs": {"title", "clinical_area", "care_stage", "language", "status"},
    "capabilities": {"title", "type", "trl", "keywords", "language"},
}
STRUCTURAL = {"id", "kind", "tenant_id", "tier", "org_id", "teaser", "can_edit", "version",
              "created_at", "updated_at"}
ADMINS = {"platform_admin", "tenant_admin", "operator"}
CREATORS = {"needs": {"clinician"}, "capabilities": {"supplier"}, "organisations": set(),
            "people": set()}

FULL, TEASER, NONE = "full", "teaser", "absent"


def visibility(caller, rec):
    """What a signed-in caller sees of a record: full, teaser or absent."""
    if caller["role"] == "platform_admin":
        return FULL
    if rec["tier"] == "public":
        return FULL
    if caller["role"] == "guest" or caller["tenant"] != rec["tenant"]:
        return NONE
    own = caller["id"] == rec["owner"]
    same_org = caller["org"] is not None and caller["org"] == rec["org"]
    if caller["role"] == "tenant_admin" or own:
        return FULL
    if rec["tier"] == "consortium":
        return FULL
    if rec["tier"] == "nda":
        if caller["role"] == "operator" or same_org or caller["name"] in rec["accepted"]:
            return FULL
        return TEASER
    return FULL if same_org else NONE  # private


def may_edit(caller, rec):
    """Edit and delete: administrators and operators of the tenant, and the author — only while
    they see the record in full without an NDA (accepting an NDA grants reading, not editing)."""
    if caller["role"] == "platform_admin":
        return True
    if caller["role"] == "guest" or caller["tenant"] != rec["tenant"]:
        return False
    if visibility(caller, dict(rec, accepted=set())) != FULL:
        return False
    return caller["role"] in ("tenant_admin", "operator") or caller["id"] == rec["owner"]


def may_create(caller, kind):
    return caller["role"] in ADMINS or caller["role"] in CREATORS[kind]


def may_import(caller):
    return caller["role"] in ADMINS


# ---------------------------------------------------------------------------------------------
# Fixtures


def record_body(kind, tier, marker, tag):
    """A record with every field set; the secret word appears only in non-teaser fields."""
    secret = f"zz{marker}secret{tag}"
    title = f"{marker} {tag}"
    if kind == "organisations":
        return {"name": title, "name_en": f"EN {title}", "type": "hospital", "region": "上海",
                "description": f"{secret} description", "website": "https://example.org/" + tag,
                "key": f"{marker}-{tag}", "tier": tier}
    if kind == "people":
        return {"name": title, "name_en": f"EN {title}", "email": f"{tag}-{marker}@example.org",
                "title": "教授", "discipline": "engineer", "expertise": ["imaging"],
                "key": f"{marker}-{tag}", "tier": tier}
    if kind == "needs":
        return {"title": title, "problem": f"{secret} problem of late diagnosis",
                "population": "adults over 60", "outcome": "reduce time to diagnosis by 30%",
                "clinical_area": "cardiovascular", "care_stage": "diagnosis", "language": "en",
                "current_practice": "clinic visits", "shortfall": "too slow",
                "population_size": 4242, "evidence_problem": "cohort",
                "evidence_population": "registry", "evidence_outcome": "trial",
                "must_have": ["safe"], "nice_to_have": ["cheap"], "key": f"{marker}-{tag}",
                "tier": tier}
    return {"title": title, "type": "product", "description": f"{secret} description", "trl": 4,
            "keywords": ["ecg"], "language": "en", "key": f"{marker}-{tag}", "tier": tier}


class Matrix:
    def __init__(self, results):
        self.results = results
        self.cells = 0
        self.by_endpoint = {}

    def cell(self, caller, endpoint, kind, tier, expected, actual, detail=""):
        self.cells += 1
        self.by_endpoint[endpoint] = self.by_endpoint.get(endpoint, 0) + 1
        self.results.check(expected == actual,
                           f"Access[{caller} | {endpoint} | {kind}/{tier}]: expected {expected}, got {actual}",
                           detail)


def observed(item, kind, body):
    """full / teaser from a record's JSON, checking it is one or the other exactly."""
    if item is None:
        return NONE, ""
    if item.get("teaser") is True:
        extra = set(item) - STRUCTURAL - TEASER_FIELDS[kind]
        if extra:
            return "teaser-leaking " + ",".join(sorted(extra)), ""
        return TEASER, ""
    for k, v in body.items():
        if item.get(k) != v:
            return f"full-but-{k}-differs", f"{k}: {item.get(k)!r} != {v!r}"
    return FULL, ""


def list_all(client, kind, query):
    """Every item of a list, following next_cursor. Returns (status, items)."""
    items = []
    cursor = None
    for _ in range(100):
        q = dict(query, limit=100)
        if cursor:
            q["cursor"] = cursor
        r = client.get(f"/api/v1/{kind}?" + urllib.parse.urlencode(q))
        if r.status != 200:
            return r.status, items
        items += r.json["items"]
        cursor = r.json.get("next_cursor")
        if not cursor:
            return 200, items
    return 200, items


def main():
    args = harness.arg_parser(__doc__.split("\n")[0]).parse_args()
    harness.setup(args)
    started = time.monotonic()
    results = harness.Results(args.verbose)
    m = Matrix(results)
    server = harness.Server.fresh(args)
    try:
        run_matrix(server, results, m)
        openapi = server.client().get("/api/v1/openapi.json").json or {}
        harness.check_openapi_coverage(results, openapi, name="AccessMatrix.OpenApi")
    except Exception as e:
        import traceback
        traceback.print_exc()
        results.fail("AccessMatrix.Harness", repr(e))
    finally:
        alive = server.alive()
        results.check(alive, "AccessMatrix.ServerAlive")
        server.cleanup(failed=results.failed > 0)
    print(f"matrix: {m.cells} cells: " + ", ".join(f"{k} {v}" for k, v in sorted(m.by_endpoint.items())))
    sys.exit(results.finish(started))


def run_matrix(server, results, m):
    users = server.users
    marker = harness.free_name("mx")
    # ---- callers
    callers = {}  # name → {name, email, role, tenant, id, org, client}

    def add_caller(name, client):
        r = client.get("/api/v1/auth/me")
        u = r.json["user"]
        callers[name] = {"name": name, "email": u["email"], "role": u["role"],
                         "tenant": u["tenant_id"], "id": u["id"], "org": u["org_id"],
                         "client": client}

    for email, u in users.items():
        if u["tenant"] == "sh-medtech":
            add_caller(email.split("@")[0] + "@sh" if "@sh." in email else email.split("@")[0],
                       server.sign_in(email))
    add_caller("tenant-admin@bj", server.sign_in("tenant-admin@bj.yigong.demo"))
    add_caller("clinician@bj", server.sign_in("clinician@bj.yigong.demo"))
    owner_need = callers["clinician@sh"]
    owner_cap = callers["supplier@sh"]
    owner_dir = callers["operator@sh"]
    tadmin = callers["tenant-admin@sh"]["client"]
    for name, org in (("colleague-of-need-owner", owner_need["org"]),
                      ("colleague-of-cap-owner", owner_cap["org"])):
        email = f"{name}-{marker}@sh.yigong.demo"
        r = tadmin.post("/api/v1/users", {"email": email, "name": name, "role": "reviewer",
                                          "org_id": org, "password": "colleague-password-1"})
        if r.status != 201:
            raise RuntimeError(f"cannot create {name}: {r.brief()}")
        add_caller(name, server.sign_in(email, "colleague-password-1"))
    names = sorted(callers)
    print(f"callers: {', '.join(names)} + anonymous")
    anonymous = server.client()

    owners = {"organisations": owner_dir, "people": owner_dir, "needs": owner_need,
              "capabilities": owner_cap}

    def make(kind, tier, tag):
        owner = owners[kind]
        body = record_body(kind, tier, marker, tag)
        r = owner["client"].post(f"/api/v1/{kind}", body)
        if r.status != 201:
            raise RuntimeError(f"fixture {kind}/{tier}: {r.brief()}")
        j = r.json
        return {"kind": kind, "tier": tier, "id": j["id"], "tenant": j["tenant_id"],
                "owner": owner["id"], "org": j.get("org_id") if HAS_ORG[kind] else None,
                "version": j["version"], "body": body, "accepted": set(), "tag": tag}

    fixtures = {(k, t): make(k, t, f"{k[:3]}-{t}") for k in KINDS for t in TIERS[k]}

    # ---- reads: list, detail, export json, export csv
    def check_reads(phase, tiers_only=None):
        for name in names:
            c = callers[name]
            cl = c["client"]
            for kind in KINDS:
                fx = [f for (k, t), f in fixtures.items()
                      if k == kind and (tiers_only is None or t in tiers_only)]
                status, items = list_all(cl, kind, {"q": marker})
                by_id = {i["id"]: i for i in items}
                for f in fx:
                    exp = visibility(c, f)
                    got, detail = observed(by_id.get(f["id"]), kind, f["body"]) if status == 200 else (f"status {status}", "")
                    m.cell(name, f"{phase}list", kind, f["tier"], exp, got, detail)
                    item = by_id.get(f["id"])
                    if item is not None and got in (FULL, TEASER):
                        m.cell(name, f"{phase}list.can_edit", kind, f["tier"],
                               may_edit(c, f) and got == FULL, item.get("can_edit"))
                for f in fx:
                    r = cl.get(f"/api/v1/{kind}/{f['id']}")
                    exp = visibility(c, f)
                    if r.status == 200:
                        got, detail = observed(r.json, kind, f["body"])
                    elif r.is_error(404, "not_found"):
                        got, detail = NONE, ""
                    else:
                        got, detail = f"status {r.status}", r.brief()
                    m.cell(name, f"{phase}detail", kind, f["tier"], exp, got, detail)
                r = cl.get(f"/api/v1/export/{kind}?format=json&q={marker}")
                doc_items = r.json.get(kind, []) if r.status == 200 and isinstance(r.json, dict) else None
                ex = {i["id"]: i for i in doc_items or []}
                for f in fx:
                    exp = visibility(c, f)
                    got, detail = observed(ex.get(f["id"]), kind, f["body"]) if doc_items is not None else (f"status {r.status}", r.brief())
                    m.cell(name, f"{phase}export.json", kind, f["tier"], exp, got, detail)
                r = cl.get(f"/api/v1/export/{kind}?format=csv&q={marker}")
                rows = {}
                if r.status == 200:
                    for row in csv.DictReader(io.StringIO(r.text)):
                        rows[int(row["id"])] = row
                for f in fx:
                    exp = visibility(c, f)
                    if r.status != 200:
                        got, detail = f"status {r.status}", r.brief()
                    else:
                        got, detail = csv_observed(rows.get(f["id"]), kind, f["body"])
                    m.cell(name, f"{phase}export.csv", kind, f["tier"], exp, got, detail)
        for kind in KINDS:
            for f in fixtures_of(kind, tiers_only):
                for ep, target in (("list", f"/api/v1/{kind}?q={marker}"),
                                   ("detail", f"/api/v1/{kind}/{f['id']}"),
                                   ("export.json", f"/api/v1/export/{kind}?format=json"),
                                   ("export.csv", f"/api/v1/export/{kind}?format=csv")):
                    r = anonymous.get(target)
                    m.cell("anonymous", phase + ep, kind, f["tier"], 401, r.status, r.brief())

    def fixtures_of(kind, tiers_only=None):
        return [f for (k, t), f in fixtures.items()
                if k == kind and (tiers_only is None or t in tiers_only)]

    check_reads("")

    # ---- search and filters must not reveal what a teaser hides
    for name in names:
        c = callers[name]
        for kind in ("needs", "capabilities"):
            f = fixtures[(kind, "nda")]
            secret = f"zz{marker}secret{f['tag']}"
            status, items = list_all(c["client"], kind, {"q": secret})
            found = any(i["id"] == f["id"] for i in items)
            m.cell(name, "search.hidden-text", kind, "nda", visibility(c, f) == FULL, found,
                   f"q={secret} matches only the hidden {'problem' if kind == 'needs' else 'description'}")
        f = fixtures[("needs", "nda")]
        status, items = list_all(c["client"], "needs",
                                 {"q": marker, "population_size_min": 4242,
                                  "population_size_max": 4242})
        found = any(i["id"] == f["id"] for i in items)
        m.cell(name, "filter.hidden-number", "needs", "nda", visibility(c, f) == FULL, found,
               "population_size is not a teaser field; filtering on it reveals it")

    # ---- whole-tenant exports: invariants over every record, demo data included
    for name in names:
        c = callers[name]
        for kind in KINDS:
            r = c["client"].get(f"/api/v1/export/{kind}?format=json")
            if r.status != 200:
                results.fail(f"Export[{name}|{kind}] whole export", r.brief())
                continue
            bad = [i for i in r.json[kind] if not export_item_allowed(c, i, kind)]
            m.cell(name, "export.whole", kind, "*", [], [i["id"] for i in bad],
                   "; ".join(f"id {i['id']} tier {i['tier']} tenant {i['tenant_id']} org {i.get('org_id')} teaser {i.get('teaser')}" for i in bad[:5]))

    # ---- updates (before any NDA is accepted)
    def check_updates(phase, tiers_only=None):
        seq = 0
        for name in names + ["anonymous"]:
            c = callers.get(name)
            cl = c["client"] if c else anonymous
            for kind in KINDS:
                for f in fixtures_of(kind, tiers_only):
                    seq += 1
                    patch = {"version": f["version"]}
                    if kind == "needs":
                        patch["shortfall"] = f"changed {seq}"
                    elif kind == "capabilities":
                        patch["trl"] = 1 + seq % 9
                    elif kind == "organisations":
                        patch["website"] = f"https://example.org/{seq}"
                    else:
                        patch["title"] = f"title {seq}"
                    r = cl.patch(f"/api/v1/{kind}/{f['id']}", patch)
                    if c is None:
                        exp = 401
                    elif visibility(dict(c), f) == NONE:
                        exp = 404
                    else:
                        exp = 200 if may_edit(c, f) else 403
                    m.cell(name, phase + "update", kind, f["tier"], exp, r.status, r.brief())
                    if r.status == 200:
                        f["version"] = r.json["version"]
                        for k, v in patch.items():
                            if k != "version":
                                f["body"][k] = v

    check_updates("")

    # ---- NDA acceptance
    for name in names + ["anonymous"]:
        c = callers.get(name)
        cl = c["client"] if c else anonymous
        for kind in KINDS:
            for f in fixtures_of(kind):
                r = cl.post(f"/api/v1/{kind}/{f['id']}/nda")
                if not NDA_ROUTE[kind]:
                    exp = 404  # no such route for directory kinds
                elif c is None:
                    exp = 401
                elif visibility(c, f) == NONE:
                    exp = 404
                elif f["tier"] != "nda":
                    exp = 422
                else:
                    exp = 200
                m.cell(name, "nda.accept", kind, f["tier"], exp, r.status, r.brief())
                if r.status == 200:
                    got, detail = observed(r.json, kind, f["body"])
                    m.cell(name, "nda.accept.body", kind, f["tier"], FULL, got, detail)
                if c is not None and exp == 200:
                    f["accepted"].add(name)

    # After accepting: the NDA records read in full for everyone who accepted, but edits stay
    # with those who could edit before.
    check_reads("after-nda.", tiers_only={"nda"})
    check_updates("after-nda.", tiers_only={"nda"})

    # ---- create: every caller, kind and tier
    seq = 0
    for name in names + ["anonymous"]:
        c = callers.get(name)
        cl = c["client"] if c else anonymous
        for kind in KINDS:
            for tier in TIERS[kind]:
                seq += 1
                body = record_body(kind, tier, marker, f"c{seq}")
                r = cl.post(f"/api/v1/{kind}", body)
                exp = 401 if c is None else (201 if may_create(c, kind) else 403)
                m.cell(name, "create", kind, tier, exp, r.status, r.brief())
                if r.status == 201:
                    loc = r.header("Location") or ""
                    g = cl.get(loc) if loc else None
                    got = observed(g.json, kind, body)[0] if g is not None and g.status == 200 else "absent"
                    m.cell(name, "create.readback", kind, tier, FULL, got,
                           g.brief() if g is not None else "no Location")

    # ---- delete: a fresh record per caller, kind and tier
    for name in names + ["anonymous"]:
        c = callers.get(name)
        cl = c["client"] if c else anonymous
        for kind in KINDS:
            for tier in TIERS[kind]:
                seq += 1
                f = make(kind, tier, f"d{seq}")
                r = cl.delete(f"/api/v1/{kind}/{f['id']}")
                if c is None:
                    exp = 401
                elif visibility(c, f) == NONE:
                    exp = 404
                else:
                    exp = 204 if may_edit(c, f) else 403
                m.cell(name, "delete", kind, tier, exp, r.status, r.brief())
                g = owners[kind]["client"].get(f"/api/v1/{kind}/{f['id']}")
                m.cell(name, "delete.effect", kind, tier, 404 if exp == 204 else 200, g.status,
                       g.brief())

    # ---- import: JSON per kind and tier; CSV once per caller
    for name in names + ["anonymous"]:
        c = callers.get(name)
        cl = c["client"] if c else anonymous
        for kind in KINDS:
            for tier in TIERS[kind]:
                seq += 1
                body = record_body(kind, tier, marker, f"i{seq}")
                r = cl.post("/api/v1/import", {kind: [body]})
                exp = 401 if c is None else (201 if may_import(c) else 403)
                m.cell(name, "import.json", kind, tier, exp, r.status, r.brief())
                if r.status == 201:
                    label = body["name"] if kind in ("organisations", "people") else body["title"]
                    status, items = list_all(cl, kind, {"q": label})
                    hit = [i for i in items if i.get("key") == body["key"]]
                    m.cell(name, "import.json.readback", kind, tier, FULL,
                           observed(hit[0], kind, body)[0] if hit else NONE)
        seq += 1
        csv_text = ("title,problem,population,outcome,clinical_area,care_stage,language,tier\r\n"
                    f"{marker} csv{seq},p,q,reduce time,other,diagnosis,en,consortium\r\n")
        r = cl.post("/api/v1/import?kind=needs", raw=csv_text, content_type="text/csv")
        exp = 401 if c is None else (201 if may_import(c) else 403)
        m.cell(name, "import.csv", "needs", "consortium", exp, r.status, r.brief())

    # Import cannot reach into another tenant: an organisation key of sh-medtech does not exist
    # for bj-zgc.
    org_key = fixtures[("organisations", "public")]["body"]["key"]
    bj = callers["tenant-admin@bj"]
    body = record_body("needs", "consortium", marker, "xt")
    del body["key"]
    body["org"] = org_key
    r = bj["client"].post("/api/v1/import", {"needs": [body]})
    m.cell("tenant-admin@bj", "import.foreign-org", "needs", "consortium", 422, r.status, r.brief())
    body = record_body("needs", "consortium", marker, "xo")
    del body["key"]
    body["owner"] = owner_need["email"]
    r = bj["client"].post("/api/v1/import", {"needs": [body]})
    m.cell("tenant-admin@bj", "import.foreign-owner", "needs", "consortium", 422, r.status, r.brief())


def export_item_allowed(c, item, kind):
    """Invariants every exported item must meet, whatever record it is."""
    role = c["role"]
    if role == "platform_admin":
        return item.get("teaser") is False
    if item["tier"] == "public":
        return item.get("teaser") is False
    if role == "guest" or item["tenant_id"] != c["tenant"]:
        return False
    if item["tier"] == "private":
        return (role == "tenant_admin" or (c["org"] is not None and item.get("org_id") == c["org"])
                or item.get("created_by") == c["id"])
    if item["tier"] == "nda" and item.get("teaser"):
        if role in ("tenant_admin", "operator") or (c["org"] is not None and item.get("org_id") == c["org"]):
            return False
        return not (set(item) - STRUCTURAL - TEASER_FIELDS[kind])
    return True


def csv_observed(row, kind, body):
    if row is None:
        return NONE, ""
    if row.get("teaser") == "true":
        leaked = [k for k, v in row.items()
                  if v and k not in STRUCTURAL and k not in TEASER_FIELDS[kind]]
        return ("teaser-leaking " + ",".join(leaked), "") if leaked else (TEASER, "")
    if row.get("teaser") != "false":
        return f"teaser column {row.get('teaser')!r}", ""
    for k, v in body.items():
        if k not in row:
            continue
        want = "|".join(v) if isinstance(v, list) else str(v)
        if row[k] != want:
            return f"full-but-{k}-differs", f"{k}: {row[k]!r} != {want!r}"
    return FULL, ""


if __name__ == "__main__":
    main()
