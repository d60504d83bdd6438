#!/usr/bin/env python3
"""Matching: search, matches, similar needs, match states and the thesaurus, from outside.

1. Confidentiality: every record that search, matches and similar needs return to a demo user is
   one that user may read with GET /api/v1/<plural>/{id}, in the same teaser/full state and with
   the same JSON, never of another tenant unless public; a word that appears only in a private or
   NDA need's hidden field (problem) finds it only for those who read it in full; a word in an
   NDA need's title finds it as a teaser for the tenant's other members.
2. The index follows every write: create → found, update away → gone, delete → gone.
3. Matches for a demo need: explained capability hits, person and organisation kinds, 400 for
   kind=need, 404 for an unknown need and for another tenant's non-public need.
4. Match states: the need's author records one, it shows in the matches and the audit log; a
   supplier gets 403, a bad state 400.
5. Bad input for /search, /needs/similar and the thesaurus endpoints: 200 or a 4xx with a
   message, never a 5xx; thesaurus additions (operators) bridge a new clinical word to records
   that only hold the engineering word.
6. The index survives a SIGKILL of the server.
At the end the server must still answer /api/v1/health and its process must be alive.
"""

import json
import os
import random
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

PLURAL = {"need": "needs", "capability": "capabilities", "person": "people",
          "organisation": "organisations"}
SWEEP_QUERIES = ["房颤", "ablation", "支架 stent", "监测 monitoring", "康复 rehabilitation",
                 "人工智能 AI", "肿瘤 tumour", "糖尿病 diabetes", "影像 imaging", "导管"]


def need_body(title, problem, tier, **extra):
    body = {"title": title, "problem": problem, "population": "adults after catheter ablation",
            "outcome": "detect recurrence within 30 days", "clinical_area": "cardiovascular",
            "care_stage": "diagnosis", "language": "en", "tier": tier}
    body.update(extra)
    return body


def cap_body(title, description, tier="consortium", **extra):
    body = {"title": title, "type": "product", "description": description, "trl": 5,
            "keywords": ["sensing"], "language": "en", "tier": tier}
    body.update(extra)
    return body


def q(**params):
    return urllib.parse.urlencode(params)


def main():
    args = harness.arg_parser(__doc__.split("\n")[0]).parse_args()
    harness.setup(args)
    started = time.monotonic()
    results = harness.Results(args.verbose)
    server = harness.Server.fresh(args)
    try:
        run(server, results)
        openapi = server.client().get("/api/v1/openapi.json").json or {}
        harness.check_openapi_coverage(results, openapi, name="Matching.OpenApi")
    except Exception as e:
        import traceback
        traceback.print_exc()
        results.fail("Matching.Harness", repr(e))
    finally:
        r = None
        try:
            if server.alive():
                r = server.client().get("/api/v1/health")
        except OSError as e:
            results.fail("Matching.ServerStillAnswersHealth", repr(e))
        results.check(r is not None and r.status == 200 and (r.json or {}).get("status") == "ok",
                      "Matching.ServerStillAnswersHealth", r.brief() if r is not None else "no server")
        results.check(server.alive(), "Matching.ServerProcessAlive", server.log_tail())
        server.cleanup(failed=results.failed > 0)
    sys.exit(results.finish(started))


class World:
    """The signed-in demo users and what /auth/me says about them."""

    def __init__(self, server):
        self.server = server
        self.me = {}
        for email in server.users:
            self.refresh(email)
        self.detail_cache = {}

    def refresh(self, email):
        c = self.server.sign_in(email)
        r = c.get("/api/v1/auth/me")
        if r.status != 200:
            raise RuntimeError(f"/auth/me for {email}: {r.brief()}")
        self.me[email] = r.json["user"]

    def client(self, email):
        return self.server.sign_in(email)

    def short(self, email):
        name, _, domain = email.partition("@")
        return name + ("@" + domain.split(".")[0] if domain.count(".") >= 2 else "")

    def detail(self, email, kind, rid, fresh=False):
        key = (email, kind, rid)
        if fresh or key not in self.detail_cache:
            self.detail_cache[key] = self.client(email).get(f"/api/v1/{PLURAL[kind]}/{rid}")
        return self.detail_cache[key]

    def forget(self):
        self.detail_cache = {}


def hit_problems(world, email, hits):
    """What is wrong with a list of hits for this user; empty when all agree with detail reads."""
    me = world.me[email]
    bad = []
    for h in hits:
        kind = h.get("kind")
        rec = h.get("record") or {}
        rid = rec.get("id")
        if kind not in PLURAL or not isinstance(rid, int):
            bad.append(f"malformed hit {json.dumps(h, ensure_ascii=False)[:200]}")
            continue
        if rec.get("kind") != kind:
            bad.append(f"{kind} {rid}: record.kind {rec.get('kind')!r}")
        if me["role"] != "platform_admin" and rec.get("tenant_id") != me["tenant_id"] \
                and rec.get("tier") != "public":
            bad.append(f"{kind} {rid}: tenant {rec.get('tenant_id')} tier {rec.get('tier')}"
                       f" (caller's tenant {me['tenant_id']})")
        if me["role"] == "guest" and rec.get("tier") != "public":
            bad.append(f"{kind} {rid}: guest sees tier {rec.get('tier')}")
        d = world.detail(email, kind, rid)
        if d.status != 200:
            bad.append(f"{kind} {rid}: hit (teaser={rec.get('teaser')}) but detail says {d.status}")
            continue
        if d.json.get("teaser") != rec.get("teaser"):
            bad.append(f"{kind} {rid}: hit teaser={rec.get('teaser')} detail teaser={d.json.get('teaser')}")
        elif d.json != rec:
            diff = sorted(k for k in set(d.json) | set(rec) if d.json.get(k) != rec.get(k))
            bad.append(f"{kind} {rid}: record differs from detail in {diff}")
        why = h.get("why")
        if not isinstance(why, dict) or not {"words", "concepts", "bridges"} <= set(why):
            bad.append(f"{kind} {rid}: why {why!r}")
        if not isinstance(h.get("score"), (int, float)):
            bad.append(f"{kind} {rid}: score {h.get('score')!r}")
    return bad


def page_shape_ok(r, with_total=True):
    j = r.json
    if r.status != 200 or not isinstance(j, dict) or not isinstance(j.get("items"), list):
        return False
    if with_total and not isinstance(j.get("total"), int):
        return False
    qy = j.get("query")
    return isinstance(qy, dict) and isinstance(qy.get("concepts"), list) \
        and isinstance(qy.get("bridges"), list)


def search(client, text, **params):
    return client.get("/api/v1/search?" + q(q=text, **params))


def found(r, kind, rid):
    """The hit for (kind, rid) in a page, or None."""
    if r.status != 200 or not isinstance(r.json, dict):
        return None
    for h in r.json.get("items", []):
        if h.get("kind") == kind and (h.get("record") or {}).get("id") == rid:
            return h
    return None


def state_of(world, email, kind, rid):
    d = world.detail(email, kind, rid, fresh=True)
    if d.status != 200:
        return "absent"
    return "teaser" if d.json.get("teaser") else "full"


def hit_state(h):
    if h is None:
        return "absent"
    return "teaser" if (h.get("record") or {}).get("teaser") else "full"


