#!/usr/bin/env python3
"""Import and export through the API.

Import is all or nothing: a CSV with one bad row answers 422 naming the physical line and the
field, and writes nothing (record counts before == after); the same file fixed answers 201.
dry_run checks without writing. JSON documents may reference organisations of the same document
and owners by e-mail. Export (CSV and JSON) holds exactly what the caller may see: the same ids
as the caller's list, teasers redacted.
"""

import csv
import io
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def main():
    args = harness.arg_parser(__doc__.split("\n")[0]).parse_args()
    harness.setup(args)
    started = time.monotonic()
    results = harness.Results(args.verbose)
    server = harness.Server.fresh(args)
    try:
        run(server, results)
    except Exception as e:
        import traceback
        traceback.print_exc()
        results.fail("ImportExport.Harness", repr(e))
    finally:
        results.check(server.alive(), "ImportExport.ServerAlive", server.log_tail())
        server.cleanup(failed=results.failed > 0)
    sys.exit(results.finish(started))


def list_ids(client, kind, query=None):
    ids = []
    cursor = None
    for _ in range(100):
        q = dict(query or {}, limit=100)
        if cursor:
            q["cursor"] = cursor
        r = client.get(f"/api/v1/{kind}?" + urllib.parse.urlencode(q))
        if r.status != 200:
            raise RuntimeError(r.brief())
        ids += [i["id"] for i in r.json["items"]]
        cursor = r.json["next_cursor"]
        if not cursor:
            break
    return ids


