#!/usr/bin/env python3
"""Compiles the store's named SQL statements into C.

  gen_stmts.py OUT.h OUT.c FILE.sql...

Every statement mentord runs lives in a .sql file under src/store/sql/, one
file per concept, each statement under a header line (after kcgi-framework's
enum stmt and sqlc's annotated queries):

  -- row program: id int, name text, ends_on text?, cadence_days int, ...
  -- name: program_get (id int) -> one program
  -- scan: why a full scan is right here (optional; see tests/store)
  SELECT ... WHERE p.id = $1;

SQL is written once, in what SQLite and PostgreSQL both accept. Where that
is impossible (a table-valued function, a row lock), the statement gives
PostgreSQL its own text after a line `-- postgres:`, with the same
parameters and the same result columns:

  -- name: ids_of (ids text) -> many id
  SELECT value FROM json_each($1);
  -- postgres:
  SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST($1 AS JSON));

`row NAME: col type, ...` declares a row struct (row_NAME_t) once per file or
project; its columns must be the statement's SELECT columns, in order.
Types: int (int64_t), text (const char *), real (double), bool; a trailing
`?` makes a column nullable (text as NULL, others with a NAME_null flag) and
a parameter optional (0 or NULL binds SQL NULL). The parameters, in order,
are $1, $2, ...

What a statement returns:
  -> one ROW     the first row (*out NULL when there is none)
  -> many ROW    every row (*rows, *n)
  -> int         the first column of the first row (*out, *found)
  -> changes     nothing but the number of rows it changed (*changes may be NULL)
  (nothing)      nothing

Generated: enum stmt (STMT_NAME), the SQL text and name of each (and its
PostgreSQL text, NULL where it is the same), the types of its parameters
(one letter per parameter: i int, t text, r real, b bool; PostgreSQL
prepares with them) and of the columns of the row it returns (the same
letters; "" for a statement without a row), the row structs, and one typed function per
statement, sql_NAME(db, [arena,] params..., outputs...), returning a DB_
status.
"""
import re
import sys

TYPES = {"int": ("int64_t", "DB_INT", "db_col_int"), "text": ("const char *", "DB_TEXT", "db_col_text"),
         "real": ("double", "DB_REAL", "db_col_real"), "bool": ("bool", "DB_INT", "db_col_int")}
HEADER_RE = re.compile(r"^--\s*name:\s*([a-z][a-z0-9_]*)\s*(\(([^)]*)\))?\s*(->\s*(.+))?$")
ROW_RE = re.compile(r"^--\s*row\s+([a-z][a-z0-9_]*)\s*:\s*(.*)$")


class Error(Exception):
    pass


def parse_cols(text, where):
    cols = []
    for part in [p.strip() for p in text.split(",") if p.strip()]:
        m = re.match(r"^([a-z_][a-z0-9_]*)\s+(int|text|real|bool)(\??)$", part)
        if not m:
            raise Error(f"{where}: cannot read column or parameter '{part}'")
        cols.append((m.group(1), m.group(2), m.group(3) == "?"))
    return cols


class Stmt:
    def __init__(self, name, params, ret, where):
        self.name = name
        self.params = params
        self.ret = ret
        self.where = where
        self.sql = []
        self.pg = None  # the lines of the PostgreSQL text, if it has its own
        self.doc = []
        self.scan = None


def parse(files):
    rows, stmts = {}, []
    for path in files:
        with open(path) as fh:
            lines = fh.read().split("\n")
        cur = None
        i = 0
        while i < len(lines):
            line = lines[i]
            where = f"{path}:{i + 1}"
            m = ROW_RE.match(line)
            if m:
                text = m.group(2)
                while i + 1 < len(lines) and re.match(r"^--\s{2,}\S", lines[i + 1]):
                    i += 1
                    text += " " + lines[i][2:].strip()
                if m.group(1) in rows:
                    raise Error(f"{where}: row {m.group(1)} declared twice")
                rows[m.group(1)] = parse_cols(text, where)
                cur = None
                i += 1
                continue
            m = HEADER_RE.match(line)
            if m:
                cur = Stmt(m.group(1), parse_cols(m.group(3) or "", where), (m.group(5) or "").strip(), where)
                stmts.append(cur)
                i += 1
                continue
            if cur is not None:
                if re.match(r"^--\s*postgres:\s*$", line):
                    if not cur.sql or cur.pg is not None:
                        raise Error(f"{where}: `-- postgres:` follows the statement's own text, once")
                    cur.pg = []
                elif cur.pg is not None:
                    if line.strip() or cur.pg:
                        cur.pg.append(line)
                elif line.startswith("--") and not cur.sql:
                    body = line[2:].strip()
                    if body.startswith("scan:"):
                        cur.scan = body[5:].strip()
                    else:
                        cur.doc.append(body)
                elif line.strip() or cur.sql:
                    cur.sql.append(line)
            elif line.strip() and not line.startswith("--"):
                raise Error(f"{where}: SQL outside a named statement")
            i += 1
    names = set()
    for s in stmts:
        if s.name in names:
            raise Error(f"{s.where}: statement {s.name} declared twice")
        names.add(s.name)
        s.text = one_statement(s, s.sql)
        s.pg_text = one_statement(s, s.pg) if s.pg is not None else None
        r = s.ret.split()
        if not r:
            s.kind, s.row = "none", None
        elif r[0] in ("one", "many") and len(r) == 2:
            if r[1] not in rows:
                raise Error(f"{s.where}: {s.name} returns unknown row {r[1]}")
            s.kind, s.row = r[0], r[1]
        elif r in (["int"], ["changes"]):
            s.kind, s.row = r[0], None
        else:
            raise Error(f"{s.where}: cannot read '-> {s.ret}'")
    return rows, stmts