def run(server, results):
    world = World(server)
    marker = "zqxv" + str(random.randrange(10**6, 10**7))
    print(f"marker {marker}", flush=True)
    emails = sorted(world.me)
    clin = "clinician@sh.yigong.demo"
    supplier = "supplier@sh.yigong.demo"
    supplier2 = "supplier2@sh.yigong.demo"
    operator = "operator@sh.yigong.demo"
    tadmin = "tenant-admin@sh.yigong.demo"
    guest = "guest@sh.yigong.demo"
    clin_bj = "clinician@bj.yigong.demo"

    check_confidentiality(world, results, marker, emails, clin, supplier, supplier2, guest, clin_bj)
    check_index_follows_writes(world, results, marker, supplier, operator)
    check_matches(world, results, clin, clin_bj)
    check_match_states(world, results, marker, clin, supplier, tadmin, operator)
    check_bad_input(world, results, marker, clin, operator, supplier, guest, clin_bj, tadmin)
    check_thesaurus_additions(world, results, marker, operator, supplier, clin)
    check_durability(server, world, results, marker, supplier, clin)


# ---------------------------------------------------------------------------------------------
# 1. Confidentiality


def check_confidentiality(world, results, marker, emails, clin, supplier, supplier2, guest, clin_bj):
    hidden_private = f"{marker}p{random.randrange(1000, 9999)}"
    hidden_nda = f"{marker}n{random.randrange(1000, 9999)}"
    title_nda = f"{marker}t{random.randrange(1000, 9999)}"
    c = world.client(clin)
    r = c.post("/api/v1/needs", need_body("Private recurrence watch",
                                          f"late detection {hidden_private} of recurrence",
                                          "private"))
    if r.status != 201:
        raise RuntimeError(f"private need: {r.brief()}")
    private_need = r.json
    r = c.post("/api/v1/needs", need_body(f"NDA arrhythmia monitor {title_nda}",
                                          f"silent episodes {hidden_nda} after ablation", "nda"))
    if r.status != 201:
        raise RuntimeError(f"nda need: {r.brief()}")
    nda_need = r.json
    print(f"private need {private_need['id']}, nda need {nda_need['id']}", flush=True)
    # A capability that holds the NDA need's hidden word: if matching for the NDA need used its
    # hidden text for a teaser reader, this capability's explanation would show the word.
    r = world.client(supplier2).post("/api/v1/capabilities", cap_body(
        f"Patch monitor {marker}", f"wearable patch {hidden_nda} {hidden_private} ecg"))
    results.check(r.status == 201, "Confidentiality.FixtureCapability", r.brief())

    # Positive control: the owner finds both by the hidden words.
    for label, word, need in (("Private", hidden_private, private_need), ("Nda", hidden_nda, nda_need)):
        r = search(c, word)
        results.check(hit_state(found(r, "need", need["id"])) == "full",
                      f"Confidentiality.OwnerFinds{label}NeedByHiddenWord", r.brief())

    # ---- the sweep: every user, several queries, matches and similar needs
    for email in emails:
        cl = world.client(email)
        who = world.short(email)
        for text in SWEEP_QUERIES + [marker, hidden_private, hidden_nda, title_nda]:
            for kind in (None, "need"):
                params = {"limit": 50}
                if kind:
                    params["kind"] = kind
                r = search(cl, text, **params)
                if not results.check(page_shape_ok(r), f"Confidentiality[{who} | search {text!r} kind={kind}].Answers",
                                     r.brief()):
                    continue
                bad = hit_problems(world, email, r.json["items"])
                results.check(not bad, f"Confidentiality[{who} | search {text!r} kind={kind}].HitsAgreeWithDetail",
                              "; ".join(bad[:5]))
                results.check(r.json["total"] >= len(r.json["items"]),
                              f"Confidentiality[{who} | search {text!r} kind={kind}].TotalIsNotBelowTheItemsReturned",
                              f"total {r.json['total']} but {len(r.json['items'])} items")
        # matches for a few needs and capabilities the user can see (teasers included)
        sources = []
        for kind in ("need", "capability"):
            lr = cl.get(f"/api/v1/{PLURAL[kind]}?limit=100")
            if lr.status != 200:
                results.fail(f"Confidentiality[{who}].List{kind}", lr.brief())
                continue
            items = lr.json["items"]
            pick = [i for i in items if not i.get("teaser")][:2] + [i for i in items if i.get("teaser")][:1]
            if kind == "need" and any(i["id"] == nda_need["id"] for i in items):
                pick.append(next(i for i in items if i["id"] == nda_need["id"]))
            sources += [(kind, i) for i in pick]
        for kind, rec in sources:
            path = (f"/api/v1/needs/{rec['id']}/matches" if kind == "need"
                    else f"/api/v1/capabilities/{rec['id']}/matches")
            kinds = ["capability", "person", "organisation"] if kind == "need" else [None]
            for mk in kinds:
                r = cl.get(path + ("?" + q(kind=mk, limit=50) if mk else "?limit=50"))
                name = f"Confidentiality[{who} | matches {kind} {rec['id']}{' teaser' if rec.get('teaser') else ''} kind={mk}]"
                if not results.check(page_shape_ok(r), name + ".Answers", r.brief()):
                    continue
                bad = hit_problems(world, email, r.json["items"])
                want = mk or "need"
                bad += [f"hit of kind {h.get('kind')}" for h in r.json["items"] if h.get("kind") != want]
                results.check(not bad, name + ".HitsAgreeWithDetail", "; ".join(bad[:5]))
                if rec.get("teaser"):
                    leaked = [w for h in r.json["items"] for w in h["why"].get("words", [])
                              if marker in str(w).lower()]
                    leaked += [cc.get("id") for cc in r.json["query"].get("concepts", [])
                               if marker in json.dumps(cc).lower()]
                    results.check(not leaked, name + ".TeaserSourceDoesNotMatchOnHiddenText",
                                  f"hidden words in explanations: {leaked[:5]}")
        # similar needs with the hidden texts as a draft
        for label, text in (("private", f"late detection {hidden_private} of recurrence"),
                            ("nda", f"silent episodes {hidden_nda} after ablation")):
            r = cl.post("/api/v1/needs/similar", {"problem": text})
            name = f"Confidentiality[{who} | similar {label}]"
            if not results.check(page_shape_ok(r, with_total=False), name + ".Answers", r.brief()):
                continue
            bad = hit_problems(world, email, r.json["items"])
            bad += [f"hit of kind {h.get('kind')}" for h in r.json["items"] if h.get("kind") != "need"]
            results.check(not bad, name + ".HitsAgreeWithDetail", "; ".join(bad[:5]))
            need = private_need if label == "private" else nda_need
            h = found(r, "need", need["id"])
            if h is not None:
                results.check(hit_state(h) == "full" and state_of(world, email, "need", need["id"]) == "full",
                              name + ".FindsByHiddenTextOnlyWhenReadableInFull",
                              f"found as {hit_state(h)}")

    # ---- hidden words: found iff the user reads the need in full
    def hidden_word_round(phase):
        for email in emails:
            cl = world.client(email)
            who = world.short(email)
            for label, word, need in (("private", hidden_private, private_need),
                                      ("nda", hidden_nda, nda_need)):
                r = search(cl, word)
                got = hit_state(found(r, "need", need["id"]))
                exp = state_of(world, email, "need", need["id"])
                exp = "full" if exp == "full" else "absent"
                results.check(r.status == 200 and got == exp,
                              f"Confidentiality[{who} | {phase}search hidden {label} word]: expected {exp}, got {got}",
                              r.brief())
                # Only the fixture needs hold the word: a total above the needs shown would
                # tell a reader that some hidden text matches it.
                r = search(cl, word, kind="need")
                shown = len(r.json["items"]) if r.status == 200 else -1
                results.check(r.status == 200 and r.json["total"] == shown,
                              f"Confidentiality[{who} | {phase}search hidden {label} word kind=need].TotalCountsOnlyVisibleHits",
                              r.brief())
            r = search(cl, title_nda)
            got = hit_state(found(r, "need", nda_need["id"]))
            exp = state_of(world, email, "need", nda_need["id"])
            results.check(r.status == 200 and got == exp,
                          f"Confidentiality[{who} | {phase}search nda title word]: expected {exp}, got {got}",
                          r.brief())

    hidden_word_round("")
    # explicit expectations, independent of the detail reads
    for email, label, word, need in ((clin_bj, "OtherTenant", hidden_nda, nda_need),
                                     (clin_bj, "OtherTenant", hidden_private, private_need),
                                     (supplier, "SupplierWithoutNda", hidden_nda, nda_need),
                                     (supplier, "SupplierWithoutNda", hidden_private, private_need),
                                     (guest, "Guest", hidden_nda, nda_need),
                                     (guest, "Guest", hidden_private, private_need)):
        r = search(world.client(email), word)
        tier = need["tier"]
        results.check(r.status == 200 and found(r, "need", need["id"]) is None,
                      f"Confidentiality.{label}DoesNotFind{tier.capitalize()}NeedByHiddenWord", r.brief())
    for email, label in ((supplier, "Supplier"), (supplier2, "Supplier2"),
                         ("reviewer@sh.yigong.demo", "Reviewer"), ("investor@sh.yigong.demo", "Investor")):
        r = search(world.client(email), title_nda)
        h = found(r, "need", nda_need["id"])
        results.check(hit_state(h) == "teaser" and "problem" not in (h or {}).get("record", {}),
                      f"Confidentiality.{label}FindsNdaTitleWordAsTeaser", r.brief())
    for email, label in ((clin_bj, "OtherTenant"), (guest, "Guest")):
        r = search(world.client(email), title_nda)
        results.check(r.status == 200 and found(r, "need", nda_need["id"]) is None,
                      f"Confidentiality.{label}DoesNotFindNdaTitleWord", r.brief())

    # ---- the supplier accepts the NDA: now found in full by the hidden word
    r = world.client(supplier).post(f"/api/v1/needs/{nda_need['id']}/nda")
    results.check(r.status == 200, "Confidentiality.SupplierAcceptsNda", r.brief())
    r = search(world.client(supplier), hidden_nda)
    h = found(r, "need", nda_need["id"])
    results.check(hit_state(h) == "full" and hidden_nda in (h or {}).get("record", {}).get("problem", ""),
                  "Confidentiality.SupplierFindsNdaNeedInFullAfterAccepting", r.brief())
    r = search(world.client(supplier), hidden_private)
    results.check(r.status == 200 and found(r, "need", private_need["id"]) is None,
                  "Confidentiality.NdaAcceptanceDoesNotOpenThePrivateNeed", r.brief())
    world.forget()
    hidden_word_round("after-nda.")


