#!/usr/bin/env python3
"""Checks src/api/openapi.json against itself and against the route tables.

  python3 tests/api/openapi_check.py [SOURCE_ROOT]

1. The document loads as JSON and is OpenAPI 3.1.
2. Every local $ref resolves; every operation has responses and a unique
   operationId; every path parameter in a template is declared (and every
   declared path parameter is in the template); a parameter standing where
   the router matches "{id}" is an integer (the router matches positive
   integers only).
3. The routes are generated from the document (tools/gen_api.py), so the
   code cannot serve an undocumented route; what is checked here is that
   every documented operation names what serves it (x-service or x-handler;
   the build fails when that function does not exist). The calendar feed's
   token must have the form the feeds are made with, {id}-{id}-{id}.

Standard library only. Prints one line per failure and finally
"N passed, M failed"; exits 1 when anything failed.
"""
import json
import os
import re
import sys

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
# Document path -> code pattern, where the two cannot be matched by position.
SPECIAL = {"/calendar/{token}.ics": "/calendar/{id}-{id}-{id}.ics"}
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

    # 3. the code is generated from the document (tools/gen_api.py): every
    # operation must name its service (x-service) or hand-written handler
    # (x-handler); the build then fails if that function does not exist.
    for (method, pattern), label in sorted(documented.items(), key=lambda kv: kv[1]):
        c.check((method, pattern) in generated,
                "%s has neither x-service nor x-handler: nothing would serve it" % label)
    print("%d paths, %d operations documented and generated" % (len(paths), len(documented)))
    print("%d passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
