#!/usr/bin/env python3
"""Projects, stage gates, KPIs and the collaboration network, from outside.

1. An operator starts a project from a demo need; a go that does not meet the gate is refused
   with 422 naming what is unmet; a go that does moves it on; hold, recycle and stop do what they
   say; a stopped project takes no more gates.
2. TRL history, milestones, outcomes, clinical feedback (clinicians) and responses (leads) land
   on the timeline in order; roles are enforced (403) and other tenants get 404.
3. An awarded proposal of the demo call becomes a project once (then 409), with its team,
   capabilities and the call's needs.
4. KPIs: the funnel, stops and outcomes agree with what was recorded here; CSV and XLSX exports;
   bad periods answer 400. The network links the organisations of shared projects and gives
   betweenness in [0, 1].
5. The stage model: tenant administrators change it (validated); operators may not.
"""

import io
import json
import os
import sys
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

ALL_CRITERIA = {"clinical_need_validated": True, "team": True}


def main():
    args = harness.arg_parser(__doc__.split("\n")[0]).parse_args()
    harness.setup(args)
    started = time.monotonic()
    results = harness.Results(args.verbose)
    server = harness.Server.fresh(args)
    try:
        run(server, results)
        run_pathway(server, results)
        openapi = server.client().get("/api/v1/openapi.json").json or {}
        harness.check_openapi_coverage(results, openapi, name="Projects.OpenApi")
    except Exception as e:
        import traceback
        traceback.print_exc()
        results.fail("Projects.Harness", repr(e))
    finally:
        r = None
        try:
            if server.alive():
                r = server.client().get("/api/v1/health")
        except OSError as e:
            results.fail("Projects.ServerStillAnswersHealth", repr(e))
        results.check(r is not None and r.status == 200, "Projects.ServerStillAnswersHealth",
                      r.brief() if r is not None else "no server")
        server.cleanup(failed=results.failed > 0)
    sys.exit(results.finish(started))