# ---------------------------------------------------------------------------------------------
# 2. The index follows writes


def check_index_follows_writes(world, results, marker, supplier, operator):
    token = f"{marker}w{random.randrange(1000, 9999)}"
    other = f"{marker}x{random.randrange(1000, 9999)}"
    s = world.client(supplier)
    r = s.post("/api/v1/capabilities", cap_body(f"Ablation catheter sensor {token}",
                                                f"contact force sensing {token}"))
    if not results.check(r.status == 201, "Index.CreateCapability", r.brief()):
        return
    cap = r.json
    r = search(s, token)
    results.check(found(r, "capability", cap["id"]) is not None, "Index.CreatedRecordIsFoundAtOnce", r.brief())
    r = search(world.client(operator), token, kind="capability")
    results.check(found(r, "capability", cap["id"]) is not None, "Index.CreatedRecordIsFoundByOthers", r.brief())
    r = s.patch(f"/api/v1/capabilities/{cap['id']}",
                {"version": cap["version"], "title": "Ablation catheter sensor",
                 "description": f"contact force sensing {other}"})
    if not results.check(r.status == 200, "Index.PatchCapability", r.brief()):
        return
    r = search(s, token)
    results.check(r.status == 200 and found(r, "capability", cap["id"]) is None,
                  "Index.UpdateRemovesTheOldWord", r.brief())
    r = search(s, other)
    h = found(r, "capability", cap["id"])
    results.check(h is not None and other in h["record"].get("description", ""),
                  "Index.UpdateAddsTheNewWord", r.brief())
    r = s.delete(f"/api/v1/capabilities/{cap['id']}")
    results.check(r.status == 204, "Index.DeleteCapability", r.brief())
    r = search(s, other)
    results.check(r.status == 200 and found(r, "capability", cap["id"]) is None,
                  "Index.DeletedRecordIsGone", r.brief())
    r = search(world.client(operator), other)
    results.check(r.status == 200 and found(r, "capability", cap["id"]) is None,
                  "Index.DeletedRecordIsGoneForOthers", r.brief())
    # Deleted records leave need matches too.
    return cap


# ---------------------------------------------------------------------------------------------
# 3. Matches for needs and capabilities


def pick_need(world, email, pred):
    r = world.client(email).get("/api/v1/needs?limit=100")
    for it in r.json["items"] if r.status == 200 else []:
        if pred(it):
            return it
    return None


