#!/usr/bin/env python3
"""Generates mentord's typed API surface from its OpenAPI document.

  gen_api.py types     OPENAPI.json TYPES.h SCHEMA.c
  gen_api.py endpoints OPENAPI.json ENDPOINTS.c HANDLERS.h
  gen_api.py pages     OPENAPI.json TYPES.h SCHEMA.c TABLE.c PAGES.json...
  gen_api.py check OPENAPI.json [PAGES.json]

The document is the one declaration of every endpoint (after Redis, which
generates its command table from one JSON file per command). From it come:

  TYPES.h      a C struct per object schema (fields typed, with has_X for
               optional fields and X_null for nullable ones), an input struct
               per operation (path and query parameters, and `body`), and the
               prototype of each operation's service function (x-service);
  SCHEMA.c     a descriptor table per struct (core/schema.h): names, offsets,
               types and every rule (required, nullable, min/max, maxLength,
               pattern, enum, format, additionalProperties: false), which the
               generic walks of http/input.c use to read requests and write
               answers;
  ENDPOINTS.c  the endpoint table: method, router pattern, auth and CSRF
               flags, input and output descriptors, success status, and a
               typed call of the service (or the hand-written handler named
               by x-handler, for answers that are not JSON);
  HANDLERS.h   the prototype of every x-handler of the API, which the
               handler's file and ENDPOINTS.c both include, so the compiler
               checks each definition against the table.

Operation extensions: x-service (the service function), x-handler (a
hand-written handler instead), x-csrf: false (no CSRF check, e.g. login),
x-setup: true (reachable by a session that must first set up two-factor
sign-in, e.g. the enrolment itself and logging out).
Schema extensions: x-multiline: true (text may hold LF and TAB),
x-clamp: true (integer query parameters clamped into range),
x-keep-empty: true (a form's list keeps its empty values in place, for
repeated fields that are the columns of a table's rows).

`pages` mode reads the web pages' documents (src/web/pages/*.json, one per
concept, the same shape; forms are application/x-www-form-urlencoded
bodies; schemas may $ref the API's) and writes the pages' types,
descriptors and route table.

Standard library only. Any construct it does not understand is an error, so
the document cannot drift into something the code does not enforce.
"""
import json
import re
import sys