def run(server, results):
    marker = harness.free_name("ie")
    op = server.sign_in("operator@sh.yigong.demo")
    admin = server.sign_in("admin@yigong.demo")
    clin = server.sign_in("clinician@sh.yigong.demo")

    def counts():
        r = admin.get("/api/v1/stats")
        return r.json["counts"]

    def check(cond, name, r=None, detail=""):
        results.check(cond, name, detail or (r.brief(800) if r is not None else ""))

    # ---- CSV with one bad row: 422, the line and field, nothing written
    header = "title,problem,population,outcome,clinical_area,care_stage,language,must_have,population_size,tier,key\r\n"
    good1 = f'{marker} one,"A problem\r\nthat spans two lines",adults,reduce time by 30%,cardiovascular,diagnosis,en,safe|cheap,1000,consortium,{marker}-1\r\n'
    good2 = f"{marker} two,late diagnosis,children,reduce time by 2 days,oncology,screening,en,,,public,{marker}-2\r\n"
    bad3 = f"{marker} three,falls,elderly,reduce falls by 20%,dermatology,treatment,en,,,consortium,{marker}-3\r\n"
    fixed3 = f"{marker} three,falls,elderly,reduce falls by 20%,orthopaedics,treatment,en,,,consortium,{marker}-3\r\n"
    before = counts()
    r = op.post("/api/v1/import?kind=needs", raw=header + good1 + good2 + bad3, content_type="text/csv")
    errs = r.json.get("errors") if isinstance(r.json, dict) else None
    check(r.status == 422 and r.error.get("code") == "unprocessable", "Csv.BadRowIs422", r)
    check(errs == [{"line": 5, "item": "row 3", "field": "clinical_area", "message": errs[0]["message"] if errs else None}],
          "Csv.ErrorNamesThePhysicalLineAndField", r,
          f"errors {errs}; the bad row starts on line 5 (line 2-3 hold a quoted newline)")
    check(r.json.get("written") is False if isinstance(r.json, dict) else False, "Csv.ReportSaysNotWritten", r)
    check(counts() == before, "Csv.BadRowWritesNothing", detail=f"{before} → {counts()}")
    check(list_ids(op, "needs", {"q": marker}) == [], "Csv.NoRowOfTheFileIsVisible")

    r = op.post("/api/v1/import?kind=needs", raw=header + good1 + bad3 + bad3.replace(marker + "-3", marker + "-4"),
                content_type="text/csv")
    lines = [e["line"] for e in (r.json or {}).get("errors", [])]
    check(r.status == 422 and lines == [4, 5], "Csv.EveryBadRowIsReported", r, f"lines {lines}")

    r = op.post("/api/v1/import?kind=needs&dry_run=true", raw=header + good1 + good2 + fixed3,
                content_type="text/csv")
    check(r.status == 200 and r.json.get("dry_run") is True and r.json.get("written") is False
          and r.json.get("rows") == {"needs": 3} and r.json.get("errors") == [],
          "Csv.DryRunChecksTheFixedFile", r)
    check(counts() == before, "Csv.DryRunWritesNothing")

    r = op.post("/api/v1/import?kind=needs", raw=header + good1 + good2 + fixed3, content_type="text/csv")
    check(r.status == 201 and r.json.get("written") is True and r.json.get("rows") == {"needs": 3},
          "Csv.FixedFileIs201", r)
    after = counts()
    check(after["needs"] == before["needs"] + 3 and
          {k: v for k, v in after.items() if k != "needs"} == {k: v for k, v in before.items() if k != "needs"},
          "Csv.WritesExactlyItsRows", detail=f"{before} → {after}")
    r = op.get("/api/v1/needs?" + urllib.parse.urlencode({"q": marker + " one"}))
    item = r.json["items"][0] if r.status == 200 and r.json["items"] else {}
    check(item.get("problem") == "A problem\r\nthat spans two lines" or item.get("problem") == "A problem\nthat spans two lines",
          "Csv.QuotedNewlineKept", r)
    check(item.get("must_have") == ["safe", "cheap"] and item.get("population_size") == 1000
          and item.get("key") == f"{marker}-1" and item.get("tier") == "consortium",
          "Csv.ListsIntegersKeysAndTiers", r)
    r = op.post("/api/v1/import?kind=needs", raw=header + good1, content_type="text/csv")
    errs = (r.json or {}).get("errors", [])
    check(r.status == 422 and errs and errs[0].get("field") == "key", "Csv.ReimportingTheSameKeyIs422", r)

    # ---- CSV shape errors
    for label, text, status in [
            ("Empty", "", 400), ("HeaderOnly", header, 400),
            ("DuplicateColumn", "name,name\r\nx,y\r\n", 400),
            ("EmptyColumnName", "name,,type\r\nx,y,hospital\r\n", 400),
            # parse_csv has a branch for this ("CSV ends inside a quoted field")
            ("UnterminatedQuote", 'name,type\r\n"x,hospital\r\n', 400)]:
        r = op.post("/api/v1/import?kind=organisations", raw=text, content_type="text/csv")
        check(r.status == status and r.error.get("code") == "invalid", f"Csv.{label}Is{status}", r)
    # An unclosed quote in the last field must not swallow the rows after it into that field.
    before = counts()
    r = op.post("/api/v1/import?kind=organisations",
                raw=f'name,type,description\r\n{marker} A,hospital,"unclosed\r\n{marker} B,hospital,fine\r\n',
                content_type="text/csv")
    check(r.status == 400 and counts() == before, "Csv.UnclosedQuoteDoesNotSwallowRows", r)
    r = op.post("/api/v1/import?kind=organisations", raw="name,type\r\nx,hospital,extra\r\n",
                content_type="text/csv")
    errs = (r.json or {}).get("errors", [])
    check(r.status == 422 and errs and errs[0].get("line") == 2, "Csv.WrongCellCountIs422", r)
    r = op.post("/api/v1/import?kind=organisations", raw="name,type,colour\r\nx,hospital,red\r\n",
                content_type="text/csv")
    errs = (r.json or {}).get("errors", [])
    check(r.status == 422 and errs and errs[0].get("field") == "colour", "Csv.UnknownColumnIs422", r)
    r = op.post("/api/v1/import?kind=capabilities", raw="title,type,trl,language\r\nx,product,high,en\r\n",
                content_type="text/csv")
    errs = (r.json or {}).get("errors", [])
    check(r.status == 422 and errs and errs[0].get("field") == "trl", "Csv.NonIntegerCellIs422", r)
    r = op.post("/api/v1/import?kind=organisations",
                raw="\ufeffname,type\r\n" + f"{marker} bom org,hospital\r\n", content_type="text/csv; charset=utf-8")
    check(r.status == 201, "Csv.ByteOrderMarkIsSkipped", r)
    r = op.post("/api/v1/import?kind=organisations",
                raw="name,type\n" + f"{marker} lf org,university\n\n", content_type="text/csv")
    check(r.status == 201 and r.json.get("rows") == {"organisations": 1}, "Csv.LfLinesAndTrailingBlankLine", r)
    r = clin.post("/api/v1/import?kind=needs", raw=header + good2.replace(marker + "-2", marker + "-c"),
                  content_type="text/csv")
    check(r.status == 403, "Csv.ClinicianMayNotImport", r)

    # ---- JSON documents
    doc = {
        "organisations": [{"name": f"{marker} 医院", "type": "hospital", "key": f"{marker}-org",
                           "tier": "consortium"}],
        "people": [{"name": f"{marker} 专家", "org": f"{marker}-org", "discipline": "clinician",
                    "expertise": ["房颤"]}],
        "needs": [{"title": f"{marker} json need", "problem": "p", "population": "q",
                   "outcome": "reduce time by 10%", "clinical_area": "other",
                   "care_stage": "diagnosis", "language": "zh-Hans", "org": f"{marker}-org",
                   "owner": "clinician@sh.yigong.demo", "tier": "private", "key": f"{marker}-jn"}],
        "capabilities": [{"title": f"{marker} json cap", "type": "service", "trl": 2,
                          "language": "en", "owner": "supplier@sh.yigong.demo"}],
    }
    bad_doc = json.loads(json.dumps(doc))
    bad_doc["needs"].append({"title": f"{marker} bad", "problem": "p", "population": "q",
                             "outcome": "x", "clinical_area": "other", "care_stage": "later",
                             "language": "en"})
    bad_doc["capabilities"][0]["trl"] = 11
    before = counts()
    r = op.post("/api/v1/import", bad_doc)
    errs = (r.json or {}).get("errors", [])
    got = sorted((e.get("item"), e.get("field")) for e in errs)
    check(r.status == 422 and got == [("capabilities[0]", "trl"), ("needs[1]", "care_stage")],
          "Json.BadItemsAre422WithItemAndField", r, f"errors {errs}")
    check(counts() == before, "Json.BadItemWritesNothing")
    r = op.post("/api/v1/import", {"needs": doc["needs"] + doc["needs"]})
    errs = (r.json or {}).get("errors", [])
    check(r.status == 422 and any(e.get("field") == "key" for e in errs),
          "Json.KeyTwiceInADocumentIs422", r)
    r = op.post("/api/v1/import", {"needs": [dict(doc["needs"][0], org="no-such-org")]})
    errs = (r.json or {}).get("errors", [])
    check(r.status == 422 and errs and errs[0].get("field") == "org", "Json.UnknownOrgKeyIs422", r)
    no_org = {k: v for k, v in doc["needs"][0].items() if k != "org"}
    r = op.post("/api/v1/import", {"needs": [dict(no_org, owner="nobody@sh.yigong.demo")]})
    errs = (r.json or {}).get("errors", [])
    check(r.status == 422 and errs and errs[0].get("field") == "owner", "Json.UnknownOwnerIs422", r)
    r = op.post("/api/v1/import", {"spaceships": []})
    check(r.status == 400 and r.error.get("field") == "spaceships", "Json.UnknownSectionIs400", r)
    r = op.post("/api/v1/import", {"needs": {}})
    check(r.status == 400 and r.error.get("field") == "needs", "Json.SectionMustBeAnArray", r)
    r = op.post("/api/v1/import", {"needs": []})
    check(r.status == 400, "Json.NoRowsIs400", r)
    r = op.post("/api/v1/import", {"needs": [dict(doc["needs"][0], version=3)]})
    errs = (r.json or {}).get("errors", [])
    check(r.status == 422 and errs and errs[0].get("field") == "version", "Json.VersionIsRefused", r)
    check(counts() == before, "Json.RefusedDocumentsWroteNothing")

    r = op.post("/api/v1/import?dry_run=true", doc)
    check(r.status == 200 and r.json.get("written") is False and r.json.get("rows") ==
          {"organisations": 1, "people": 1, "needs": 1, "capabilities": 1}, "Json.DryRun", r)
    check(counts() == before, "Json.DryRunWritesNothing")
    r = op.post("/api/v1/import", doc)
    check(r.status == 201 and r.json.get("written") is True, "Json.ImportIs201", r)
    after = counts()
    check(all(after[k] == before[k] + 1 for k in before), "Json.OneRecordPerItem",
          detail=f"{before} → {after}")
    org = op.get("/api/v1/organisations?" + urllib.parse.urlencode({"q": f"{marker} 医院"})).json["items"]
    org_id = org[0]["id"] if org else None
    me = clin.get("/api/v1/auth/me").json["user"]
    r = clin.get("/api/v1/needs?" + urllib.parse.urlencode({"q": f"{marker} json need"}))
    items = r.json["items"] if r.status == 200 else []
    check(len(items) == 1 and items[0]["org_id"] == org_id and items[0]["created_by"] == me["id"]
          and items[0]["tier"] == "private" and items[0]["can_edit"] is True,
          "Json.OrgKeyAndOwnerResolved", r, f"org {org_id}, me {me['id']}: {r.brief()}")
    r = op.get("/api/v1/needs?" + urllib.parse.urlencode({"q": f"{marker} json need"}))
    check(r.status == 200 and r.json["items"] == [], "Json.PrivateImportHiddenFromOtherOrganisations", r)
    r = op.get("/api/v1/people?" + urllib.parse.urlencode({"q": f"{marker} 专家"}))
    check(r.status == 200 and len(r.json["items"]) == 1 and r.json["items"][0]["org_id"] == org_id,
          "Json.PersonInTheDocumentsOrganisation", r)

    # ---- export holds exactly what the caller may see
    for email in ("clinician@sh.yigong.demo", "clinician2@sh.yigong.demo", "guest@sh.yigong.demo",
                  "investor@sh.yigong.demo", "operator@sh.yigong.demo", "clinician@bj.yigong.demo",
                  "admin@yigong.demo"):
        c = server.sign_in(email)
        for kind in ("organisations", "people", "needs", "capabilities"):
            ids = list_ids(c, kind)
            r = c.get(f"/api/v1/export/{kind}?format=json")
            jd = r.json if r.status == 200 else {}
            jids = [i["id"] for i in jd.get(kind, [])]
            check(r.status == 200 and jids == ids, f"Export.Json[{email}|{kind}]SameAsList", r,
                  f"{len(jids)} exported vs {len(ids)} listed; extra {sorted(set(jids) - set(ids))[:5]} missing {sorted(set(ids) - set(jids))[:5]}")
            check((r.header("Content-Type") or "").startswith("application/json")
                  and r.header("Content-Disposition") == f'attachment; filename="{kind}.json"',
                  f"Export.Json[{email}|{kind}]Headers", r)
            r = c.get(f"/api/v1/export/{kind}?format=csv")
            rows = list(csv.DictReader(io.StringIO(r.text))) if r.status == 200 else []
            cids = [int(x["id"]) for x in rows]
            check(r.status == 200 and cids == ids, f"Export.Csv[{email}|{kind}]SameAsList", r,
                  f"{len(cids)} exported vs {len(ids)} listed")
            check((r.header("Content-Type") or "").startswith("text/csv")
                  and r.header("Content-Disposition") == f'attachment; filename="{kind}.csv"',
                  f"Export.Csv[{email}|{kind}]Headers", r)
            by_id = {i["id"]: i for i in jd.get(kind, [])}
            mism = [x["id"] for x in rows if x.get("teaser") != json.dumps(by_id.get(int(x["id"]), {}).get("teaser"))]
            check(not mism, f"Export.Csv[{email}|{kind}]TeaserColumnAgreesWithJson", detail=f"ids {mism[:5]}")
            if kind == "needs":
                leaked = [x["id"] for x in rows if x["teaser"] == "true" and (x["problem"] or x["population"] or x["outcome"] or x["key"])]
                check(not leaked, f"Export.Csv[{email}|needs]TeasersRedacted", detail=f"ids {leaked[:5]}")
    r = op.get("/api/v1/export/needs?format=csv&tier=nda")
    rows = list(csv.DictReader(io.StringIO(r.text))) if r.status == 200 else []
    check(r.status == 200 and rows and all(x["tier"] == "nda" for x in rows), "Export.FiltersApply", r)
    r = op.get("/api/v1/export/needs?" + urllib.parse.urlencode({"format": "csv", "q": marker + " one"}))
    rows = list(csv.DictReader(io.StringIO(r.text))) if r.status == 200 else []
    check(len(rows) == 1 and rows[0]["must_have"] == "safe|cheap" and rows[0]["population_size"] == "1000",
          "Export.CsvListsAndIntegers", r)
    head = next(csv.reader(io.StringIO(r.text)), [])
    check(head[:9] == ["id", "key", "tier", "org_id", "version", "created_at", "updated_at",
                       "teaser", "title"] and r.text.endswith("\r\n"), "Export.CsvHeaderAndLineEnds", r)
    r = server.client().get("/api/v1/export/needs?format=csv")
    check(r.status == 401, "Export.AnonymousIs401", r)


if __name__ == "__main__":
    main()