def check_matches(world, results, clin, clin_bj):
    c = world.client(clin)
    me = world.me[clin]
    need = pick_need(world, clin, lambda i: not i.get("teaser") and i.get("created_by") is None
                     and i.get("clinical_area") == "cardiovascular" and i["tenant_id"] == me["tenant_id"]) \
        or pick_need(world, clin, lambda i: not i.get("teaser"))
    if need is None:
        results.fail("Matches.DemoNeedAvailable")
        return
    print(f"matches for demo need {need['id']} {need.get('key')}", flush=True)
    r = c.get(f"/api/v1/needs/{need['id']}/matches")
    ok = page_shape_ok(r)
    results.check(ok and len(r.json["items"]) > 0, "Matches.NeedHasCapabilityHits", r.brief())
    if ok:
        items = r.json["items"]
        results.check(all(h["kind"] == "capability" for h in items), "Matches.DefaultKindIsCapability",
                      str([h["kind"] for h in items]))
        unexplained = [h["record"]["id"] for h in items
                       if not (h["why"]["words"] or h["why"]["concepts"] or h["why"]["bridges"])]
        results.check(not unexplained, "Matches.EveryHitIsExplained", f"unexplained: {unexplained}")
        results.check(len(r.json["query"]["concepts"]) > 0, "Matches.QueryHasConcepts",
                      json.dumps(r.json["query"], ensure_ascii=False)[:300])
        results.check(all(h.get("state") in ("suggested", "contacted", "accepted", "declined") for h in items),
                      "Matches.NeedHitsCarryAState", str([h.get("state") for h in items]))
        scores = [h["score"] for h in items]
        results.check(scores == sorted(scores, reverse=True), "Matches.BestFirst", str(scores))
        results.check(len(items) <= 10 and r.json["total"] >= len(items), "Matches.DefaultPageAndTotal",
                      f"{len(items)} items, total {r.json['total']}")
        # paging: offset walks the same order
        r1 = c.get(f"/api/v1/needs/{need['id']}/matches?" + q(limit=2))
        r2 = c.get(f"/api/v1/needs/{need['id']}/matches?" + q(limit=2, offset=2))
        if page_shape_ok(r1) and page_shape_ok(r2):
            ids = [h["record"]["id"] for h in r1.json["items"] + r2.json["items"]]
            results.check(ids == [h["record"]["id"] for h in items[:4]], "Matches.OffsetPaging",
                          f"{ids} vs {[h['record']['id'] for h in items[:4]]}")
        else:
            results.fail("Matches.OffsetPaging", r1.brief() + " / " + r2.brief())
    for kind in ("person", "organisation"):
        r = c.get(f"/api/v1/needs/{need['id']}/matches?" + q(kind=kind))
        ok = page_shape_ok(r)
        results.check(ok and len(r.json["items"]) > 0 and all(h["kind"] == kind for h in r.json["items"]),
                      f"Matches.Kind{kind.capitalize()}Works", r.brief())
    for kind, label in (("need", "Need"), ("bogus", "Bogus"), ("needs", "PluralNeeds"), ("", "Empty")):
        r = c.get(f"/api/v1/needs/{need['id']}/matches?" + q(kind=kind))
        if kind == "":
            results.check(r.status in (200, 400), f"Matches.Kind{label}IsDefaultOr400", r.brief())
        else:
            results.check(r.is_error(400, "invalid", "kind"), f"Matches.Kind{label}Is400", r.brief())
    r = c.get("/api/v1/needs/987654321/matches")
    results.check(r.is_error(404, "not_found"), "Matches.UnknownNeedIs404", r.brief())
    r = c.get("/api/v1/needs/abc/matches")
    results.check(r.is_error(400, "invalid", "id"), "Matches.NonNumericIdIs400", r.brief())
    r = c.get("/api/v1/capabilities/987654321/matches")
    results.check(r.is_error(404, "not_found"), "Matches.UnknownCapabilityIs404", r.brief())
    bj_me = world.me[clin_bj]
    foreign = pick_need(world, clin_bj, lambda i: i["tenant_id"] == bj_me["tenant_id"] and i["tier"] != "public")
    if foreign is None:
        # make one
        r = world.client(clin_bj).post("/api/v1/needs", need_body("bj consortium need", "problem", "consortium"))
        foreign = r.json if r.status == 201 else None
    if results.check(foreign is not None, "Matches.ForeignNeedAvailable"):
        r = c.get(f"/api/v1/needs/{foreign['id']}/matches")
        results.check(r.is_error(404, "not_found"), "Matches.OtherTenantsNonPublicNeedIs404", r.brief())
        r = put(c, f"/api/v1/needs/{foreign['id']}/matches/capability/1", {"state": "contacted"})
        results.check(r.is_error(404, "not_found"), "Matches.OtherTenantsNeedStateIs404", r.brief())
        r = world.client(clin_bj).get(f"/api/v1/needs/{foreign['id']}/matches?limit=50")
        if page_shape_ok(r):
            bad = hit_problems(world, clin_bj, r.json["items"])
            results.check(not bad, "Matches.ForeignOwnerSeesOnlyVisibleHits", "; ".join(bad[:5]))
    # capability matches: needs, without a state
    cap = None
    r = c.get("/api/v1/search?" + q(q="脉冲电场消融 pulsed field ablation", kind="capability"))
    if page_shape_ok(r) and r.json["items"]:
        cap = r.json["items"][0]["record"]
    if results.check(cap is not None, "Matches.DemoCapabilityAvailable", r.brief()):
        r = c.get(f"/api/v1/capabilities/{cap['id']}/matches")
        ok = page_shape_ok(r)
        results.check(ok and len(r.json["items"]) > 0 and all(h["kind"] == "need" for h in r.json["items"]),
                      "Matches.CapabilityMatchesAreNeeds", r.brief())
        if ok:
            results.check(all("state" not in h for h in r.json["items"]), "Matches.CapabilityHitsHaveNoState",
                          r.brief())
        r = c.get(f"/api/v1/capabilities/{cap['id']}/matches?kind=need")
        results.check(r.is_error(400, "invalid", "kind"), "Matches.CapabilityMatchesTakeNoKind", r.brief())


# ---------------------------------------------------------------------------------------------
# 4. Match states


def put(client, target, body=None, raw=None):
    return client.request("PUT", target, body=body, raw=raw)


