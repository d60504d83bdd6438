#!/usr/bin/env python3
"""Calls and challenges, from outside: one full round on the demo data.

1. An operator creates a blind challenge (draft), opens it; illegal transitions answer 409, bad
   fields 400; a clinician of the other tenant cannot see the consortium-tier call (404).
2. Two supplier teams start and submit proposals; an ineligible team and a late submission are
   refused with 422; a team edits until the deadline; attachments keep their bytes and SHA-256,
   refuse other types (415), and answer 404 to a guessed token.
3. The operator closes the call and assigns reviewers (k = 3, at most 2 each, at least one
   clinician and one engineer): no pair with a recorded conflict, loads and mix respected; a pin
   on a conflicted pair is refused; settings no pool can meet are reported as shortfalls.
4. Reviewers see only their assigned proposals, blinded: no response they can reach names the
   applicant organisation, its people, or the team; a reviewer with a conflict gets 404.
5. Reviews (one harsh reviewer among them) → ranking: raw weighted means and per-reviewer
   z-scores recomputed here from the submitted scores; CSV and XLSX exports.
6. Decisions award one and reject the other, the teams are notified; the call moves to decided.
"""

import io
import json
import os
import statistics
import sys
import time
import zipfile
from datetime import datetime, timedelta, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

RUBRIC = {"template": "", "scale": 5, "criteria": [
    {"id": "significance", "name": "临床意义", "name_en": "Significance", "weight": 0.5,
     "levels": ["1 很弱", "2 弱", "3 中", "4 强", "5 很强"]},
    {"id": "feasibility", "name": "技术可行性", "name_en": "Feasibility", "weight": 0.3, "levels": []},
    {"id": "team", "name": "团队", "name_en": "Team", "weight": 0.2, "levels": []},
]}


def iso(dt):
    return dt.astimezone(timezone(timedelta(hours=8))).isoformat(timespec="seconds")


def call_body(**extra):
    now = datetime.now(timezone.utc)
    body = {"kind": "challenge", "title": "一站式房颤消融揭榜挂帅（测试）",
            "scope": "面向房颤一站式治疗：脉冲电场消融、心腔内超声与左心耳封堵的集成方案。",
            "reward": "最高 150 万元", "budget": 3000000, "currency": "CNY",
            "eligibility": {"org_types": ["company", "university", "research_institute"],
                            "regions": ["CN"], "trl_min": 3, "trl_max": 8},
            "opens_at": iso(now - timedelta(days=1)), "closes_at": iso(now + timedelta(days=30)),
            "time_zone": "Asia/Shanghai", "rubric": RUBRIC,
            "review": {"blind": True, "per_proposal": 3, "max_load": 2,
                       "mix": {"clinician": 1, "engineer": 1}, "coi_years": 3},
            "tier": "consortium"}
    body.update(extra)
    return body


def proposal_body(title, trl=5, **extra):
    body = {"title": title, "summary": "脉冲电场消融导管与心腔内超声融合标测，减少二次手术。",
            "budget": 1200000, "trl": trl,
            "team": [{"name": "岳川", "role": "engineering lead"}],
            "milestones": [{"title": "动物实验", "due": "2027-06-30", "budget": 400000}]}
    body.update(extra)
    return body


def main():
    args = harness.arg_parser(__doc__.split("\n")[0]).parse_args()
    harness.setup(args)
    started = time.monotonic()
    results = harness.Results(args.verbose)
    server = harness.Server.fresh(args)
    try:
        run(server, results)
        openapi = server.client().get("/api/v1/openapi.json").json or {}
        harness.check_openapi_coverage(results, openapi, name="Calls.OpenApi")
    except Exception as e:
        import traceback
        traceback.print_exc()
        results.fail("Calls.Harness", repr(e))
    finally:
        r = None
        try:
            if server.alive():
                r = server.client().get("/api/v1/health")
        except OSError as e:
            results.fail("Calls.ServerStillAnswersHealth", repr(e))
        results.check(r is not None and r.status == 200, "Calls.ServerStillAnswersHealth",
                      r.brief() if r is not None else "no server")
        server.cleanup(failed=results.failed > 0)
    sys.exit(results.finish(started))