def run(server, results):
    check = results.check
    op = server.sign_in("operator@sh.yigong.demo")
    clin = server.sign_in("clinician@sh.yigong.demo")
    sup = server.sign_in("supplier@sh.yigong.demo")
    bj = server.sign_in("clinician@bj.yigong.demo")
    tadmin = server.sign_in("tenant-admin@sh.yigong.demo")
    sup_id = sup.get("/api/v1/auth/me").json["user"]["id"]

    r = op.get("/api/v1/stage-model")
    stages = r.json["stages"]
    check(r.status == 200 and len(stages) == 8 and stages[0]["id"] == "need_validated",
          "Projects.DefaultStages", r.brief())
    need = op.get("/api/v1/needs?limit=1&clinical_area=cardiovascular").json["items"][0]
    base = op.get("/api/v1/kpis").json  # the demo's own projects
    base_bj = bj.get("/api/v1/kpis").json
    base_funnel = {s["stage"]: s for s in base["funnel"]}

    # --- 1. create and gates
    r = sup.post("/api/v1/projects", {"title": "x"})
    check(r.is_error(403), "Projects.SupplierCannotStart", r.brief())
    r = op.post("/api/v1/projects", {"title": "", "needs": [need["id"]]})
    check(r.is_error(400, "invalid", "title"), "Projects.TitleRequired", r.brief())
    r = op.post("/api/v1/projects", {"title": "t", "needs": [999999]})
    check(r.is_error(422, "unprocessable", "needs"), "Projects.UnknownNeed", r.brief())
    r = op.post("/api/v1/projects", {"title": "房颤一站式术中监测", "summary": "PFA + ICE",
                                     "clinical_area": "cardiovascular", "needs": [need["id"]],
                                     "team": [{"user": sup_id, "name": "岳川", "role": "engineering lead"},
                                              {"name": "周明远", "role": "clinical lead"}],
                                     "trl": 3})
    check(r.status == 201 and r.json["stage"] == 0 and r.json["state"] == "active", "Projects.Create", r.brief())
    p = r.json
    pid = p["id"]
    r = op.post(f"/api/v1/projects/{pid}/gate", {"decision": "go", "reasons": "看起来不错"})
    check(r.is_error(422, "unprocessable", "decision") and "clinical" in r.error.get("message", ""),
          "Projects.GoRefusedWhenGateUnmet", r.brief())
    r = op.post(f"/api/v1/projects/{pid}/gate", {"decision": "go", "reasons": "x",
                                                 "criteria": {"no_such": True}})
    check(r.is_error(400, "invalid", "criteria.no_such"), "Projects.UnknownCriterion", r.brief())
    r = op.post(f"/api/v1/projects/{pid}/gate", {"decision": "maybe", "reasons": "x"})
    check(r.is_error(400, "invalid", "decision"), "Projects.BadDecision", r.brief())
    r = op.post(f"/api/v1/projects/{pid}/gate", {"decision": "go", "reasons": "需求已验证",
                                                 "criteria": ALL_CRITERIA,
                                                 "maturity": {"clinical": 2, "market": 1, "regulatory": 1,
                                                              "technical": 3}})
    check(r.status == 200 and r.json["stage"] == 1, "Projects.GoAdvances", r.brief())
    r = op.post(f"/api/v1/projects/{pid}/gate", {"decision": "hold", "reasons": "等待专利检索"})
    check(r.status == 200 and r.json["stage"] == 1, "Projects.HoldStays", r.brief())
    r = op.post(f"/api/v1/projects/{pid}/gate", {"decision": "recycle", "reasons": "需求需再验证"})
    check(r.status == 200 and r.json["stage"] == 0, "Projects.RecycleGoesBack", r.brief())
    r = sup.post(f"/api/v1/projects/{pid}/gate", {"decision": "go", "reasons": "x", "criteria": ALL_CRITERIA})
    check(r.is_error(403), "Projects.LeadCannotRecordGate", r.brief())
    r = op.post(f"/api/v1/projects/{pid}/gate", {"decision": "go", "reasons": "再次通过", "criteria": ALL_CRITERIA,
                                                 "reviewers": [me(op)]})
    check(r.status == 200 and r.json["stage"] == 1, "Projects.GoAgain", r.brief())

    # --- 2. TRL, milestones, outcomes, feedback, timeline, access
    r = sup.post(f"/api/v1/projects/{pid}/trl", {"trl": 4, "note": "台架验证"})
    check(r.status == 200 and r.json["trl"] == 4 and r.json["maturity"]["technical"] == 4,
          "Projects.LeadRecordsTrl", r.brief())
    r = sup.post(f"/api/v1/projects/{pid}/trl", {"trl": 12})
    check(r.is_error(400, "invalid", "trl"), "Projects.TrlRange", r.brief())
    r = sup.post(f"/api/v1/projects/{pid}/milestones", {"title": "动物实验", "due": "2027-06-30"})
    check(r.status == 201 and r.json["status"] == "open", "Projects.AddMilestone", r.brief())
    mid = r.json["id"]
    r = sup.patch(f"/api/v1/projects/{pid}/milestones/{mid}", {"status": "done"})
    check(r.status == 200 and r.json["status"] == "done", "Projects.MilestoneDone", r.brief())
    r = sup.patch(f"/api/v1/projects/{pid}/milestones/{mid}", {"status": "maybe"})
    check(r.is_error(400, "invalid", "status"), "Projects.MilestoneStatusChecked", r.brief())
    r = sup.post(f"/api/v1/projects/{pid}/milestones", {"title": "x", "due": "2027-02-30"})
    check(r.is_error(400, "invalid", "due"), "Projects.MilestoneDateChecked", r.brief())
    r = clin.post(f"/api/v1/projects/{pid}/milestones", {"title": "x", "due": "2027-01-30"})
    check(r.is_error(403), "Projects.NonLeadCannotPlan", r.brief())
    r = clin.post(f"/api/v1/projects/{pid}/feedback", {"iteration": "样机 v1", "sessions": 6,
                                                       "issues": [{"text": "导管弯曲半径不足", "severity": "high"},
                                                                  {"text": "界面字体偏小", "severity": "low"}]})
    check(r.status == 201, "Projects.ClinicianFeedback", r.brief())
    fid = (r.json or {}).get("id")
    r = clin.post(f"/api/v1/projects/{pid}/feedback", {"iteration": "v1", "sessions": 1,
                                                       "issues": [{"text": "x", "severity": "fatal"}]})
    check(r.is_error(400, "invalid", "issues[0].severity"), "Projects.SeverityChecked", r.brief())
    r = sup.post(f"/api/v1/projects/{pid}/feedback", {"iteration": "v1", "sessions": 1, "issues": []})
    check(r.is_error(403), "Projects.OnlyClinicians​GiveFeedback".replace("\u200b", ""), r.brief())
    r = sup.post(f"/api/v1/projects/{pid}/feedback/{fid}/response", {"text": "v2 将弯曲半径减小到 8 mm"})
    check(r.status == 201, "Projects.LeadResponds", r.brief())
    r = sup.post(f"/api/v1/projects/{pid}/feedback/999999/response", {"text": "x"})
    check(r.status == 404, "Projects.ResponseToUnknownFeedback", r.brief())
    r = op.post(f"/api/v1/projects/{pid}/outcomes", {"type": "company_formed", "date": "2026-10-01",
                                                     "note": "成立子公司"})
    check(r.status == 200 and len(r.json["outcomes"]) == 1, "Projects.Outcome", r.brief())
    r = op.post(f"/api/v1/projects/{pid}/outcomes", {"type": "ipo", "date": "2026-10-01"})
    check(r.is_error(400, "invalid", "type"), "Projects.OutcomeTypeChecked", r.brief())
    r = op.get(f"/api/v1/projects/{pid}/timeline")
    kinds = [e["kind"] for e in (r.json or {}).get("items", [])]
    check(r.status == 200 and kinds[0] == "created" and kinds.count("gate") == 4 and "feedback" in kinds
          and kinds.index("feedback") < kinds.index("response") and "outcome" in kinds and "trl" in kinds,
          "Projects.Timeline", str(kinds))
    r = bj.get(f"/api/v1/projects/{pid}")
    check(r.status == 404, "Projects.OtherTenant404", r.brief())
    r = bj.get(f"/api/v1/projects/{pid}/timeline")
    check(r.status == 404, "Projects.OtherTenantTimeline404", r.brief())
    r = clin.get(f"/api/v1/projects/{pid}")
    check(r.status == 200 and r.json["can_edit"] is False, "Projects.TenantMemberReads", r.brief())
    r = op.patch(f"/api/v1/projects/{pid}", {"version": 1, "title": "stale"})
    check(r.is_error(409, "conflict", "version"), "Projects.StaleVersion", r.brief())
    cur = op.get(f"/api/v1/projects/{pid}").json
    r = sup.patch(f"/api/v1/projects/{pid}", {"version": cur["version"], "summary": "脉冲电场 + 心腔内超声"})
    check(r.status == 200 and r.json["summary"].startswith("脉冲"), "Projects.LeadEdits", r.brief())

    # a second project that stops at the first gate
    r = op.post("/api/v1/projects", {"title": "停止的项目", "clinical_area": "cardiovascular"})
    stopped = r.json["id"]
    r = op.post(f"/api/v1/projects/{stopped}/gate", {"decision": "stop", "reasons": "临床价值不足"})
    check(r.status == 200 and r.json["state"] == "stopped", "Projects.Stop", r.brief())
    r = op.post(f"/api/v1/projects/{stopped}/gate", {"decision": "hold", "reasons": "x"})
    check(r.is_error(409, "conflict"), "Projects.StoppedTakesNoGates", r.brief())

    guest = server.sign_in("guest@sh.yigong.demo")
    r = guest.get(f"/api/v1/projects/{pid}")
    check(r.status == 404, "Projects.GuestSeesNoConsortiumProject", r.brief())
    r = guest.get("/api/v1/projects")
    check(r.status == 200 and all(x["tier"] == "public" for x in r.json["items"]), "Projects.GuestListsPublicOnly",
          r.brief())
    r = clin.get("/api/v1/projects?state=stopped")
    check(r.status == 200 and stopped in [x["id"] for x in r.json["items"]]
          and all(x["state"] == "stopped" for x in r.json["items"]), "Projects.ListFilters", r.brief())
    r = bj.get("/api/v1/projects")
    check(r.status == 200 and all(x["tenant"] != p["tenant"] or x["tier"] == "public" for x in r.json["items"])
          and pid not in [x["id"] for x in r.json["items"]], "Projects.ListTenantIsolated", r.brief())
    r = clin.get("/api/v1/projects?stage=x")
    check(r.is_error(400, "invalid", "stage"), "Projects.ListBadStage", r.brief())

    # --- 3. from an awarded proposal of the demo call
    call = op.get("/api/v1/calls?state=open").json["items"][0]
    props = op.get(f"/api/v1/calls/{call['id']}/proposals").json["items"]
    r = op.post(f"/api/v1/proposals/{props[0]['id']}/project")
    check(r.is_error(422, "unprocessable"), "Projects.OnlyAwardedBecomeProjects", r.brief())
    for to in ("closed", "in_review"):
        op.post(f"/api/v1/calls/{call['id']}/state", {"to": to})
    r = op.post(f"/api/v1/proposals/{props[0]['id']}/decision", {"outcome": "award", "reason": "第一名"})
    check(r.status == 200, "Projects.AwardDemoProposal", r.brief())
    r = op.post(f"/api/v1/proposals/{props[0]['id']}/project")
    check(r.status == 201 and r.json["proposal"] == props[0]["id"] and r.json["needs"] == call["needs"]
          and r.json["capabilities"] == props[0]["capabilities"] and len(r.json["team"]) >= 1,
          "Projects.FromAwardedProposal", r.brief())
    r = op.post(f"/api/v1/proposals/{props[0]['id']}/project")
    check(r.is_error(409, "conflict"), "Projects.ProposalBecomesOneProject", r.brief())
    r = sup.post(f"/api/v1/proposals/{props[0]['id']}/project")
    check(r.status == 404, "Projects.TeamCannotConvert", r.brief())

    # --- 4. KPIs and network
    r = op.get("/api/v1/kpis")
    k = r.json or {}
    check(r.status == 200 and k["projects"]["total"] == base["projects"]["total"] + 3
          and k["projects"]["stopped"] == base["projects"]["stopped"] + 1, "Projects.KpiProjects", r.brief())
    funnel = {s["stage"]: s for s in k.get("funnel", [])}
    check(funnel[0]["reached"] == base_funnel[0]["reached"] + 3
          and funnel[1]["reached"] == base_funnel[1]["reached"] + 1
          and funnel[0]["stopped"] == base_funnel[0]["stopped"] + 1
          and funnel[1]["current"] == base_funnel[1]["current"] + 1, "Projects.KpiFunnel",
          str(k.get("funnel"))[:400])
    check(all(funnel[s]["reached"] >= funnel[s + 1]["reached"] for s in range(len(funnel) - 1)),
          "Projects.FunnelNarrows", str(k.get("funnel"))[:400])
    check(k["outcomes"]["company_formed"] == base["outcomes"]["company_formed"] + 1
          and k["calls"]["awarded"] >= 1, "Projects.KpiOutcomes", str(k)[:400])
    check(sum(k["needs"]["by_area"].values()) > 0 and k["partners"], "Projects.KpiNeedsAndPartners", str(k)[:400])
    r = op.get("/api/v1/kpis?from=2026-12-01&to=2026-12-31")
    check(r.status == 200 and r.json["outcomes"]["company_formed"] == 0, "Projects.KpiPeriodFiltersOutcomes",
          r.brief())
    r = op.get("/api/v1/kpis?area=oncology")
    onc = [x for x in op.get("/api/v1/projects?area=oncology").json["items"] if x["tenant"] == p["tenant"]]
    check(r.status == 200 and r.json["projects"]["total"] == len(onc), "Projects.KpiAreaFilter", r.brief())
    for bad, field in [("from=2026-13-01", "from"), ("from=2027-01-01&to=2026-01-01", "to"),
                       ("area=astrology", "area"), ("scope=galaxy", "scope"), ("format=pdf", "format")]:
        r = op.get(f"/api/v1/kpis?{bad}")
        check(r.is_error(400, "invalid", field), f"Projects.KpiRejects.{field}", r.brief())
    r = op.get("/api/v1/kpis?format=csv")
    check(r.status == 200 and r.text.startswith("section,key,value") and "funnel" in r.text,
          "Projects.KpiCsv", r.brief())
    r = op.get("/api/v1/kpis?format=xlsx")
    ok = False
    try:
        ok = r.status == 200 and "funnel" in zipfile.ZipFile(io.BytesIO(r.body)).read(
            "xl/sharedStrings.xml").decode("utf-8")
    except Exception as e:  # noqa: BLE001
        print(e)
    check(ok, "Projects.KpiXlsx", r.brief(100))
    r = bj.get("/api/v1/kpis")
    check(r.status == 200 and r.json["projects"] == base_bj["projects"], "Projects.KpiTenantIsolated", r.brief())
    r = op.get("/api/v1/network")
    net = r.json or {}
    check(r.status == 200 and len(net.get("nodes", [])) >= 2 and net.get("links")
          and all(0 <= n["betweenness"] <= 1 for n in net["nodes"]), "Projects.Network", r.brief())
    check(any("project" in l["kinds"] or "proposal" in l["kinds"] for l in net.get("links", [])),
          "Projects.NetworkLinksKinds", str(net.get("links"))[:300])

    # --- 5. stage model
    model = op.get("/api/v1/stage-model").json
    r = op.request("PUT", "/api/v1/stage-model", model)
    check(r.is_error(403), "Projects.OperatorCannotChangeStages", r.brief())
    bad = {"stages": [model["stages"][0]]}
    r = tadmin.request("PUT", "/api/v1/stage-model", bad)
    check(r.is_error(400, "invalid", "stages"), "Projects.StageModelValidated", r.brief())
    model["stages"][1]["criteria"].append({"id": "ethics", "name": "伦理审查", "name_en": "Ethics review"})
    r = tadmin.request("PUT", "/api/v1/stage-model", model)
    check(r.status == 200 and any(c["id"] == "ethics" for c in r.json["stages"][1]["criteria"]),
          "Projects.TenantAdminChangesStages", r.brief())
    r = op.post(f"/api/v1/projects/{pid}/gate", {"decision": "go", "reasons": "x",
                                                 "criteria": {"technical_feasibility": True, "ip_position": True,
                                                              "regulatory_path_identified": True},
                                                 "maturity": {"clinical": 3, "market": 2, "regulatory": 2,
                                                              "technical": 4}})
    check(r.is_error(422, "unprocessable") and "Ethics" in r.error.get("message", ""),
          "Projects.NewCriterionEnforced", r.brief())