def check_match_states(world, results, marker, clin, supplier, tadmin, operator):
    c = world.client(clin)
    r = c.post("/api/v1/needs", need_body(f"AF recurrence after ablation {marker}",
                                          "房颤 导管消融 术后 复发 监测 atrial fibrillation recurrence",
                                          "consortium"))
    if not results.check(r.status == 201, "MatchState.CreateNeed", r.brief()):
        return
    need = r.json
    r = c.get(f"/api/v1/needs/{need['id']}/matches?limit=5")
    if not results.check(page_shape_ok(r) and r.json["items"], "MatchState.NeedHasMatches", r.brief()):
        return
    target = r.json["items"][0]["record"]
    results.check(r.json["items"][0].get("state") == "suggested", "MatchState.DefaultIsSuggested", r.brief())
    base = f"/api/v1/needs/{need['id']}/matches/capability/{target['id']}"
    r = put(c, base, {"state": "contacted"})
    ok = r.status == 200 and isinstance(r.json, dict)
    results.check(ok and r.json.get("need_id") == need["id"] and r.json.get("kind") == "capability"
                  and r.json.get("target_id") == target["id"] and r.json.get("state") == "contacted"
                  and r.json.get("updated_by") == world.me[clin]["id"] and isinstance(r.json.get("updated_at"), str),
                  "MatchState.AuthorSetsContacted", r.brief())
    r = c.get(f"/api/v1/needs/{need['id']}/matches?limit=50")
    h = found(r, "capability", target["id"])
    results.check(h is not None and h.get("state") == "contacted", "MatchState.MatchesShowContacted",
                  json.dumps(h, ensure_ascii=False)[:300] if h else r.brief())
    r = put(world.client(supplier), base, {"state": "accepted"})
    results.check(r.is_error(403, "forbidden"), "MatchState.SupplierIs403", r.brief())
    r = put(world.client("reviewer@sh.yigong.demo"), base, {"state": "accepted"})
    results.check(r.is_error(403, "forbidden"), "MatchState.ReviewerIs403", r.brief())
    r = put(world.client("guest@sh.yigong.demo"), base, {"state": "accepted"})
    results.check(r.status in (403, 404), "MatchState.GuestIs403Or404", r.brief())
    r = put(world.client(operator), base, {"state": "accepted"})
    results.check(r.status == 200 and r.json.get("state") == "accepted", "MatchState.OperatorMay", r.brief())
    r = put(world.client(tadmin), base, {"state": "declined"})
    results.check(r.status == 200 and r.json.get("state") == "declined", "MatchState.TenantAdminMay", r.brief())
    r = put(c, base, {"state": "contacted"})
    results.check(r.status == 200, "MatchState.AuthorSetsContactedAgain", r.brief())
    for label, body in (("Bogus", {"state": "bogus"}), ("Empty", {"state": ""}),
                        ("Upper", {"state": "CONTACTED"}), ("Number", {"state": 1})):
        r = put(c, base, body)
        results.check(r.is_error(400, "invalid", "state"), f"MatchState.{label}StateIs400", r.brief())
    r = put(c, base, {})
    results.check(r.is_error(400, "invalid", "state"), "MatchState.MissingStateIs400", r.brief())
    r = put(c, base, {"state": "contacted", "note": "x"})
    results.check(r.is_error(400, "invalid", "note"), "MatchState.UnknownMemberIs400", r.brief())
    r = put(c, f"/api/v1/needs/{need['id']}/matches/need/{need['id']}", {"state": "contacted"})
    results.check(r.is_error(400, "invalid", "kind"), "MatchState.KindNeedIs400", r.brief())
    r = put(c, f"/api/v1/needs/{need['id']}/matches/spaceship/{target['id']}", {"state": "contacted"})
    results.check(r.status == 400 or r.status == 404, "MatchState.UnknownKindIs4xx", r.brief())
    r = put(c, f"/api/v1/needs/{need['id']}/matches/capability/987654321", {"state": "contacted"})
    results.check(r.is_error(404, "not_found"), "MatchState.UnknownTargetIs404", r.brief())
    r = put(c, f"/api/v1/needs/{need['id']}/matches/capability/abc", {"state": "contacted"})
    results.check(r.is_error(400, "invalid"), "MatchState.NonNumericTargetIs400", r.brief())
    r = put(c, f"/api/v1/needs/987654321/matches/capability/{target['id']}", {"state": "contacted"})
    results.check(r.is_error(404, "not_found"), "MatchState.UnknownNeedIs404", r.brief())
    r = c.request("PUT", base, body={"state": "contacted"}, csrf=False)
    results.check(r.status == 403, "MatchState.NeedsCsrfToken", r.brief())
    r = c.get(f"/api/v1/needs/{need['id']}/matches?limit=50")
    h = found(r, "capability", target["id"])
    results.check(h is not None and h.get("state") == "contacted", "MatchState.RefusedWritesChangedNothing",
                  json.dumps(h, ensure_ascii=False)[:300] if h else r.brief())
    # Another viewer of the need sees the same state.
    r = world.client(supplier).get(f"/api/v1/needs/{need['id']}/matches?limit=50")
    h = found(r, "capability", target["id"])
    results.check(h is None or h.get("state") == "contacted", "MatchState.SameStateForOtherViewers",
                  json.dumps(h, ensure_ascii=False)[:300] if h else r.brief())
    # The audit log
    a = world.client(tadmin)
    events = []
    after = 0
    for _ in range(100):
        r = a.get("/api/v1/audit?" + q(after=after, limit=1000))
        if r.status != 200:
            break
        events += r.json["items"]
        if not r.json.get("next_after"):
            break
        after = r.json["next_after"]
    mine = [e for e in events if e.get("action") == "match_state" and e.get("record_id") == need["id"]]
    results.check(any(isinstance(e.get("detail"), dict) and e["detail"].get("state") == "contacted"
                      and e["detail"].get("target_id") == target["id"]
                      and e.get("actor_id") == world.me[clin]["id"] for e in mine),
                  "MatchState.AuditHasMatchStateEvent", json.dumps(mine, ensure_ascii=False)[:500])
    results.check(len(mine) == 4, "MatchState.OneAuditEventPerAcceptedWrite",
                  f"{len(mine)} match_state events for the need (4 writes were accepted)")
    r = world.client("admin@yigong.demo").get("/api/v1/audit/verify")
    results.check(r.status == 200 and r.json.get("ok") is True, "MatchState.AuditChainIntact", r.brief())


# ---------------------------------------------------------------------------------------------
# 5. Bad input