def me(client):
    return client.get("/api/v1/auth/me").json["user"]


def run(server, results):
    check = results.check
    op = server.sign_in("operator@sh.yigong.demo")
    sup1 = server.sign_in("supplier@sh.yigong.demo")
    sup2 = server.sign_in("supplier2@sh.yigong.demo")
    clin = server.sign_in("clinician@sh.yigong.demo")
    bj = server.sign_in("clinician@bj.yigong.demo")
    reviewers = {e: server.sign_in(e) for e, u in server.users.items()
                 if u["role"] == "reviewer" and u["tenant"] == "sh-medtech"}
    check(len(reviewers) >= 6, "Calls.DemoHasReviewers", str(len(reviewers)))

    # --- templates and the demo call
    r = op.get("/api/v1/rubric-templates")
    ids = [t["id"] for t in (r.json or {}).get("items", [])]
    check(r.status == 200 and {"biodesign", "nih_cai", "coulter"} <= set(ids),
          "Calls.RubricTemplates", r.brief())
    for t in (r.json or {}).get("items", []):
        check(abs(sum(c["weight"] for c in t["criteria"]) - 1) < 1e-9, f"Calls.TemplateWeights.{t['id']}")
    r = clin.get("/api/v1/calls")
    check(r.status == 200 and any(c["state"] == "open" for c in r.json["items"]), "Calls.DemoCallListed",
          r.brief())
    check(all("proposals" not in c for c in r.json["items"]), "Calls.CountsOnlyForOperators")

    # --- 1. create, transitions, validation, visibility
    r = sup1.post("/api/v1/calls", call_body())
    check(r.is_error(403, "forbidden"), "Calls.SupplierCannotCreate", r.brief())
    for bad, field in [({"closes_at": "2020-01-01"}, "closes_at"),
                       ({"opens_at": "2027-01-01T00:00:00"}, "opens_at"),
                       ({"kind": "lottery"}, "kind"),
                       ({"rubric": dict(RUBRIC, criteria=RUBRIC["criteria"][:2])}, "rubric.criteria"),
                       ({"review": {"per_proposal": 1, "mix": {"clinician": 1, "engineer": 1}}}, "mix"),
                       ({"surprise": 1}, "surprise"),
                       ({"eligibility": {"trl_min": 7, "trl_max": 3}}, "eligibility.trl_min")]:
        r = op.post("/api/v1/calls", call_body(**bad))
        check(r.is_error(400, "invalid", field), f"Calls.CreateRejects.{field}", r.brief())
    r = op.post("/api/v1/calls", call_body())
    check(r.status == 201 and r.json["state"] == "draft", "Calls.Create", r.brief())
    call = r.json
    cid = call["id"]
    r = sup1.get(f"/api/v1/calls/{cid}")
    check(r.status == 404, "Calls.DraftHiddenFromSuppliers", r.brief())
    r = op.post(f"/api/v1/calls/{cid}/state", {"to": "in_review"})
    check(r.is_error(409, "conflict"), "Calls.IllegalTransitionRefused", r.brief())
    r = op.post(f"/api/v1/calls/{cid}/state", {"to": "open"})
    check(r.status == 200 and r.json["state"] == "open", "Calls.Open", r.brief())
    r = bj.get(f"/api/v1/calls/{cid}")
    check(r.status == 404, "Calls.OtherTenantCannotSeeConsortiumCall", r.brief())
    r = server.sign_in("guest@sh.yigong.demo").get(f"/api/v1/calls/{cid}")
    check(r.status == 404, "Calls.GuestCannotSeeConsortiumCall", r.brief())
    r = sup1.get(f"/api/v1/calls/{cid}")
    check(r.status == 200 and r.json["closes_at"].endswith("Z") and r.json["time_zone"] == "Asia/Shanghai",
          "Calls.SupplierSeesOpenCall", r.brief())

    # --- 2. proposals
    r = clin.post(f"/api/v1/calls/{cid}/proposals", proposal_body("clinician"))
    check(r.is_error(403, "forbidden"), "Calls.OnlySuppliersPropose", r.brief())
    r = sup1.post(f"/api/v1/calls/{cid}/proposals", proposal_body("", trl=5))
    check(r.is_error(400, "invalid", "title"), "Calls.ProposalNeedsTitle", r.brief())
    r = sup1.post(f"/api/v1/calls/{cid}/proposals", proposal_body("PFA + ICE 融合标测", trl=2))
    check(r.status == 201, "Calls.ProposalDraft", r.brief())
    p1 = r.json
    r = sup1.post(f"/api/v1/proposals/{p1['id']}/submit")
    check(r.is_error(422, "unprocessable", "eligibility") and "TRL" in r.error["message"],
          "Calls.IneligibleTrlRefused", r.brief())
    r = sup1.patch(f"/api/v1/proposals/{p1['id']}", {"version": p1["version"], "trl": 6})
    check(r.status == 200 and r.json["trl"] == 6, "Calls.TeamEditsBeforeDeadline", r.brief())
    r = sup1.patch(f"/api/v1/proposals/{p1['id']}", {"version": p1["version"], "trl": 6})
    check(r.is_error(409, "conflict", "version"), "Calls.StaleVersionRefused", r.brief())
    r = sup2.get(f"/api/v1/proposals/{p1['id']}")
    check(r.status == 404, "Calls.OtherTeamCannotReadProposal", r.brief())
    pdf = b"%PDF-1.4\n" + os.urandom(2048)
    r = sup1.request("POST", f"/api/v1/proposals/{p1['id']}/attachments?name=plan.pdf", raw=pdf,
                     content_type="application/pdf")
    import hashlib
    check(r.status == 201 and r.json["sha256"] == hashlib.sha256(pdf).hexdigest() and r.json["size"] == len(pdf),
          "Calls.AttachmentStored", r.brief())
    token = (r.json or {}).get("token", "")
    r = sup1.get(f"/api/v1/attachments/{token}")
    check(r.status == 200 and r.body == pdf and "attachment" in (r.header("Content-Disposition") or ""),
          "Calls.AttachmentBytesBack", r.brief())
    r = sup2.get(f"/api/v1/attachments/{token}")
    check(r.status == 404, "Calls.AttachmentHiddenFromOtherTeam", r.brief())
    r = sup1.get("/api/v1/attachments/" + "0" * 32)
    check(r.status == 404, "Calls.GuessedTokenNotFound", r.brief())
    r = sup1.request("POST", f"/api/v1/proposals/{p1['id']}/attachments?name=x.exe", raw=b"MZ\x90",
                     content_type="application/x-msdownload")
    check(r.is_error(415), "Calls.AttachmentTypeRefused", r.brief())
    r = sup1.request("POST", f"/api/v1/proposals/{p1['id']}/attachments?name=notes.txt", raw=b"draft notes",
                     content_type="text/plain")
    check(r.status == 201, "Calls.SecondAttachment", r.brief())
    r = sup1.delete(f"/api/v1/attachments/{r.json['token']}")
    check(r.status == 204, "Calls.AttachmentDeleted", r.brief())
    r = sup1.post(f"/api/v1/proposals/{p1['id']}/submit")
    check(r.status == 200 and r.json["state"] == "submitted", "Calls.Submit1", r.brief())
    r = sup1.post(f"/api/v1/calls/{cid}/proposals", proposal_body("withdrawn one"))
    r = sup1.post(f"/api/v1/proposals/{r.json['id']}/withdraw")
    check(r.status == 200 and r.json["state"] == "withdrawn", "Calls.Withdraw", r.brief())
    r = sup1.post(f"/api/v1/proposals/{r.json['id']}/submit")
    check(r.is_error(409, "conflict") or r.is_error(422), "Calls.WithdrawnCannotSubmit", r.brief())
    r = sup2.post(f"/api/v1/calls/{cid}/proposals", proposal_body("可变刚度微型 ICE 导管", trl=4,
                  team=[{"name": "章睿", "role": "engineering lead"}, {"name": "邱诗雨", "role": "member"}]))
    p2 = r.json
    r = sup2.post(f"/api/v1/proposals/{p2['id']}/submit")
    check(r.status == 200 and r.json["state"] == "submitted", "Calls.Submit2", r.brief())
    # eligibility by organisation type: a hospital-only call
    r = op.post("/api/v1/calls", call_body(title="医院专项", eligibility={"org_types": ["hospital"]}))
    hosp = r.json
    op.post(f"/api/v1/calls/{hosp['id']}/state", {"to": "open"})
    r = sup1.post(f"/api/v1/calls/{hosp['id']}/proposals", proposal_body("x"))
    r = sup1.post(f"/api/v1/proposals/{r.json['id']}/submit")
    check(r.is_error(422, "unprocessable", "eligibility") and "hospital" in r.error["message"],
          "Calls.IneligibleOrgTypeRefused", r.brief())
    # late: a call whose deadline passed
    now = datetime.now(timezone.utc)
    r = op.post("/api/v1/calls", call_body(title="已截止", opens_at=iso(now - timedelta(days=3)),
                                           closes_at=iso(now - timedelta(hours=1))))
    late = r.json
    op.post(f"/api/v1/calls/{late['id']}/state", {"to": "open"})
    r = sup1.post(f"/api/v1/calls/{late['id']}/proposals", proposal_body("late"))
    check(r.is_error(422, "unprocessable"), "Calls.LateSubmissionRefused", r.brief())

    # --- 3. close and assign
    r = op.post(f"/api/v1/calls/{cid}/assignment", {})
    check(r.is_error(409, "conflict"), "Calls.NoAssignmentWhileOpen", r.brief())
    r = op.post(f"/api/v1/calls/{cid}/state", {"to": "closed"})
    check(r.status == 200, "Calls.Close", r.brief())
    r = sup1.patch(f"/api/v1/proposals/{p1['id']}", {"version": p1["version"] + 1, "budget": 1})
    check(r.is_error(422, "unprocessable"), "Calls.NoEditAfterClose", r.brief())
    ids = {e: me(c)["id"] for e, c in reviewers.items()}
    r = op.get(f"/api/v1/calls/{cid}/reviewers")
    check(r.status == 200 and {i["user"] for i in r.json["items"]} == set(ids.values())
          and all(i["group"] in ("clinician", "engineer", "other") for i in r.json["items"]),
          "Calls.DefaultPoolIsTenantReviewers", r.brief())
    r = op.request("PUT", f"/api/v1/calls/{cid}/reviewers", {"users": [me(bj)["id"]]})
    check(r.is_error(422, "unprocessable", "users"), "Calls.PoolRejectsOtherTenant", r.brief())
    r = op.request("PUT", f"/api/v1/calls/{cid}/reviewers", {"users": sorted(ids.values())})
    check(r.status == 200 and len(r.json["items"]) == len(ids), "Calls.SetPool", r.brief())
    coauthor = ids["reviewer@sh.yigong.demo"]  # demo: co-authored with org-sjtu (p2's team)
    r = op.get(f"/api/v1/calls/{cid}/assignment")
    board = r.json
    check(r.status == 200 and len(board["proposals"]) == 2 and len(board["reviewers"]) == len(reviewers),
          "Calls.Board", r.brief())
    conflicted = {(c["proposal"], c["reviewer"]) for c in board["cells"] if c["conflicts"]}
    check((p2["id"], coauthor) in conflicted, "Calls.BoardMarksCoauthorConflict",
          json.dumps([c for c in board["cells"] if c["reviewer"] == coauthor], ensure_ascii=False))
    r = op.post(f"/api/v1/calls/{cid}/assignment", {"pins": [{"proposal": p2["id"], "reviewer": coauthor}]})
    check(r.is_error(422, "unprocessable", "pins"), "Calls.PinOnConflictRefused", r.brief())
    r = op.post(f"/api/v1/calls/{cid}/assignment", {"per_proposal": 3, "max_load": 2,
                                                    "mix": {"clinician": 3}})
    check(r.status == 200 and not r.json["complete"] and r.json["shortfalls"],
          "Calls.InfeasibleMixExplained", r.brief())
    r = op.post(f"/api/v1/calls/{cid}/assignment", {"per_proposal": 3, "max_load": 2,
                                                    "mix": {"clinician": 1, "engineer": 1}})
    board = r.json
    check(r.status == 200 and board["complete"], "Calls.AssignComplete", r.brief())
    groups = {rv["user"]: rv["group"] for rv in board["reviewers"]}
    assigned = [(c["proposal"], c["reviewer"]) for c in board["cells"] if c["assigned"]]
    check(not (set(assigned) & conflicted), "Calls.NoConflictedPairAssigned", str(assigned))
    for pid in (p1["id"], p2["id"]):
        mine = [rv for (p, rv) in assigned if p == pid]
        check(len(mine) == 3, f"Calls.KReviewers.{pid}", str(mine))
        check(any(groups[x] == "clinician" for x in mine) and any(groups[x] == "engineer" for x in mine),
              f"Calls.MixRespected.{pid}", str([groups[x] for x in mine]))
    loads = {}
    for _, rv in assigned:
        loads[rv] = loads.get(rv, 0) + 1
    check(max(loads.values()) <= 2, "Calls.LoadRespected", str(loads))
    r = reviewers["reviewer2@sh.yigong.demo"].get(f"/api/v1/calls/{cid}/assignment")
    check(r.status == 403, "Calls.ReviewerCannotSeeBoard", r.brief())

    # --- 4. blind review: no identity leaks
    r = op.post(f"/api/v1/calls/{cid}/state", {"to": "in_review"})
    check(r.status == 200, "Calls.InReview", r.brief())
    org_names = set()
    for p in (p1, p2):
        d = op.get(f"/api/v1/proposals/{p['id']}").json
        org_names.add(d["org"]["name"])
    secrets = org_names | {"岳川", "章睿", "邱诗雨", "supplier@sh.yigong.demo", "supplier2@sh.yigong.demo",
                           '"org":', '"team":[', '"created_by":', '"attachments":', token}
    for email, c in reviewers.items():
        uid = ids[email]
        for path in ["/api/v1/reviews/mine", f"/api/v1/calls/{cid}/proposals", f"/api/v1/calls/{cid}",
                     f"/api/v1/proposals/{p1['id']}", f"/api/v1/proposals/{p2['id']}",
                     "/api/v1/notifications"]:
            r = c.get(path)
            leaked = [s for s in secrets if s in r.text]
            check(not leaked, f"Calls.BlindNoLeak.{email}.{path}", str(leaked))
        for p in (p1, p2):
            r = c.get(f"/api/v1/proposals/{p['id']}")
            should = (p["id"], uid) in assigned
            check((r.status == 200) == should, f"Calls.ReviewerSeesOnlyAssigned.{email}.{p['id']}", r.brief())
            if should:
                check(r.json["blind"] is True, f"Calls.BlindFlag.{email}", r.brief())
        r = c.get(f"/api/v1/attachments/{token}")
        check(r.status == 404, f"Calls.BlindNoAttachment.{email}", r.brief())
        r = c.get(f"/api/v1/calls/{cid}/ranking")
        check(r.status == 403, f"Calls.ReviewerCannotRank.{email}", r.brief())
    r = reviewers["reviewer@sh.yigong.demo"].get(f"/api/v1/proposals/{p2['id']}")
    check(r.status == 404, "Calls.ConflictedReviewerGets404", r.brief())
    mine = reviewers["reviewer@sh.yigong.demo"].get("/api/v1/reviews/mine").json["items"]
    check(all(i["proposal"]["id"] != p2["id"] for i in mine), "Calls.ConflictedProposalNotListed")

    # --- 5. reviews and ranking
    by_reviewer = {}
    for p, uid in assigned:
        by_reviewer.setdefault(uid, []).append(p)
    email_of = {v: k for k, v in ids.items()}
    harsh = sorted(by_reviewer)[0]
    submitted = {}  # (proposal, reviewer) → weighted
    first = True
    for uid, props in sorted(by_reviewer.items()):
        c = reviewers[email_of[uid]]
        for pid in props:
            base = 4 if pid == p1["id"] else 3
            if uid == harsh:
                base -= 2
            scores = {"significance": base, "feasibility": max(1, base - 1), "team": base}
            if first:
                r = c.put(f"/api/v1/proposals/{pid}/review", {"scores": {"significance": 9}}) \
                    if hasattr(c, "put") else c.request("PUT", f"/api/v1/proposals/{pid}/review",
                                                        {"scores": {"significance": 9}})
                check(r.is_error(400, "invalid", "scores.significance"), "Calls.ReviewScoreOutOfScale", r.brief())
                r = c.request("PUT", f"/api/v1/proposals/{pid}/review",
                              {"scores": {"significance": 3}, "submit": True})
                check(r.is_error(400, "invalid", "scores.feasibility"), "Calls.SubmitNeedsEveryCriterion",
                      r.brief())
                first = False
            r = c.request("PUT", f"/api/v1/proposals/{pid}/review",
                          {"scores": scores, "comment": "ok", "submit": True})
            check(r.status == 200 and r.json["submitted"], f"Calls.ReviewSubmitted.{uid}.{pid}", r.brief())
            r = c.get(f"/api/v1/proposals/{pid}/review")
            check(r.status == 200 and r.json["scores"] == scores, f"Calls.ReviewReadBack.{uid}.{pid}", r.brief())
            submitted[(pid, uid)] = 0.5 * scores["significance"] + 0.3 * scores["feasibility"] + 0.2 * scores["team"]
    r = op.get(f"/api/v1/calls/{cid}/ranking")
    check(r.status == 200 and len(r.json["items"]) == 2, "Calls.Ranking", r.brief())
    z = {}
    for uid in by_reviewer:
        xs = [w for (p, u), w in submitted.items() if u == uid]
        m = statistics.fmean(xs)
        sd = statistics.pstdev(xs)
        for (p, u), w in submitted.items():
            if u == uid:
                z[(p, u)] = (w - m) / sd if len(xs) > 1 and sd > 1e-9 else 0.0
    for item in r.json["items"]:
        pid = item["proposal"]["id"]
        ws = [w for (p, u), w in submitted.items() if p == pid]
        zs = [v for (p, u), v in z.items() if p == pid]
        check(abs(item["raw"] - round(statistics.fmean(ws), 3)) < 1e-6, f"Calls.RawMean.{pid}",
              f"{item['raw']} vs {statistics.fmean(ws)}")
        check(abs(item["normalised"] - round(statistics.fmean(zs), 3)) < 1e-6, f"Calls.ZScoreMean.{pid}",
              f"{item['normalised']} vs {statistics.fmean(zs)}")
        check(item["disagreement"] == (max(ws) - min(ws) > 5 / 4), f"Calls.Disagreement.{pid}",
              json.dumps(item, ensure_ascii=False))
    check(r.json["items"][0]["proposal"]["id"] == p1["id"] and r.json["items"][0]["rank"] == 1,
          "Calls.RankOrder", r.brief())
    r = op.get(f"/api/v1/calls/{cid}/ranking?format=csv")
    lines = r.text.strip().splitlines()
    check(r.status == 200 and lines[0].startswith("rank,proposal") and len(lines) == 3, "Calls.RankingCsv",
          r.brief())
    r = op.get(f"/api/v1/calls/{cid}/ranking?format=xlsx")
    ok = False
    if r.status == 200:
        try:
            zf = zipfile.ZipFile(io.BytesIO(r.body))
            sheet = zf.read("xl/worksheets/sheet1.xml").decode("utf-8")
            strings = zf.read("xl/sharedStrings.xml").decode("utf-8")
            ok = "normalised" in strings and "<row" in sheet
        except Exception as e:  # noqa: BLE001
            print(e)
    check(ok, "Calls.RankingXlsx", r.brief(100))
    r = op.get(f"/api/v1/calls/{cid}/ranking?format=pdf")
    check(r.is_error(400, "invalid", "format"), "Calls.RankingBadFormat", r.brief())

    # recusal: a reviewer declares a conflict and the proposal disappears for them
    rec_uid = [u for (p, u) in assigned if p == p2["id"]][0]
    rc = reviewers[email_of[rec_uid]]
    r = rc.post(f"/api/v1/proposals/{p2['id']}/recuse", {"reason": "former student of the team lead"})
    check(r.status == 204, "Calls.Recuse", r.brief())
    r = rc.get(f"/api/v1/proposals/{p2['id']}")
    check(r.status == 404, "Calls.RecusedReviewerLosesAccess", r.brief())

    # --- 6. decisions and notifications
    r = op.post(f"/api/v1/calls/{cid}/state", {"to": "decided"})
    check(r.is_error(422, "unprocessable"), "Calls.DecidedNeedsDecisions", r.brief())
    r = sup1.post(f"/api/v1/proposals/{p1['id']}/decision", {"outcome": "award", "reason": "x"})
    check(r.status in (403, 404), "Calls.TeamCannotDecide", r.brief())
    r = op.post(f"/api/v1/proposals/{p1['id']}/decision", {"outcome": "maybe", "reason": "x"})
    check(r.is_error(400, "invalid", "outcome"), "Calls.DecisionOutcomeChecked", r.brief())
    r = op.post(f"/api/v1/proposals/{p1['id']}/decision", {"outcome": "award", "reason": "最高规范化得分"})
    check(r.status == 200 and r.json["state"] == "awarded", "Calls.Award", r.brief())
    r = op.post(f"/api/v1/proposals/{p2['id']}/decision", {"outcome": "reject", "reason": "技术成熟度不足"})
    check(r.status == 200 and r.json["state"] == "rejected", "Calls.Reject", r.brief())
    r = sup1.get("/api/v1/notifications")
    check(r.status == 200 and r.json["unread"] >= 1 and any(n["kind"] == "decision" for n in r.json["items"]),
          "Calls.TeamNotified", r.brief())
    n = r.json["items"][0]
    r = sup1.post(f"/api/v1/notifications/{n['id']}/read")
    check(r.status == 204, "Calls.NotificationRead", r.brief())
    r = sup2.post(f"/api/v1/notifications/{n['id']}/read")
    check(r.status == 404, "Calls.OthersNotificationNotFound", r.brief())
    r = op.post(f"/api/v1/calls/{cid}/state", {"to": "decided"})
    check(r.status == 200 and r.json["state"] == "decided", "Calls.Decided", r.brief())
    r = op.patch(f"/api/v1/calls/{cid}", {"version": r.json["version"], "title": "late change"})
    check(r.is_error(409, "conflict"), "Calls.DecidedCallFrozen", r.brief())

    # --- conflicts API
    r = clin.post("/api/v1/conflicts", {"kind": "declared", "user": ids["reviewer2@sh.yigong.demo"], "org": 1})
    check(r.is_error(403), "Calls.CannotDeclareForOthers", r.brief())
    r = clin.post("/api/v1/conflicts", {"kind": "friendship", "org": 1})
    check(r.is_error(400, "invalid", "kind"), "Calls.ConflictKindChecked", r.brief())
    r = clin.post("/api/v1/conflicts", {"kind": "declared", "org": p1 and op.get(f"/api/v1/proposals/{p1['id']}").json["org"]["id"],
                                        "note": "顾问"})
    check(r.status == 201, "Calls.DeclareOwnConflict", r.brief())
    r = clin.get("/api/v1/conflicts")
    check(r.status == 200 and len(r.json["items"]) == 1, "Calls.ListOwnConflicts", r.brief())
    r = clin.delete(f"/api/v1/conflicts/{r.json['items'][0]['id']}")
    check(r.status == 204, "Calls.DeleteOwnConflict", r.brief())

    # --- the audit log holds the round
    admin = server.sign_in("admin@yigong.demo")
    head = admin.get("/api/v1/audit/verify").json.get("events", 0)  # the newest 500 events
    r = admin.get(f"/api/v1/audit?limit=500&after={max(0, head - 500)}")
    actions = {(e["kind"], e["action"]) for e in (r.json or {}).get("items", [])}
    for want in [("call", "create"), ("call", "assign"), ("proposal", "submit"), ("proposal", "decide"),
                 ("proposal", "review_submit"), ("proposal", "recuse")]:
        check(want in actions, f"Calls.Audited.{want[0]}.{want[1]}", str(sorted(actions))[:300])
    r = admin.get("/api/v1/audit/verify")
    check(r.status == 200 and r.json.get("ok"), "Calls.AuditChainIntact", r.brief())


if __name__ == "__main__":
    main()