METHODS = ("get", "put", "post", "delete", "patch")
C_KEYWORDS = {"auto", "break", "case", "char", "const", "continue", "default", "do", "double",
              "else", "enum", "extern", "float", "for", "goto", "if", "inline", "int", "long",
              "register", "restrict", "return", "short", "signed", "sizeof", "static", "struct",
              "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "bool"}
FORMATS = {None: "SCH_F_NONE", "date": "SCH_F_DATE", "email": "SCH_F_EMAIL", "rrule": "SCH_F_RRULE",
           "time-zone": "SCH_F_TZ", "password": "SCH_F_PASSWORD", "uri-reference": "SCH_F_URI",
           "int64": None, "date-time": None, "double": None}


class GenError(Exception):
    pass


def die(msg):
    raise GenError(msg)


def cname(name):
    n = re.sub(r"[^A-Za-z0-9_]", "_", name)
    return n + "_" if n in C_KEYWORDS else n


class Doc:
    """One or two OpenAPI documents whose component schemas share a namespace."""

    def __init__(self, docs):
        self.schemas = {}
        self.params = {}
        for d in docs:
            comps = d.get("components", {})
            for k, v in comps.get("schemas", {}).items():
                if k in self.schemas:
                    die(f"schema {k} is declared twice")
                self.schemas[k] = v
            self.params.update(comps.get("parameters", {}))

    def deref(self, s):
        while isinstance(s, dict) and "$ref" in s:
            ref = s["$ref"]
            m = re.match(r"^(?:[A-Za-z0-9_.]*\.json)?#/components/(schemas|parameters)/(.+)$", ref)
            if not m:
                die(f"unsupported $ref {ref}")
            table = self.schemas if m.group(1) == "schemas" else self.params
            if m.group(2) not in table:
                die(f"$ref {ref} does not resolve")
            s = table[m.group(2)]
        return s

    @staticmethod
    def ref_name(s):
        if isinstance(s, dict) and "$ref" in s:
            return s["$ref"].rsplit("/", 1)[1]
        return None


class Field:
    """A property resolved into its C shape and rules."""

    def __init__(self, name):
        self.name = name
        self.c = cname(name)
        self.kind = None
        self.ctype = None
        self.nullable = False
        self.required = False
        self.multiline = False
        self.clamp = False
        self.keep_empty = False
        self.format = None
        self.min = self.max = None
        self.nmin = self.nmax = None
        self.min_len = 0
        self.max_len = None
        self.min_items = 0
        self.max_items = None
        self.enum = None
        self.pattern = None
        self.type = None  # the struct type name for OBJ/OBJS
        self.where = "SCH_IN_BODY"
        self.message = None


class Gen:
    def __init__(self, doc):
        self.doc = doc
        self.types = {}     # name -> list of Field (object schemas that become structs)
        self.closed = {}    # name -> bool
        self.order = []     # struct names in dependency order
        self.enums = {}     # key -> (cname, values)
        self.visiting = set()

    # ---- schema resolution ----

    def enum_ref(self, values):
        key = tuple(values)
        if key not in self.enums:
            self.enums[key] = "sch_enum_%d" % len(self.enums)
        return self.enums[key]

    def resolve(self, name, s, owner):
        """Fills a Field from the property schema s of struct owner."""
        f = Field(name)
        s = dict(s)
        # nullable forms: type [X, "null"], oneOf/anyOf [ref, {type: null}]
        for k in ("oneOf", "anyOf"):
            if k in s:
                alts = s.pop(k)
                nonnull = [a for a in alts if a.get("type") != "null"]
                if len(nonnull) != 1 or len(alts) != 2:
                    die(f"{owner}.{name}: only '{k}: [X, null]' is supported")
                f.nullable = True
                inner = dict(nonnull[0])
                for kk, vv in s.items():
                    inner.setdefault(kk, vv)
                s = inner
        ref = Doc.ref_name(s)
        if ref:
            target = self.doc.deref(s)
            extra = {k: v for k, v in s.items() if k not in ("$ref", "description", "examples")}
            s = dict(target)
            s.update(extra)
            if s.get("type") == "object" and "properties" in s:
                f.kind, f.type = "SCH_OBJ", ref
                self.struct(ref, s)
                return self.finish(f, s)
        t = s.get("type")
        if isinstance(t, list):
            ts = [x for x in t if x != "null"]
            if len(ts) != 1:
                die(f"{owner}.{name}: type {t} is not supported")
            f.nullable = f.nullable or "null" in t
            t = ts[0]
        if "const" in s:
            s["enum"] = [s["const"]]
            t = t or "string"
        if t == "string":
            fmt = s.get("format")
            if fmt not in FORMATS:
                die(f"{owner}.{name}: format {fmt} is not supported")
            if fmt == "date-time":
                f.kind = "SCH_TIME"
            else:
                f.kind, f.format = "SCH_STR", fmt
            f.min_len = s.get("minLength", 0)
            f.max_len = s.get("maxLength")
            f.enum = s.get("enum")
            if f.enum and None in f.enum:  # JSON Schema lists null among a nullable enum's values
                f.enum = [e for e in f.enum if e is not None]
                f.nullable = True
            f.pattern = s.get("pattern")
        elif t == "integer":
            f.kind = "SCH_INT"
            f.min, f.max = s.get("minimum"), s.get("maximum")
        elif t == "number":
            f.kind = "SCH_NUM"
            f.nmin, f.nmax = s.get("minimum"), s.get("maximum")
        elif t == "boolean":
            f.kind = "SCH_BOOL"
        elif t == "null":
            f.kind = "SCH_NULL"  # always null (lists answered whole): no member
        elif t == "array":
            items = s.get("items")
            if items is None:
                die(f"{owner}.{name}: an array needs items")
            f.min_items, f.max_items = s.get("minItems", 0), s.get("maxItems")
            iref = Doc.ref_name(items)
            it = self.doc.deref(items)
            if it.get("type") == "object" and "properties" in it:
                tname = iref or f"{owner}_{name}"
                f.kind, f.type = "SCH_OBJS", tname
                self.struct(tname, it)
            elif it.get("type") == "string":
                f.kind = "SCH_STRS"
                f.min_len = it.get("minLength", 0)
                f.max_len = it.get("maxLength")
                f.enum = it.get("enum")
                f.pattern = it.get("pattern")
                if it.get("format") not in (None,):
                    f.format = it.get("format")
                    if f.format not in FORMATS or f.format == "date-time":
                        die(f"{owner}.{name}: item format {f.format} is not supported")
            elif it.get("type") == "integer":
                f.kind = "SCH_INTS"
                f.min, f.max = it.get("minimum"), it.get("maximum")
            else:
                die(f"{owner}.{name}: arrays of {it.get('type')} are not supported")
        elif t == "object":
            if "properties" in s:
                tname = f"{owner}_{name}"
                f.kind, f.type = "SCH_OBJ", tname
                self.struct(tname, s)
            else:
                ap = s.get("additionalProperties")
                if not isinstance(ap, dict):
                    die(f"{owner}.{name}: an object needs properties or typed additionalProperties")
                ap = self.doc.deref(ap)
                if ap.get("type") == "integer":
                    f.kind = "SCH_MAP_INT"
                    f.min, f.max = ap.get("minimum"), ap.get("maximum")
                elif ap.get("type") == "string":
                    f.kind = "SCH_MAP_STR"
                    f.max_len = ap.get("maxLength")
                else:
                    die(f"{owner}.{name}: maps of {ap.get('type')} are not supported")
                pn = s.get("propertyNames")
                if pn:
                    pn = self.doc.deref(pn)
                    f.enum = pn.get("enum")
        else:
            die(f"{owner}.{name}: type {t!r} is not supported")
        return self.finish(f, s)

    def finish(self, f, s):
        f.message = s.get("x-error")
        f.multiline = bool(s.get("x-multiline"))
        f.clamp = bool(s.get("x-clamp"))
        f.keep_empty = bool(s.get("x-keep-empty"))
        if f.keep_empty and f.kind != "SCH_STRS":
            die(f"{f.name}: x-keep-empty is for lists of strings")
        return f

    def struct(self, name, s):
        if name in self.types or name in self.visiting:
            return
        if s.get("type") != "object" or "properties" not in s:
            die(f"{name}: not an object schema with properties")
        self.visiting.add(name)
        req = set(s.get("required", []))
        fields = []
        for pname, ps in s["properties"].items():
            f = self.resolve(pname, ps, name)
            f.required = pname in req
            fields.append(f)
        unknown = req - set(s["properties"])
        if unknown:
            die(f"{name}: required names unknown properties {sorted(unknown)}")
        self.visiting.discard(name)
        self.types[name] = fields
        self.closed[name] = s.get("additionalProperties") is False
        self.order.append(name)

    # ---- C text ----

    def ctype(self, f):
        k = f.kind
        return {"SCH_STR": "const char *", "SCH_INT": "int64_t ", "SCH_NUM": "double ",
                "SCH_BOOL": "bool ", "SCH_TIME": "int64_t ", "SCH_STRS": "strlist_t ",
                "SCH_INTS": "i64list_t ", "SCH_MAP_INT": "kvlist_t ", "SCH_MAP_STR": "kvlist_t ",
                "SCH_OBJ": f"{f.type}_t " if k == "SCH_OBJ" else None,
                "SCH_OBJS": f"{f.type}_list_t " if k == "SCH_OBJS" else None}[k]

    def struct_text(self, name):
        out = [f"typedef struct {name} {{"]
        for f in self.types[name]:
            if f.kind == "SCH_NULL":
                continue
            out.append(f"\t{self.ctype(f)}{f.c};")
            if not f.required:
                out.append(f"\tbool has_{f.c};")
            if f.nullable:
                out.append(f"\tbool {f.c}_null;")
        if not self.types[name]:
            out.append("\tchar unused_;")
        out.append(f"}} {name}_t;")
        out.append(f"typedef struct {{ {name}_t *v; int n; }} {name}_list_t;")
        return "\n".join(out)

    def field_text(self, struct, f):
        flags = []
        if f.required:
            flags.append("SCH_REQUIRED")
        if f.nullable:
            flags.append("SCH_NULLABLE")
        if f.multiline:
            flags.append("SCH_MULTILINE")
        if f.clamp:
            flags.append("SCH_CLAMP")
        if f.keep_empty:
            flags.append("SCH_KEEP_EMPTY")
        has = "SCH_NO_OFF" if f.required or f.kind == "SCH_NULL" else f"offsetof({struct}_t, has_{f.c})"
        nul = f"offsetof({struct}_t, {f.c}_null)" if f.nullable and f.kind != "SCH_NULL" else "SCH_NO_OFF"
        off = "0" if f.kind == "SCH_NULL" else f"offsetof({struct}_t, {f.c})"
        fmt = FORMATS.get(f.format) or "SCH_F_NONE"
        lo = "INT64_MIN" if f.min is None else f"INT64_C({int(f.min)})"
        hi = "INT64_MAX" if f.max is None else f"INT64_C({int(f.max)})"
        nlo = "-HUGE_VAL" if f.nmin is None else repr(float(f.nmin))
        nhi = "HUGE_VAL" if f.nmax is None else repr(float(f.nmax))
        maxlen = "UINT32_MAX" if f.max_len is None else str(f.max_len)
        maxitems = "UINT32_MAX" if f.max_items is None else str(f.max_items)
        enum = self.enum_ref(f.enum) if f.enum else "NULL"
        pat = json.dumps(f.pattern) if f.pattern else "NULL"
        typ = f"&sch_{f.type}" if f.type else "NULL"
        return (f"\t{{.name = {json.dumps(f.name)}, .kind = {f.kind}, .format = {fmt}, .in = {f.where}, "
                f".flags = {'|'.join(flags) or '0'}, .off = {off}, .has_off = {has}, "
                f".null_off = {nul}, .min = {lo}, .max = {hi}, .nmin = {nlo}, .nmax = {nhi}, "
                f".min_len = {f.min_len}, .max_len = {maxlen}, .min_items = {f.min_items}, "
                f".max_items = {maxitems}, .enums = {enum}, .pattern = {pat}, .type = {typ}, "
                f".message = {json.dumps(f.message) if f.message else 'NULL'}}},")

    def schema_text(self, name):
        fields = self.types[name]
        out = []
        if fields:
            out.append(f"static const sch_field_t fields_{name}[] = {{")
            out += [self.field_text(name, f) for f in fields]
            out.append("};")
        out.append(f"const sch_type_t sch_{name} = {{.name = {json.dumps(name)}, .size = sizeof({name}_t), "
                   f".fields = {'fields_' + name if fields else 'NULL'}, .nfields = {len(fields)}, "
                   f".closed = {'true' if self.closed[name] else 'false'}}};")
        return "\n".join(out)


class Op:
    def __init__(self, method, path, op):
        self.method = method.upper()
        self.path = path
        self.op = op
        self.id = op.get("operationId") or die(f"{method.upper()} {path}: no operationId")
        self.service = op.get("x-service")
        self.handler = op.get("x-handler")
        # A hand-written handler that reads the body itself (CSV, the
        # calendar feed) declares x-raw-body: true.
        self.handler_raw = bool(op.get("x-raw-body"))
        self.in_type = None
        self.out_type = None
        self.status = None
        self.body_type = None
        self.body_required = False
        self.pattern = None


def collect_ops(gen, spec, is_pages):
    ops = []
    seen = set()
    for path, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            if method not in item:
                continue
            o = Op(method, path, item[method])
            if o.id in seen:
                die(f"operationId {o.id} is used twice")
            seen.add(o.id)
            if o.service and o.handler:
                die(f"{o.id}: x-service and x-handler both given")
            params = [gen.doc.deref(p) for p in shared + o.op.get("parameters", [])]
            fields = []
            tmpl = re.findall(r"\{([^{}]+)\}", path)
            declared = {p["name"] for p in params if p.get("in") == "path"}
            if set(tmpl) != declared:
                die(f"{o.id}: path parameters {sorted(tmpl)} but declared {sorted(declared)}")
            pattern = path
            for p in params:
                where = p.get("in")
                if where not in ("path", "query"):
                    die(f"{o.id}: parameters in {where} are not supported")
                f = gen.resolve(p["name"], p.get("schema", {}), o.id)
                f.where = "SCH_IN_PATH" if where == "path" else "SCH_IN_QUERY"
                f.required = bool(p.get("required")) or where == "path"
                if f.kind not in ("SCH_STR", "SCH_INT", "SCH_BOOL", "SCH_NUM", "SCH_STRS"):
                    die(f"{o.id}: parameter {p['name']} must be a scalar")
                if where == "path":
                    seg = "{id}" if f.kind == "SCH_INT" else "{s}"
                    if f.kind == "SCH_INT" and (f.min is None or f.min < 1):
                        die(f"{o.id}: integer path parameter {p['name']} needs minimum 1 (the router matches positive integers)")
                    pattern = pattern.replace("{" + p["name"] + "}", seg)
                fields.append(f)
            o.pattern = pattern
            if not (o.service or o.handler):
                ops.append(o)  # not implemented yet: `check` lists it
                continue
            rb = o.op.get("requestBody")
            if rb:
                content = rb.get("content", {})
                if len(content) != 1:
                    die(f"{o.id}: one request body media type, please")
                o.body_type, media = next(iter(content.items()))
                o.body_required = bool(rb.get("required"))
                if o.body_type in ("application/json", "application/x-www-form-urlencoded") and not o.handler_raw:
                    bs = media.get("schema") or die(f"{o.id}: body without schema")
                    bname = Doc.ref_name(bs) or f"{o.id}_body"
                    target = gen.doc.deref(bs)
                    if target.get("additionalProperties") is not False:
                        die(f"{o.id}: request body {bname} needs additionalProperties: false")
                    gen.struct(bname, target)
                    f = Field("body")
                    f.kind, f.type, f.required = "SCH_OBJ", bname, o.body_required
                    f.where = "SCH_IN_BODY"
                    fields.append(f)
                elif not o.handler:
                    die(f"{o.id}: a {o.body_type} body needs a hand-written x-handler")
            if fields:
                o.in_type = f"in_{o.id}"
                gen.types[o.in_type] = fields
                gen.closed[o.in_type] = True
                gen.order.append(o.in_type)
            codes = sorted(c for c in o.op.get("responses", {}) if c.isdigit() and c.startswith("2"))
            if not codes and not is_pages:
                die(f"{o.id}: no 2xx response")
            o.status = int(codes[0]) if codes else 200
            if codes and not is_pages:
                resp = gen.doc.deref(o.op["responses"][codes[0]])
                content = resp.get("content", {})
                js = content.get("application/json")
                if js and "schema" in js and o.service:
                    oname = Doc.ref_name(js["schema"])
                    if not oname:
                        die(f"{o.id}: the {codes[0]} answer's schema must be a $ref")
                    gen.struct(oname, gen.doc.deref(js["schema"]))
                    o.out_type = oname
                elif o.service:
                    die(f"{o.id}: x-service needs a JSON answer; use x-handler")
            if is_pages and not o.handler:
                die(f"{o.id}: a page needs x-handler")
            ops.append(o)
    return ops


def route_flags(o, spec):
    flags = ["ROUTE_WEB"] if spec.get("x-pages") else []
    sec = o.op.get("security", spec.get("security"))
    if sec == []:
        flags.append("ROUTE_PUBLIC")
    if o.op.get("x-csrf") is False:
        flags.append("ROUTE_NO_CSRF")
    if o.op.get("x-setup") is True:
        flags.append("ROUTE_SETUP")
    return "|".join(flags) or "0"


HEADER = "/* Generated by tools/gen_api.py from {src}; do not edit. */\n"


def write_types(gen, ops, path, src, guard, extra_includes, with_services):
    lines = [HEADER.format(src=src), f"#ifndef {guard}", f"#define {guard}",
             "#include <stdbool.h>", "#include <stdint.h>", '#include "core/schema.h"']
    lines += [f'#include "{i}"' for i in extra_includes]
    lines.append("")
    lines.append("typedef struct svc svc_t;")
    for name in gen.order:
        if name in gen.own:
            lines.append(gen.struct_text(name))
    lines.append("")
    for name in gen.order:
        if name in gen.own:
            lines.append(f"extern const sch_type_t sch_{name};")
    if not with_services:
        lines.append("\n/* The page handlers (src/web/). */")
        for o in ops:
            if o.handler:
                lines.append(f"void {o.handler}(req_t *r, const void *in, const verr_t *errs); /* {o.method} {o.path} */")
    if with_services:
        lines.append("\n/* The services behind the operations (src/svc/). */")
        for o in ops:
            if not o.service:
                continue
            args = ["svc_t *s"]
            if o.in_type:
                args.append(f"const {o.in_type}_t *in")
            if o.out_type:
                args.append(f"{o.out_type}_t *out")
            lines.append(f"int {o.service}({', '.join(args)}); /* {o.method} {o.path} */")
    lines.append(f"\n#endif")
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + "\n")