def check_bad_input(world, results, marker, clin, operator, supplier, guest, clin_bj, tadmin):
    c = world.client(clin)
    op = world.client(operator)
    mixed = "房颤 AF ablation 導管"
    emoji = "😀🫀👍🏽"
    big = ("房颤 AF ablation 導管 " * 600)[:10240]
    version_before = (op.get("/api/v1/bridge/concepts?limit=1").json or {}).get("version")

    def expect(name, r, allowed=None, field=None):
        """200 or a 4xx with a message, never a 5xx; `allowed`: the statuses the spec names."""
        sane = r.status < 500 and (r.status == 200 or r.status == 201
                                   or (400 <= r.status < 500 and bool(r.error.get("message"))))
        okay = sane and (allowed is None or r.status in allowed)
        if okay and field is not None and r.status >= 400:
            okay = r.error.get("field") == field
        results.check(okay, f"BadInput.{name}",
                      f"expected {allowed or '200/4xx'}{' field=' + field if field else ''}; got {r.brief()}")
        return okay

    S = "/api/v1/search?"
    # ---- /search
    expect("Search.NoQIs400", c.get("/api/v1/search"), {400}, "q")
    expect("Search.EmptyQIs400", c.get(S + "q="), {400}, "q")
    expect("Search.BlankQIs400", c.get(S + q(q="  \t ")), {400}, "q")
    expect("Search.InvalidUtf8Is400", c.get(S + "q=%FF"), {400})
    expect("Search.InvalidUtf8MidwayIs400", c.get(S + "q=ab%C3%28cd"), {400})
    expect("Search.MalformedPercentIs400", c.get(S + "q=%zz"), {400})
    expect("Search.NulIs400", c.get(S + "q=a%00b"), {400})
    expect("Search.Over2000CharsIs400", c.get(S + q(q="a" * 2001)), {400}, "q")
    # (2000 CJK characters do not fit the 16 KiB request head percent-encoded; two-byte ones do)
    expect("Search.Over2000TwoByteCharsIs400", c.get(S + q(q="é" * 2001)), {400}, "q")
    expect("Search.Exactly2000TwoByteCharsIsFine", c.get(S + q(q="é" * 2000)), {200})
    expect("Search.2001CjkCharsIs4xx", c.get(S + q(q="中" * 2001)), {400, 414, 431})
    expect("Search.Exactly2000CharsIsFine", c.get(S + q(q="ab " * 666 + "ab")), {200})
    expect("Search.10KbIs4xx", c.get(S + q(q=big)), set(range(400, 500)))
    r = c.get(S + q(q=emoji))
    if expect("Search.EmojiOnlyIs200", r, {200}):
        results.check(r.json.get("items") == [] and r.json.get("total") == 0, "BadInput.Search.EmojiOnlyHasNoHits",
                      r.brief())
    r = c.get(S + q(q=mixed))
    if expect("Search.MixedScriptIs200", r, {200}):
        results.check(len(r.json.get("items", [])) > 0, "BadInput.Search.MixedScriptFindsSomething", r.brief())
    expect("Search.UnknownParameterIs400", c.get(S + q(q="ablation", bogus=1)), {400}, "bogus")
    expect("Search.CursorIsNotAParameter", c.get(S + q(q="ablation", cursor="r1")), {400}, "cursor")
    for v in ["0", "1000", "51", "-1", "abc", "1.5", ""]:
        expect(f"Search.Limit[{v}]Is400", c.get(S + q(q="ablation", limit=v)), {400}, "limit")
    for v in ["-1", "abc", "1001", "99999999999999999999"]:
        expect(f"Search.Offset[{v}]Is400", c.get(S + q(q="ablation", offset=v)), {400}, "offset")
    expect("Search.Limit50IsFine", c.get(S + q(q="ablation", limit=50)), {200})
    r = c.get(S + q(q="ablation", offset=1000))
    if expect("Search.Offset1000IsFine", r, {200}):
        results.check(r.json["items"] == [], "BadInput.Search.OffsetPastTheEndIsEmpty", r.brief())
    expect("Search.KindBogusIs400", c.get(S + q(q="ablation", kind="bogus")), {400}, "kind")
    expect("Search.KindPlural", c.get(S + q(q="ablation", kind="needs")), {200, 400})
    for kind in ("need", "capability", "person", "organisation"):
        r = c.get(S + q(q=mixed, kind=kind, limit=50))
        expect(f"Search.Kind[{kind}]IsFine", r, {200})
        if r.status == 200:
            results.check(all(h["kind"] == kind for h in r.json["items"]),
                          f"BadInput.Search.Kind[{kind}]Filters", str([h["kind"] for h in r.json["items"]]))
    expect("Search.QTwiceIs4xxOr200", c.get(S + "q=a&q=b"), {200, 400})
    for i, text in enumerate(['"unterminated', "AND OR NOT", "title:ablation", "(((", "a NEAR b",
                              "*", "-", "' OR 1=1 --", "%", "\\", "a" * 300, "房" * 300,
                              "ablation~2", "+ablation -stent", "\u200b\u200d", "\ufeffablation",
                              "ＡＦ ａｂｌａｔｉｏｎ", "房顫 導管消融", "ab\u0301lation"]):
        expect(f"Search.Odd[{i}:{text[:12]!r}]", c.get(S + q(q=text)), {200, 400})
    expect("Search.GuestIsFine", world.client(guest).get(S + q(q=mixed)), {200})
    expect("Search.AnonymousIs401", world.server.client().get(S + q(q=mixed)), {401})
    expect("Search.PostIs405", c.post("/api/v1/search", {"q": "x"}), {405})
    expect("Matches.LimitZeroIs400", c.get("/api/v1/needs/1/matches?limit=0"), {400}, "limit")
    expect("Matches.Limit1000Is400", c.get("/api/v1/needs/1/matches?limit=1000"), {400}, "limit")
    expect("Matches.UnknownParameterIs400", c.get("/api/v1/needs/1/matches?q=x"), {400}, "q")
    expect("Matches.CapabilityUnknownParameterIs400", c.get("/api/v1/capabilities/1/matches?bogus=1"), {400}, "bogus")

    # ---- /needs/similar
    P = "/api/v1/needs/similar"
    expect("Similar.EmptyObjectIs400", c.post(P, {}), {400})
    expect("Similar.AllEmptyIs400", c.post(P, {"title": "", "problem": "", "population": "", "outcome": ""}), {400})
    expect("Similar.AllBlankIs400", c.post(P, {"title": " ", "problem": "\n"}), {400})
    expect("Similar.NullsAre4xx", c.post(P, {"title": None}), set(range(400, 500)))
    expect("Similar.TitleNumberIs400", c.post(P, {"title": 5}), {400}, "title")
    expect("Similar.ProblemListIs400", c.post(P, {"problem": ["x"]}), {400}, "problem")
    expect("Similar.UnknownMemberIs400", c.post(P, {"title": "x", "tier": "nda"}), {400}, "tier")
    expect("Similar.ArrayBodyIs400", c.post(P, raw="[]"), {400})
    expect("Similar.MalformedJsonIs400", c.post(P, raw='{"title": '), {400})
    expect("Similar.InvalidUtf8Is400", c.post(P, raw=b'{"title": "bad \xff\xfe"}'), {400})
    expect("Similar.TextPlainIs415", c.post(P, raw='{"title": "x"}', content_type="text/plain"), {415})
    expect("Similar.10KbIs200Or400", c.post(P, {"problem": big}), {200, 400})
    expect("Similar.EmojiOnly", c.post(P, {"title": emoji}), {200, 400})
    r = c.post(P, {"title": mixed, "problem": "阵发性房颤 导管消融 术后复发"})
    expect("Similar.MixedScriptIs200", r, {200})
    expect("Similar.QueryParameterIs400", c.post(P + "?bogus=1", {"title": "x"}), {400}, "bogus")
    expect("Similar.WithoutCsrfIs403", c.request("POST", P, body={"title": "x"}, csrf=False), {403})
    expect("Similar.GuestIsFine", world.client(guest).post(P, {"title": mixed}), {200})
    expect("Similar.GetIs4xx", c.get(P), {400, 405})  # GET /needs/{id} with id "similar"
    expect("Similar.1999CjkCharsIsFine", c.post(P, {"title": "心" * 1999}), {200})
    expect("Similar.2001CjkCharsIs400", c.post(P, {"title": "心" * 2001}), {400}, "title")

    # ---- thesaurus: reading
    B = "/api/v1/bridge/concepts"
    r = c.get(B + "?" + q(q="atrial"))
    if expect("Bridge.ListIsFine", r, {200}):
        results.check(isinstance(r.json.get("version"), str) and isinstance(r.json.get("total"), int)
                      and all({"id", "kind", "domain", "zh", "en", "links"} <= set(i) for i in r.json["items"]),
                      "BadInput.Bridge.ListShape", r.brief())
    expect("Bridge.EmptyQIsFine", c.get(B + "?q="), {200})
    expect("Bridge.InvalidUtf8Is400", c.get(B + "?q=%FF"), {400})
    r = c.get(B + "?" + q(q=emoji))
    if expect("Bridge.EmojiIs200", r, {200}):
        results.check(r.json.get("total") == 0, "BadInput.Bridge.EmojiFindsNothing", r.brief())
    expect("Bridge.MixedScript", c.get(B + "?" + q(q=mixed)), {200})
    expect("Bridge.10Kb", c.get(B + "?" + q(q=big)), {200, 400, 414, 431})
    expect("Bridge.UnknownParameterIs400", c.get(B + "?bogus=1"), {400}, "bogus")
    expect("Bridge.LimitZeroIs400", c.get(B + "?limit=0"), {400}, "limit")
    expect("Bridge.Limit1000Is400", c.get(B + "?limit=1000"), {400}, "limit")
    expect("Bridge.OffsetNegativeIs400", c.get(B + "?offset=-1"), {400}, "offset")
    expect("Bridge.GuestIs403", world.client(guest).get(B), {403})
    expect("Bridge.AnonymousIs401", world.server.client().get(B), {401})
    expect("Bridge.OtherTenantMayRead", world.client(clin_bj).get(B + "?q=stent"), {200})

    # ---- thesaurus: additions that must be refused (and change nothing)
    good = {"id": f"cv.{marker}_refused", "kind": "disease", "zh": [f"拒绝{marker}"], "en": [f"refused {marker}"]}
    for email, label in ((supplier, "Supplier"), (clin, "Clinician"), (guest, "Guest"),
                         (tadmin, "TenantAdmin"), ("reviewer@sh.yigong.demo", "Reviewer"),
                         (clin_bj, "OtherTenantClinician")):
        r = world.client(email).post(B, good)
        expect(f"Bridge.Add.{label}Is403", r, {403})
        r = world.client(email).post("/api/v1/bridge/links",
                                     {"from": "cv.atrial_fibrillation", "to": "eng.laa_occluder", "weight": 0.5})
        expect(f"Bridge.Link.{label}Is403", r, {403})
    cases = [
        ("KindBogus", dict(good, kind="bogus"), {400}, "kind"),
        ("KindMissing", {k: v for k, v in good.items() if k != "kind"}, {400}, "kind"),
        ("IdMissing", {k: v for k, v in good.items() if k != "id"}, {400}, "id"),
        ("IdNumber", dict(good, id=5), {400}, "id"),
        ("IdBadPattern", dict(good, id="Bad Id"), {400, 422}, None),
        ("IdNoPrefix", dict(good, id="nodot"), {400, 422}, None),
        ("IdEmpty", dict(good, id=""), {400, 422}, None),
        ("IdInvalidChars", dict(good, id="cv.房颤"), {400, 422}, None),
        ("IdExists", dict(good, id="cv.atrial_fibrillation"), {409, 422}, None),
        ("ZhMissing", {k: v for k, v in good.items() if k != "zh"}, {400}, "zh"),
        ("ZhEmptyList", dict(good, zh=[]), {400}, "zh"),
        ("ZhEmptyLabel", dict(good, zh=[""]), {400}, "zh"),
        ("ZhNotAList", dict(good, zh="房颤"), {400}, "zh"),
        ("ZhNumber", dict(good, zh=[1]), {400}, "zh"),
        ("EnTooMany", dict(good, en=[f"l{i}" for i in range(31)]), {400}, "en"),
        ("EnLabelTooLong", dict(good, en=["x" * 201]), {400}, "en"),
        ("UnknownMember", dict(good, links=[]), {400}, "links"),
        ("KindEngineeringWithClinicalPrefix", dict(good, kind="bogus_kind"), {400}, "kind"),
    ]
    for label, body, allowed, field in cases:
        expect(f"Bridge.Add.{label}", op.post(B, body), allowed, field)
    expect("Bridge.Add.InvalidUtf8Is400", op.post(B, raw=b'{"id": "cv.x_y", "kind": "disease", "zh": ["\xff"], "en": ["x"]}'),
           {400})
    expect("Bridge.Add.ArrayIs400", op.post(B, raw="[]"), {400})
    expect("Bridge.Add.WithoutCsrfIs403", op.request("POST", B, body=good, csrf=False), {403})
    L = "/api/v1/bridge/links"
    link = {"from": "cv.atrial_fibrillation", "to": "eng.laa_occluder", "weight": 0.5}
    for label, body, allowed, field in [
        ("WeightZero", dict(link, weight=0), {400}, "weight"),
        ("WeightNegative", dict(link, weight=-0.5), {400}, "weight"),
        ("WeightOver1", dict(link, weight=1.5), {400}, "weight"),
        ("WeightString", dict(link, weight="0.5"), {400}, "weight"),
        ("WeightMissing", {"from": link["from"], "to": link["to"]}, {400}, "weight"),
        ("WeightNull", dict(link, weight=None), {400}, "weight"),
        ("WeightHuge", dict(link, weight=1e308), {400}, "weight"),
        ("FromMissing", {"to": link["to"], "weight": 0.5}, {400}, "from"),
        ("FromNumber", dict(link, **{"from": 3}), {400}, "from"),
        ("FromUnknown", dict(link, **{"from": f"cv.{marker}_nope"}), {400, 404, 422}, None),
        ("ToUnknown", dict(link, to=f"eng.{marker}_nope"), {400, 404, 422}, None),
        ("FromEngineering", {"from": "eng.laa_occluder", "to": "eng.pulsed_field_ablation", "weight": 0.5},
         {400, 422}, None),
        ("ToClinical", {"from": "cv.atrial_fibrillation", "to": "cv.atrial_fibrillation", "weight": 0.5},
         {400, 422}, None),
        ("Duplicate", {"from": "cv.atrial_fibrillation", "to": "eng.pulsed_field_ablation", "weight": 0.5},
         {409, 422}, None),
        ("UnknownMember", dict(link, note="x"), {400}, "note"),
        ("EmptyObject", {}, {400}, None),
    ]:
        expect(f"Bridge.Link.{label}", op.post(L, body), allowed, field)
    r = op.get(B + "?limit=1")
    results.check(r.status == 200 and r.json.get("version") == version_before,
                  "BadInput.Bridge.RefusedAdditionsChangeNothing",
                  f"version {version_before} → {r.json.get('version') if r.json else r.brief()}")
    r = op.get(B + "?" + q(q=f"{marker}_refused"))
    results.check(r.status == 200 and r.json.get("total") == 0, "BadInput.Bridge.RefusedConceptNotStored",
                  r.brief())
    # Last, because a server that accepts it stores it: the same label twice in one concept.
    r = op.post(B, dict(good, id=f"cv.{marker}_dup_labels", zh=["重复标签", "重复标签"]))
    expect("Bridge.Add.ZhDuplicateLabels", r, {400, 409, 422})
    r = c.get("/api/v1/health")
    results.check(r.status == 200, "BadInput.HealthAfterBadInput", r.brief())