def one_statement(s, lines):
    """The text of one statement (no trailing semicolon), checked to use
    exactly the declared parameters."""
    text = "\n".join(lines).strip()
    if text.endswith(";"):
        text = text[:-1].rstrip()
    if not text or ";" in strip_strings(text):
        raise Error(f"{s.where}: {s.name} must be exactly one statement")
    used = {int(n) for n in re.findall(r"\$(\d+)", text)}
    if used != set(range(1, len(s.params) + 1)):
        raise Error(f"{s.where}: {s.name} declares {len(s.params)} parameters but uses ${sorted(used)}")
    return text


def strip_strings(sql):
    return re.sub(r"'[^']*'", "''", sql)


def c_string(text):
    out = []
    for line in text.split("\n"):
        out.append('"' + line.replace("\\", "\\\\").replace('"', '\\"') + '\\n"')
    return "\n\t".join(out)


def param_list(s):
    out = []
    for n, t, _opt in s.params:
        out.append(f"{TYPES[t][0]}{'' if TYPES[t][0].endswith('*') else ' '}{n}")
    return out


def signature(s):
    args = ["db_t *db"]
    if s.kind in ("one", "many"):
        args.append("arena_t *a")
    args += param_list(s)
    if s.kind == "one":
        args.append(f"row_{s.row}_t **out")
    elif s.kind == "many":
        args += [f"row_{s.row}_t **rows", "int *n"]
    elif s.kind == "int":
        args += ["int64_t *out", "bool *found"]
    elif s.kind == "changes":
        args.append("int *changes")
    return f"int sql_{s.name}({', '.join(args)})"


def bind(s):
    vals = []
    for n, t, opt in s.params:
        ctor = TYPES[t][1]
        if t == "bool":
            vals.append(f"DB_INT({n} ? 1 : 0)")
        elif opt and t != "text":
            vals.append(f"({n} ? {ctor}({n}) : DB_NULL)")
        else:
            vals.append(f"{ctor}({n})")
    return f"DB_ARGS({', '.join(vals)})" if vals else "DB_NOARGS"


def row_fill(rows, row):
    out = [f"static void fill_{row}(db_stmt_t *s, arena_t *a, row_{row}_t *r)", "{"]
    if not any(t == "text" for _, t, _ in rows[row]):
        out.append("\t(void)a;")
    for i, (n, t, opt) in enumerate(rows[row]):
        if t == "text":
            out.append(f"\tr->{n} = db_col_null(s, {i}) ? NULL : arena_strdup(a, db_col_text(s, {i}));"
                       if opt else f"\tr->{n} = arena_strdup(a, db_col_null(s, {i}) ? \"\" : db_col_text(s, {i}));")
        else:
            conv = f"db_col_int(s, {i}) != 0" if t == "bool" else f"{TYPES[t][2]}(s, {i})"
            out.append(f"\tr->{n} = {conv};")
            if opt:
                out.append(f"\tr->{n}_null = db_col_null(s, {i});")
    out.append("}")
    return "\n".join(out)