def write_schema(gen, path, src, types_include):
    lines = [HEADER.format(src=src), f'#include "{types_include}"', "#include <math.h>",
             "#include <stddef.h>", ""]
    used_enums = {}
    body = []
    for name in gen.order:
        if name in gen.own:
            body.append(gen.schema_text(name))
    for key, cn in gen.enums.items():
        if any(cn in b for b in body):
            used_enums[key] = cn
    for key, cn in used_enums.items():
        vals = ", ".join(json.dumps(v) for v in key)
        lines.append(f"static const char *const {cn}[] = {{{vals}, NULL}};")
    lines.append("")
    lines += body
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + "\n")


def write_handlers(ops, path, src, include):
    lines = [HEADER.format(src=src), "#ifndef MENTORD_API_HANDLERS_H", "#define MENTORD_API_HANDLERS_H",
             f'#include "{include}"', "", "/* The hand-written handlers of the API (x-handler, src/api/). */"]
    for o in ops:
        if o.handler:
            lines.append(f"void {o.handler}(req_t *r, const void *in); /* {o.method} {o.path} */")
    lines.append("\n#endif")
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + "\n")


def write_endpoints(ops, spec, path, src, table, entry_type, includes, pages=False, handlers_h=None):
    lines = [HEADER.format(src=src)] + [f'#include "{i}"' for i in includes] + [""]
    for o in ops:
        if not o.service:
            continue
        args = ["s"] + (["(const %s_t *)in" % o.in_type] if o.in_type else []) + \
               (["(%s_t *)out" % o.out_type] if o.out_type else [])
        lines.append(f"static int call_{o.id}(svc_t *s, const void *in, void *out)\n{{")
        if not o.in_type:
            lines.append("\t(void)in;")
        if not o.out_type:
            lines.append("\t(void)out;")
        lines.append(f"\treturn {o.service}({', '.join(args)});\n}}\n")
    if handlers_h:  # pages: the handlers are declared in page_types.h
        lines.insert(1, f'#include "{handlers_h}"')
    lines.append("")
    lines.append(f"const {entry_type} {table}[] = {{")
    for o in ops:
        if not (o.service or o.handler):
            continue
        lines.append(
            f"\t{{.method = {json.dumps(o.method)}, .pattern = {json.dumps(o.pattern)}, "
            f".operation_id = {json.dumps(o.id)}, .flags = {route_flags(o, spec)}, "
            f".in = {'&sch_' + o.in_type if o.in_type else 'NULL'}, "
            f".out = {'&sch_' + o.out_type if o.out_type and o.service else 'NULL'}, "
            f".body_type = {json.dumps(o.body_type) if o.body_type else 'NULL'}, "
            f".body_required = {'true' if o.body_required else 'false'}, .status = {o.status}, "
            f".call = {'call_' + o.id if o.service else 'NULL'}, "
            f".handler = {o.handler if o.handler else 'NULL'}" +
            (f", .form_errors = {'true' if o.op.get('x-form-errors') else 'false'}" if pages else "") + "},")
    lines.append("};")
    lines.append(f"const int {table}_count = (int)(sizeof({table}) / sizeof({table}[0]));")
    with open(path, "w") as fh:
        fh.write("\n".join(lines) + "\n")