# ---------------------------------------------------------------------------------------------
# Thesaurus additions bridge new words


def check_thesaurus_additions(world, results, marker, operator, supplier, clin):
    op = world.client(operator)
    s = world.client(supplier)
    clinical_en = f"{marker}syndrome"
    clinical_zh = f"综合征{marker}"
    eng_en = f"{marker}widget"
    eng_zh = f"装置{marker}"
    clinical_id = f"cv.{marker}_syndrome"
    eng_id = f"eng.{marker}_widget"
    # A record holding only the engineering word, written before the thesaurus knows it.
    r = s.post("/api/v1/capabilities", cap_body("Bridged widget capability",
                                                f"a handheld {eng_en} for the clinic"))
    if not results.check(r.status == 201, "Thesaurus.FixtureBefore", r.brief()):
        return
    before = r.json
    v0 = op.get("/api/v1/bridge/concepts?limit=1").json.get("version")
    r = op.post("/api/v1/bridge/concepts", {"id": eng_id, "kind": "device", "zh": [eng_zh], "en": [eng_en]})
    results.check(r.status == 201 and r.json.get("id") == eng_id and isinstance(r.json.get("version"), str)
                  and r.json["version"] != v0, "Thesaurus.OperatorAddsEngineeringConcept", r.brief())
    r = world.client("admin@yigong.demo").post("/api/v1/bridge/concepts",
                                               {"id": clinical_id, "kind": "disease", "zh": [clinical_zh],
                                                "en": [clinical_en]})
    results.check(r.status == 201, "Thesaurus.PlatformAdminAddsClinicalConcept", r.brief())
    r = op.post("/api/v1/bridge/concepts", {"id": clinical_id, "kind": "disease", "zh": ["另一个"], "en": ["other"]})
    results.check(r.is_error(409, "conflict", "id"), "Thesaurus.AddedIdIsTaken", r.brief())
    r = op.post("/api/v1/bridge/links", {"from": clinical_id, "to": eng_id, "weight": 0.9})
    results.check(r.status == 201 and r.json.get("from") == clinical_id and r.json.get("to") == eng_id,
                  "Thesaurus.OperatorAddsLink", r.brief())
    r = op.post("/api/v1/bridge/links", {"from": clinical_id, "to": eng_id, "weight": 0.5})
    results.check(r.status in (409, 422) and bool(r.error.get("message")), "Thesaurus.DuplicateLinkRefused", r.brief())
    r = op.get("/api/v1/bridge/concepts?" + q(q=marker))
    ids = {i["id"]: i for i in r.json.get("items", [])} if r.status == 200 else {}
    results.check(clinical_id in ids and eng_id in ids and ids[clinical_id]["links"] == 1
                  and ids[clinical_id]["domain"] == "clinical" and ids[eng_id]["domain"] == "engineering",
                  "Thesaurus.ListShowsAdditions", r.brief())
    # After: another record written with the engineering word in Chinese.
    r = s.post("/api/v1/capabilities", cap_body("Bridged widget capability two",
                                                f"便携式{eng_zh}用于门诊", language="zh-Hans"))
    results.check(r.status == 201, "Thesaurus.FixtureAfter", r.brief())
    after = r.json if r.status == 201 else None

    def bridged(email, text, cap, name):
        r = search(world.client(email), text, limit=50)
        h = found(r, "capability", cap["id"])
        ok = h is not None and any(b.get("from", {}).get("id") == clinical_id and b.get("to", {}).get("id") == eng_id
                                   for b in h["why"].get("bridges", []))
        results.check(ok, name, json.dumps(h["why"], ensure_ascii=False)[:400] if h else r.brief())
        return r

    r = bridged(clin, clinical_en, before, "Thesaurus.NewClinicalWordFindsEarlierRecordThroughBridge")
    results.check(r.status == 200 and any(cc.get("id") == clinical_id for cc in r.json["query"]["concepts"]),
                  "Thesaurus.QueryRecognisesNewConcept", json.dumps(r.json.get("query"), ensure_ascii=False)[:300])
    if after:
        bridged(clin, clinical_zh, after, "Thesaurus.NewChineseLabelFindsLaterRecordThroughBridge")
        bridged(clin, clinical_en, after, "Thesaurus.NewEnglishLabelFindsChineseRecordThroughBridge")
    # A need using the clinical word matches the capability through the bridge.
    r = world.client(clin).post("/api/v1/needs", need_body(f"Patients with {clinical_en}",
                                                           f"{clinical_zh} is diagnosed late", "consortium"))
    if results.check(r.status == 201, "Thesaurus.NeedWithNewWord", r.brief()):
        m = world.client(clin).get(f"/api/v1/needs/{r.json['id']}/matches?limit=50")
        h = found(m, "capability", before["id"])
        results.check(h is not None and any(b.get("to", {}).get("id") == eng_id for b in h["why"]["bridges"]),
                      "Thesaurus.NeedMatchesCapabilityThroughNewBridge",
                      json.dumps(h["why"], ensure_ascii=False)[:300] if h else m.brief())
    # A label already used by another concept.
    r = op.post("/api/v1/bridge/concepts", {"id": f"cv.{marker}_dup", "kind": "disease",
                                            "zh": [clinical_zh], "en": [clinical_en]})
    results.check(r.status in (400, 409, 422), "Thesaurus.LabelOfAnotherConceptRefused", r.brief())
    world.thesaurus = {"clinical_en": clinical_en, "before": before, "clinical_id": clinical_id, "eng_id": eng_id}