def body(s):
    call = bind(s)
    q = f"db_query_named(db, &s, STMT_{s.name.upper()}, {call})"
    if s.kind == "none":
        return f"\treturn db_exec_named(db, NULL, STMT_{s.name.upper()}, {call});"
    if s.kind == "changes":
        return f"\treturn db_exec_named(db, changes, STMT_{s.name.upper()}, {call});"
    if s.kind == "int":
        return (f"\tdb_stmt_t *s;\n\tint st = {q};\n\tif (st != DB_OK)\n\t\treturn st;\n"
                f"\tint rc = db_step(s);\n\tif (found)\n\t\t*found = rc == 1;\n\tif (rc == 1)\n"
                f"\t\t*out = db_col_int(s, 0);\n\tdb_done(s);\n\treturn rc < 0 ? rc : DB_OK;")
    if s.kind == "one":
        return (f"\tdb_stmt_t *s;\n\t*out = NULL;\n\tint st = {q};\n\tif (st != DB_OK)\n\t\treturn st;\n"
                f"\tint rc = db_step(s);\n\tif (rc == 1) {{\n\t\t*out = arena_alloc(a, sizeof(**out));\n"
                f"\t\tfill_{s.row}(s, a, *out);\n\t}}\n\tdb_done(s);\n\treturn rc < 0 ? rc : DB_OK;")
    return (f"\tdb_stmt_t *s;\n\t*rows = NULL;\n\t*n = 0;\n\tint st = {q};\n\tif (st != DB_OK)\n\t\treturn st;\n"
            f"\tint cap = 0, rc;\n\twhile ((rc = db_step(s)) == 1) {{\n"
            f"\t\tif (*n == cap) {{\n\t\t\tint bigger = cap ? cap * 2 : 16;\n"
            f"\t\t\trow_{s.row}_t *grown = arena_alloc(a, sizeof(**rows) * (size_t)bigger);\n"
            f"\t\t\tif (*n)\n\t\t\t\tmemcpy(grown, *rows, sizeof(**rows) * (size_t)*n);\n"
            f"\t\t\t*rows = grown;\n\t\t\tcap = bigger;\n\t\t}}\n"
            f"\t\tfill_{s.row}(s, a, &(*rows)[(*n)++]);\n\t}}\n\tdb_done(s);\n\treturn rc < 0 ? rc : DB_OK;")


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    out_h, out_c, files = argv[1], argv[2], argv[3:]
    try:
        rows, stmts = parse(files)
    except Error as e:
        print(f"gen_stmts.py: {e}", file=sys.stderr)
        return 1
    h = ["/* Generated by tools/gen_stmts.py from the .sql files of src/store/sql; do not edit. */",
         "#ifndef MENTORD_STMTS_H", "#define MENTORD_STMTS_H", "#include <stdbool.h>", "#include <stdint.h>",
         '#include "core/arena.h"', '#include "store/db.h"', "", "enum stmt {"]
    h += [f"\tSTMT_{s.name.upper()}," for s in stmts]
    h += ["\tSTMT_COUNT", "};", "", "/* The text, name and (for the query-plan test) the reason a full scan",
          " * is right, or NULL, of each statement; its PostgreSQL text where that",
          " * differs (else NULL); the types of its parameters and of its row's",
          " * columns, one letter each (i int, t text, r real, b bool). */",
          "extern const char *const stmt_sql[STMT_COUNT];", "extern const char *const stmt_name[STMT_COUNT];",
          "extern const char *const stmt_scan_ok[STMT_COUNT];", "extern const char *const stmt_sql_pg[STMT_COUNT];",
          "extern const char *const stmt_params[STMT_COUNT];", "extern const char *const stmt_cols[STMT_COUNT];", ""]
    for name, cols in rows.items():
        h.append(f"typedef struct row_{name} {{")
        for n, t, opt in cols:
            ct = TYPES[t][0]
            h.append(f"\t{ct}{'' if ct.endswith('*') else ' '}{n};")
            if opt and t != "text":
                h.append(f"\tbool {n}_null;")
        h.append(f"}} row_{name}_t;")
    h.append("")
    for s in stmts:
        if s.doc:
            h.append("/* " + "\n * ".join(s.doc) + " */")
        h.append(signature(s) + ";")
    h += ["", "#endif"]
    c = ["/* Generated by tools/gen_stmts.py from the .sql files of src/store/sql; do not edit. */",
         '#include "store/stmts.h"', "", "#include <string.h>", ""]
    c.append("const char *const stmt_sql[STMT_COUNT] = {")
    for s in stmts:
        c.append(f"\t[STMT_{s.name.upper()}] = {c_string(s.text)},")
    c += ["};", "", "const char *const stmt_name[STMT_COUNT] = {"]
    c += [f'\t[STMT_{s.name.upper()}] = "{s.name}",' for s in stmts]
    c += ["};", "", "const char *const stmt_scan_ok[STMT_COUNT] = {"]
    c += [f'\t[STMT_{s.name.upper()}] = "{s.scan}",' for s in stmts if s.scan]
    c += ["};", "", "const char *const stmt_sql_pg[STMT_COUNT] = {"]
    c += [f"\t[STMT_{s.name.upper()}] = {c_string(s.pg_text)}," for s in stmts if s.pg_text]
    c += ["};", "", "const char *const stmt_params[STMT_COUNT] = {"]
    c += [f'\t[STMT_{s.name.upper()}] = "{"".join(t[0] for _n, t, _o in s.params)}",' for s in stmts]
    c += ["};", "", "const char *const stmt_cols[STMT_COUNT] = {"]
    c += [f'\t[STMT_{s.name.upper()}] = "{"".join(t[0] for _n, t, _o in rows[s.row]) if s.row else ""}",'
          for s in stmts]
    c += ["};", ""]
    used_rows = {s.row for s in stmts if s.row}
    for name in rows:
        if name in used_rows:
            c += [row_fill(rows, name), ""]
    for s in stmts:
        c += [signature(s), "{", body(s), "}", ""]
    with open(out_h, "w") as fh:
        fh.write("\n".join(h) + "\n")
    with open(out_c, "w") as fh:
        fh.write("\n".join(c) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
