#!/usr/bin/env python3
"""Makes the fuzzers' seed corpora from the tests' real requests.

The API tests (tests/api/harness.c) and the browser tests
(tests/browser/harness.js) write every request they send to
MENTORD_RECORD_DIR when it is set; fuzz/record.sh runs them that way and
then this script. It matches each request to its operation in
src/api/openapi.json or its page in src/web/pages/*.json and writes, in the
text form of fuzz/request.h, a few requests per operation (the shortest of
each answer status the tests saw, so refusals are seeds as well as
successes) to fuzz/corpus/api/ and fuzz/corpus/pages/; the raw request lines
to fuzz/corpus/url/; the CSV files the tests imported to
fuzz/corpus/csv_import/; and the meeting notes they wrote to
fuzz/corpus/markdown/. Ids in paths are left to the fuzzers' fixture (an
empty path value is its usual record); the tests' people become the
fixture's cast by role.

    usage: fuzz/seeds.py RECORD_DIR [--per-op N]
"""
import json
import os
import re
import sys
import urllib.parse
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")

# The tests' people, by what they do in the tests, as the fixture's cast.
CAST = {
    "admin@example.org": "admin", "mgr1@example.org": "manager", "mgr2@example.org": "manager",
    "member1@example.org": "mentor", "member2@example.org": "mentee", "member3@example.org": "member",
    "member4@example.org": "mentee2", "admin@example.com": "admin", "member@example.com": "mentee",
}


def operations(doc):
    """(method, regex, operationId, pattern, body media type) of every operation."""
    out = []
    for path, item in doc.get("paths", {}).items():
        rx = "^" + re.escape(path).replace(r"\{id\}", r"([1-9][0-9]{0,17})")
        rx = re.sub(r"\\\{[a-z_]+\\\}", r"([^/]+?)", rx) + "$"
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            body = op.get("requestBody", {}).get("content", {})
            out.append((method.upper(), re.compile(rx), op["operationId"], path,
                        next(iter(body), None)))
    return out


def read_records(d):
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), "rb") as f:
            raw = f.read()
        parts = raw.split(b"\n", 4)
        if len(parts) < 5:
            continue
        line, who, ctype, status, body = parts
        method, _, target = line.decode("utf-8", "replace").partition(" ")
        yield {"method": method, "target": target, "who": who.decode("utf-8", "replace"),
               "ctype": ctype.decode("latin-1"), "status": status.decode(), "body": body}


def strip_csrf(body):
    pairs = [p for p in body.split(b"&") if p and not p.startswith(b"_csrf=")]
    return b"&".join(pairs)


def text_form(op_id, who, query, ctype, default_ctype, body):
    head = f"{op_id} {who}\n\n{query}\n"
    if ctype and ctype != default_ctype:
        head += f"Content-Type: {ctype}\n"
    return head.encode() + b"\n" + body


def pick(cands, per_op):
    """The shortest request of each status, then the shortest others."""
    seen, out = set(), []
    by_len = sorted(cands, key=lambda c: len(c[1]))
    for c in by_len:
        if c[0] not in seen:
            seen.add(c[0])
            out.append(c)
    for c in by_len:
        if len(out) >= per_op:
            break
        if c not in out:
            out.append(c)
    return out[:per_op]


def write(sub, name, data):
    d = os.path.join(CORPUS, sub)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, re.sub(r"[^A-Za-z0-9_.-]", "_", name)), "wb") as f:
        f.write(data)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    per_op = int(sys.argv[sys.argv.index("--per-op") + 1]) if "--per-op" in sys.argv else 3
    api = operations(json.load(open(os.path.join(ROOT, "src/api/openapi.json"))))
    pages = []
    pages_dir = os.path.join(ROOT, "src/web/pages")
    for name in sorted(os.listdir(pages_dir)):
        if name.endswith(".json"):
            pages += operations(json.load(open(os.path.join(pages_dir, name))))
    found = {"api": defaultdict(list), "pages": defaultdict(list)}
    urls, csvs, notes = {}, set(), set()
    for r in read_records(sys.argv[1]):
        path, _, query = r["target"].partition("?")
        who = CAST.get(r["who"], "mentee" if r["who"] else "anon")
        if len(r["body"]) > 4096:
            continue
        for kind, table in (("api", api), ("pages", pages)):
            for method, rx, op_id, pattern, media in table:
                if method != r["method"] or not rx.match(path):
                    continue
                body = strip_csrf(r["body"]) if kind == "pages" else r["body"]
                ctype = r["ctype"].split(";")[0] if body else ""
                key = (r["status"], text_form(op_id, who, query, ctype, media, body))
                if key not in found[kind][op_id]:
                    found[kind][op_id].append(key)
                if op_id == "importParticipants" and body:
                    csvs.add(body)
                if op_id == "addNote" and body:
                    try:
                        notes.add(json.loads(body)["body"].encode())
                    except (ValueError, KeyError, TypeError):
                        pass
                break
        # One raw request line per route and status for the URL fuzzer.
        shape = re.sub(r"/[0-9]+", "/N", path) + " " + r["status"]
        line = f"{r['method']} {r['target']} {who}\n".encode()
        if shape not in urls or len(line) < len(urls[shape]):
            urls[shape] = line
    for kind in ("api", "pages"):
        for op_id, cands in found[kind].items():
            for i, (_, data) in enumerate(pick(cands, per_op)):
                write(kind, f"{op_id}-{i}", data)
        print(f"{kind}: {len(found[kind])} operations seen", file=sys.stderr)
    for i, line in enumerate(sorted(urls.values())):
        write("url", f"request-{i}", line)
    for i, data in enumerate(sorted(csvs, key=len)[:24]):
        write("csv_import", f"test-{i}.csv", data)
    for i, data in enumerate(sorted(notes, key=len)[:24]):
        write("markdown", f"note-{i}.md", data)
    print(f"url: {len(urls)}, csv_import: {min(len(csvs), 24)}, markdown: {min(len(notes), 24)}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
