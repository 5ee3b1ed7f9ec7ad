#!/usr/bin/env python3
"""Checks src/api/openapi.json against itself and against the route tables.

  python3 tests/api/openapi_check.py [SOURCE_ROOT]

1. The document loads as JSON and is OpenAPI 3.1.
2. Every local $ref resolves; every operation has responses and a unique
   operationId; every path parameter in a template is declared (and every
   declared path parameter is in the template); a parameter standing where
   the router matches "{id}" is an integer (the router matches positive
   integers only).
3. Every API route in the route tables of src/api/*.c and src/http/*.c
   (patterns starting with /api, /healthz, /metrics or /calendar; src/web is
   pages, not API) is documented with its method, and every documented
   operation exists in the code. The code's "{id}" segments are matched to
   the document's parameter names by position. The calendar feed is special:
   the router only matches numeric segments, so the code's pattern is
   /calendar/{id}-{id}-{id}.ics and the document's /calendar/{token}.ics,
   whose token pattern must accept exactly that form.

Standard library only. Prints one line per failure and finally
"N passed, M failed"; exits 1 when anything failed.
"""
import glob
import json
import os
import re
import sys

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
API_PREFIXES = ("/api", "/healthz", "/metrics", "/calendar")
# Document path -> code pattern, where the two cannot be matched by position.
SPECIAL = {"/calendar/{token}.ics": "/calendar/{id}-{id}-{id}.ics"}
ROUTE_RE = re.compile(r'\{\s*"([A-Z]+)"\s*,\s*"([^"]+)"\s*,\s*[A-Za-z_][A-Za-z_0-9]*\s*,')
TABLE_RE = re.compile(r'static\s+const\s+route_t\s+\w+\s*\[\s*\]\s*=\s*\{(.*?)\n\s*\}\s*;', re.S)
PARAM_RE = re.compile(r"\{([^{}]+)\}")


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: " + what)
        return ok