# ---------------------------------------------------------------------------------------------
# 6. Durability of the index


def check_durability(server, world, results, marker, supplier, clin):
    token = f"{marker}k{random.randrange(1000, 9999)}"
    token2 = f"{marker}j{random.randrange(1000, 9999)}"
    s = world.client(supplier)
    r = s.post("/api/v1/capabilities", cap_body(f"Durable {token}", f"survives a kill {token}"))
    if not results.check(r.status == 201, "Durability.Create", r.brief()):
        return
    cap = r.json
    r = search(s, token)
    results.check(found(r, "capability", cap["id"]) is not None, "Durability.FoundBeforeKill", r.brief())
    # One written and killed at once, without a search in between.
    r = s.post("/api/v1/capabilities", cap_body(f"Durable at once {token2}", f"written just before the kill {token2}"))
    results.check(r.status == 201, "Durability.CreateJustBeforeKill", r.brief())
    cap2 = r.json if r.status == 201 else None
    pid = server.proc.pid
    server.kill()
    print(f"SIGKILLed pid {pid}", flush=True)
    server.start()
    world.forget()
    s = server.sign_in(supplier)
    r = search(s, token)
    h = found(r, "capability", cap["id"])
    results.check(h is not None and h["record"].get("title") == f"Durable {token}",
                  "Durability.FoundAfterKill", r.brief())
    if cap2:
        r = search(s, token2)
        results.check(found(r, "capability", cap2["id"]) is not None, "Durability.WriteJustBeforeKillFoundAfter",
                      r.brief())
    th = getattr(world, "thesaurus", None)
    if th:
        r = search(server.sign_in(clin), th["clinical_en"], limit=50)
        h = found(r, "capability", th["before"]["id"])
        results.check(h is not None and any(b.get("from", {}).get("id") == th["clinical_id"]
                                            for b in h["why"]["bridges"]),
                      "Durability.ThesaurusAdditionsSurviveKill",
                      json.dumps(h["why"], ensure_ascii=False)[:300] if h else r.brief())
    # Writes after the restart still reach the index.
    r = s.patch(f"/api/v1/capabilities/{cap['id']}", {"version": cap["version"], "title": "Durable renamed",
                                                        "description": "renamed"})
    results.check(r.status == 200, "Durability.PatchAfterRestart", r.brief())
    r = search(s, token)
    results.check(r.status == 200 and found(r, "capability", cap["id"]) is None,
                  "Durability.UpdateAfterRestartReachesIndex", r.brief())
    # and a clean restart keeps it so
    server.restart()
    world.forget()
    s = server.sign_in(supplier)
    r = search(s, token)
    results.check(r.status == 200 and found(r, "capability", cap["id"]) is None,
                  "Durability.RemovedWordStaysGoneAfterRestart", r.brief())
    if cap2:
        r = search(s, token2)
        results.check(found(r, "capability", cap2["id"]) is not None, "Durability.FoundAfterCleanRestart",
                      r.brief())


if __name__ == "__main__":
    main()