def run_pathway(server, results):
    """6. The pathway adviser: facts schema, classification citing rules, a plan, bad input."""
    check = results.check
    c = server.sign_in("supplier@sh.yigong.demo")
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    with open(os.path.join(root, "data", "pathway", "examples", "coronary_stent_facts.json"), encoding="utf-8") as f:
        stent = json.load(f)
    with open(os.path.join(root, "data", "pathway", "examples", "coronary_stent_plan.json"), encoding="utf-8") as f:
        plan = json.load(f)
    r = c.get("/api/v1/pathway/facts")
    check(r.status == 200 and isinstance(r.json, dict) and r.json, "Pathway.Facts", r.brief())
    r = c.post("/api/v1/pathway/classify", {"facts": stent})
    check(r.status == 200 and r.json["nmpa"]["class"] == "III" and r.json["nmpa"]["applied"]
          and r.json["mdr"]["class"] == "III", "Pathway.StentIsClassIII", r.brief())
    r = c.post("/api/v1/pathway/classify", {"facts": dict(stent, invasiveness="teleportation")})
    check(r.is_error(400, "invalid"), "Pathway.BadFactRejected", r.brief())
    r = c.post("/api/v1/pathway/classify", {"device": "stent"})
    check(r.is_error(400, "invalid"), "Pathway.NeedsFacts", r.brief())
    r = c.post("/api/v1/pathway/plan", plan)
    check(r.status == 200 and isinstance(r.json, dict) and r.json, "Pathway.Plan", r.brief())
    r = c.post("/api/v1/pathway/plan", {"markets": ["MARS"]})
    check(r.is_error(400, "invalid") or r.is_error(422), "Pathway.PlanRejectsBadMarket", r.brief())


def me(client):
    return client.get("/api/v1/auth/me").json["user"]["id"]


if __name__ == "__main__":
    main()