def strip_c_comments(text):
    """Removes /* */ and // comments, keeping string literals intact."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def code_routes(root):
    """{(METHOD, pattern): "file:line"} from the route tables."""
    routes = {}
    files = sorted(glob.glob(os.path.join(root, "src", "api", "*.c")) +
                   glob.glob(os.path.join(root, "src", "http", "*.c")))
    for path in files:
        with open(path, encoding="utf-8") as f:
            raw = f.read()
        text = strip_c_comments(raw)
        for table in TABLE_RE.finditer(text):
            for m in ROUTE_RE.finditer(table.group(1)):
                method, pattern = m.group(1), m.group(2)
                if not pattern.startswith(API_PREFIXES):
                    continue
                needle = '"%s"' % pattern
                line = next((k + 1 for k, l in enumerate(raw.splitlines()) if needle in l and
                             '"%s"' % method in l), 0)
                where = "%s:%d" % (os.path.relpath(path, root), line)
                routes.setdefault((method, pattern), where)
    return routes


def resolve(doc, ref):
    if not ref.startswith("#/"):
        return None
    node = doc
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def all_refs(node, where="#"):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str):
                yield where, v
            else:
                yield from all_refs(v, where + "/" + str(k).replace("~", "~0").replace("/", "~1"))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from all_refs(v, "%s/%d" % (where, i))


def deref(doc, node):
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 20:
        node = resolve(doc, node["$ref"]) or {}
        seen += 1
    return node


def doc_to_code(path):
    """The code pattern a documented path corresponds to."""
    if path in SPECIAL:
        return SPECIAL[path]
    return PARAM_RE.sub("{id}", path)


def is_integer_schema(schema):
    t = schema.get("type")
    return t == "integer" or (isinstance(t, list) and "integer" in t and "string" not in t)


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    c = Checks()
    spec = os.path.join(root, "src", "api", "openapi.json")

    # 1. the document loads
    try:
        with open(spec, encoding="utf-8") as f:
            doc = json.load(f)
        c.check(isinstance(doc, dict), "%s: not a JSON object" % spec)
    except (OSError, ValueError) as e:
        c.check(False, "%s: does not load: %s" % (spec, e))
        print("%d passed, %d failed" % (c.passed, c.failed))
        return 1
    c.check(str(doc.get("openapi", "")).startswith("3.1"), "openapi is not 3.1.x")
    paths = doc.get("paths") or {}
    c.check(isinstance(paths, dict) and paths, "no paths")

    # 2. references, operations, parameters
    for where, ref in all_refs(doc):
        c.check(resolve(doc, ref) is not None, "%s: $ref %s does not resolve" % (where, ref))

    op_ids = {}
    generated = set()  # served by the endpoint table generated from the document
    documented = {}  # (METHOD, code pattern) -> "METHOD doc path"
    for path, item in paths.items():
        item = deref(doc, item)
        names = PARAM_RE.findall(path)
        c.check(len(names) == len(set(names)), "%s: a parameter name repeats" % path)
        code_pattern = doc_to_code(path)
        code_ids = code_pattern.count("{id}")
        path_level = [deref(doc, p) for p in item.get("parameters", [])]
        for method in METHODS:
            if method not in item:
                continue
            op = item[method]
            label = "%s %s" % (method.upper(), path)
            responses = op.get("responses")
            c.check(isinstance(responses, dict) and len(responses) > 0, label + ": no responses")
            oid = op.get("operationId")
            if c.check(isinstance(oid, str) and oid, label + ": no operationId"):
                c.check(oid not in op_ids, "%s: operationId %s already used by %s" %
                        (label, oid, op_ids.get(oid)))
                op_ids.setdefault(oid, label)
            # operation-level parameters override path-level ones with the same name and place
            params = {(p.get("name"), p.get("in")): p for p in path_level}
            for p in op.get("parameters", []):
                p = deref(doc, p)
                params[(p.get("name"), p.get("in"))] = p
            declared = {name: p for (name, where), p in params.items() if where == "path"}
            for name in names:
                p = declared.get(name)
                if c.check(p is not None, "%s: path parameter {%s} is not declared" % (label, name)):
                    c.check(p.get("required") is True, "%s: path parameter %s is not required" %
                            (label, name))
            for name in declared:
                c.check(name in names, "%s: declares path parameter %s that is not in the path" %
                        (label, name))
            # by position: where the code has {id}, the document's parameter is an integer
            if path not in SPECIAL and c.check(len(names) == code_ids, "%s: %d parameters, code pattern %s"
                                               % (label, len(names), code_pattern)):
                for name in names:
                    p = declared.get(name)
                    if p is not None:
                        schema = deref(doc, p.get("schema", {}))
                        c.check(is_integer_schema(schema), "%s: {%s} stands for the router's {id} "
                                "(a positive integer) but is not an integer" % (label, name))
            documented[(method.upper(), code_pattern)] = label
            if op.get("x-service") or op.get("x-handler"):
                generated.add((method.upper(), code_pattern))

    # the calendar token: its pattern must be the router's {id}-{id}-{id}
    for path in SPECIAL:
        item = paths.get(path)
        if not c.check(isinstance(item, dict), "%s is not documented" % path):
            continue
        for method in METHODS:
            if method not in item:
                continue
            ps = [deref(doc, p) for p in item.get("parameters", []) + item[method].get("parameters", [])]
            tok = next((p for p in ps if p.get("in") == "path" and p.get("name") == "token"), None)
            pattern = ((tok or {}).get("schema") or {}).get("pattern") if tok else None
            if c.check(isinstance(pattern, str), "%s %s: the token has no pattern" % (method.upper(), path)):
                try:
                    rx = re.compile(pattern)
                except re.error as e:
                    c.check(False, "%s: bad token pattern: %s" % (path, e))
                    continue
                good = "123456789012345678-223456789012345678-323456789012345678"
                bad = ["abc", "1-2", "0123-1-1", "1-1-1-1", "1-1-a"]
                c.check(rx.search(good) is not None, "%s: token pattern refuses %s" % (path, good))
                c.check(all(rx.search(b) is None for b in bad),
                        "%s: token pattern accepts what the router does not match" % path)

    # 3. code versus document
    routes = code_routes(root)
    c.check(len(routes) > 0, "no routes found in src/api/*.c and src/http/*.c")
    for (method, pattern), where in sorted(routes.items(), key=lambda kv: kv[0][1] + " " + kv[0][0]):
        c.check((method, pattern) in documented,
                "%s %s (%s) is not in the document" % (method, pattern, where))
    for (method, pattern), label in sorted(documented.items(), key=lambda kv: kv[1]):
        c.check((method, pattern) in routes or (method, pattern) in generated,
                "%s is documented but no route %s %s is in the code" % (label, method, pattern))
        c.check(not ((method, pattern) in routes and (method, pattern) in generated),
                "%s is both generated and in a hand-written route table" % label)

    print("%d paths, %d operations documented; %d API routes in the code" %
          (len(paths), len(documented), len(routes)))
    print("%d passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