def load(path):
    with open(path) as fh:
        return json.load(fh)


def main(argv):
    mode = argv[1] if len(argv) > 1 else ""
    try:
        if mode in ("types", "endpoints") and len(argv) == 5:
            spec = load(argv[2])
            gen = Gen(Doc([spec]))
            ops = collect_ops(gen, spec, False)
            for name in list(gen.doc.schemas):
                s = gen.doc.schemas[name]
                if s.get("type") == "object" and "properties" in s:
                    gen.struct(name, s)
            gen.own = set(gen.order)
            if mode == "types":
                write_types(gen, ops, argv[3], "src/api/openapi.json", "MENTORD_API_TYPES_H", [], True)
                write_schema(gen, argv[4], "src/api/openapi.json", "svc/api_types.h")
            else:
                write_handlers(ops, argv[4], "src/api/openapi.json", "http/http.h")
                write_endpoints(ops, spec, argv[3], "src/api/openapi.json", "api_endpoints",
                                "api_endpoint_t", ["api/endpoint.h"], handlers_h="api/handlers.h")
        elif mode == "pages" and len(argv) >= 7:
            spec = load(argv[2])
            pages = {"x-pages": True, "security": [{"session": []}], "paths": {},
                     "components": {"schemas": {}}}
            for path in argv[6:]:
                doc = load(path)
                for k, v in doc.get("paths", {}).items():
                    if k in pages["paths"]:
                        die(f"{path}: page path {k} is declared in two files")
                    pages["paths"][k] = v
                for k, v in doc.get("components", {}).get("schemas", {}).items():
                    if k in pages["components"]["schemas"]:
                        die(f"{path}: page schema {k} is declared in two files")
                    pages["components"]["schemas"][k] = v
            api = Gen(Doc([spec]))
            for name in list(api.doc.schemas):
                s = api.doc.schemas[name]
                if s.get("type") == "object" and "properties" in s:
                    api.struct(name, s)
            gen = Gen(Doc([spec, pages]))
            gen.types, gen.closed = dict(api.types), dict(api.closed)
            gen.order = list(api.order)
            ops = collect_ops(gen, pages, True)
            for name in list(pages.get("components", {}).get("schemas", {})):
                gen.struct(name, gen.doc.schemas[name])
            gen.own = set(gen.order) - set(api.order)
            write_types(gen, ops, argv[3], "the documents of src/web/pages", "MENTORD_PAGE_TYPES_H",
                        ["svc/api_types.h", "http/http.h"], False)
            write_schema(gen, argv[4], "the documents of src/web/pages", "web/page_types.h")
            write_endpoints(ops, pages, argv[5], "the documents of src/web/pages", "web_pages", "web_page_t",
                            ["web/pagetable.h"], pages=True)
        elif mode == "check" and len(argv) in (3, 4):
            spec = load(argv[2])
            gen = Gen(Doc([spec]))
            ops = collect_ops(gen, spec, False)
            missing = [o.id for o in ops if not (o.service or o.handler)]
            for m in missing:
                print(f"{m}: neither x-service nor x-handler")
            print(f"{len(ops)} operations, {len(gen.types)} structs, {len(missing)} without implementation")
            return 1 if missing else 0
        else:
            print(__doc__, file=sys.stderr)
            return 2
    except GenError as e:
        print(f"gen_api.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
