/* The template engine (see tmpl.h). Parsing turns the text into a flat array
 * of nodes; a section node records where its body ends, so rendering is a
 * loop over index ranges with no tree to walk or free. Names are checked at
 * parse time (letters, digits, "_", "-", dot-separated), which keeps lookup
 * simple and makes a typo like {{#user}}...{{/usr}} a clear error that names
 * the file, line and column instead of a silently wrong page. */
#include "web/tmpl.h"
#include "core/xalloc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#define TMPL_MAX_NESTING 32  /* open sections inside one template */
#define TMPL_MAX_PARTIALS 16 /* partials inside partials, at render time */
#define TMPL_MAX_STACK 256   /* context stack */
#define TMPL_MAX_NAME 128

typedef enum { N_TEXT, N_VAR, N_SECTION, N_INVERTED, N_PARTIAL, N_MARKDOWN } node_type_t;

typedef struct node {
	node_type_t type;
	const char *text; /* N_TEXT: into tmpl.src; otherwise an owned name */
	size_t len;
	int end;          /* sections: index of the first node after the body */
	int line;
} node_t;

typedef struct tmpl {
	char *name;
	char *src;
	node_t *nodes;
	int n, cap;
} tmpl_t;

struct tmpl_lib {
	tmpl_t **t;
	int n, cap;
};

static void set_err(tmpl_err_t *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void set_err(tmpl_err_t *err, const char *fmt, ...)
{
	if (!err)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/* ---- parsing ---- */

/* A section still waiting for its {{/name}}. */
typedef struct open_sec {
	int node, line, col;
	const char *name;
	size_t len;
} open_sec_t;

typedef struct parser {
	tmpl_t *t;
	const char *p, *end;
	int line;
	const char *line_start;
	open_sec_t open[TMPL_MAX_NESTING];
	int nopen;
	tmpl_err_t *err;
} parser_t;

static int col_of(const parser_t *ps, const char *at)
{
	return (int)(at - ps->line_start) + 1;
}

/* Advances the line counter over [from, to). */
static void count_lines(parser_t *ps, const char *from, const char *to)
{
	for (const char *c = from; c < to; c++)
		if (*c == '\n') {
			ps->line++;
			ps->line_start = c + 1;
		}
}

static node_t *push_node(tmpl_t *t, node_type_t type, const char *text, size_t len, int line)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->nodes = xrealloc(t->nodes, sizeof(node_t) * (size_t)t->cap);
	}
	node_t *n = &t->nodes[t->n++];
	*n = (node_t){.type = type, .text = text, .len = len, .end = 0, .line = line};
	return n;
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-';
}

/* "." alone, or dot-separated segments of name characters. */
static bool name_valid(const char *s, size_t n)
{
	if (n == 1 && s[0] == '.')
		return true;
	if (n == 0 || n >= TMPL_MAX_NAME || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' && i + 1 < n && s[i + 1] == '.')
			return false;
		if (s[i] != '.' && !name_char(s[i]))
			return false;
	}
	return true;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Trims [*s, *s + *n) of surrounding whitespace. */
static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s))
		(*s)++, (*n)--;
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static int open_section(parser_t *ps, node_type_t type, const char *name, size_t len, int col)
{
	if (ps->nopen == TMPL_MAX_NESTING) {
		set_err(ps->err, "%s:%d:%d: sections nested deeper than %d", ps->t->name, ps->line, col,
			TMPL_MAX_NESTING);
		return TMPL_ELIMIT;
	}
	push_node(ps->t, type, xstrndup(name, len), len, ps->line);
	ps->open[ps->nopen].node = ps->t->n - 1;
	ps->open[ps->nopen].line = ps->line;
	ps->open[ps->nopen].col = col;
	ps->open[ps->nopen].name = name;
	ps->open[ps->nopen].len = len;
	ps->nopen++;
	return TMPL_OK;
}

static int close_section(parser_t *ps, const char *name, size_t len, int col)
{
	if (ps->nopen == 0) {
		set_err(ps->err, "%s:%d:%d: {{/%.*s}} closes a section that was never opened",
			ps->t->name, ps->line, col, (int)len, name);
		return TMPL_ESYNTAX;
	}
	const open_sec_t *o = &ps->open[ps->nopen - 1];
	if (o->len != len || memcmp(o->name, name, len) != 0) {
		set_err(ps->err, "%s:%d:%d: {{/%.*s}} does not match {{#%.*s}} opened at %d:%d",
			ps->t->name, ps->line, col, (int)len, name, (int)o->len, o->name, o->line, o->col);
		return TMPL_ESYNTAX;
	}
	ps->t->nodes[o->node].end = ps->t->n;
	ps->nopen--;
	return TMPL_OK;
}

/* Handles the tag whose content is [s, s + n); col is where "{{" stood. */
static int parse_tag(parser_t *ps, const char *s, size_t n, int col)
{
	char sigil = n ? s[0] : '\0';
	if (sigil == '!')
		return TMPL_OK;
	if (sigil == '{' || sigil == '&') {
		set_err(ps->err, "%s:%d:%d: unescaped output {{%c...}} is not supported: every value is "
			"HTML-escaped", ps->t->name, ps->line, col, sigil);
		return TMPL_ESYNTAX;
	}
	if (sigil == '=') {
		set_err(ps->err, "%s:%d:%d: changing delimiters is not supported", ps->t->name, ps->line, col);
		return TMPL_ESYNTAX;
	}
	bool has_sigil = sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>' || sigil == '%';
	const char *name = has_sigil ? s + 1 : s;
	size_t len = has_sigil ? n - 1 : n;
	trim(&name, &len);
	if (!name_valid(name, len) || (sigil == '>' && len == 1 && name[0] == '.')) {
		set_err(ps->err, "%s:%d:%d: bad name \"%.*s\" in tag (use letters, digits, _ - and dots)",
			ps->t->name, ps->line, col, (int)(len > 60 ? 60 : len), name);
		return TMPL_ESYNTAX;
	}
	switch (sigil) {
	case '#':
		return open_section(ps, N_SECTION, name, len, col);
	case '^':
		return open_section(ps, N_INVERTED, name, len, col);
	case '/':
		return close_section(ps, name, len, col);
	case '>':
		push_node(ps->t, N_PARTIAL, xstrndup(name, len), len, ps->line);
		return TMPL_OK;
	case '%':
		push_node(ps->t, N_MARKDOWN, xstrndup(name, len), len, ps->line);
		return TMPL_OK;
	default:
		push_node(ps->t, N_VAR, xstrndup(name, len), len, ps->line);
		return TMPL_OK;
	}
}

/* Mustache's standalone rule: a section, comment or partial tag alone on
 * its line leaves no blank line behind. Returns where parsing resumes; when
 * the tag stands alone, the indentation before it is dropped from the last
 * text node and the line break after it is skipped. */
static const char *standalone_end(parser_t *ps, const char *open, const char *after)
{
	char sigil = open[2];
	if (sigil != '#' && sigil != '^' && sigil != '/' && sigil != '!' && sigil != '>')
		return after;
	for (const char *c = ps->line_start; c < open; c++)
		if (*c != ' ' && *c != '\t')
			return after;
	const char *e = after;
	while (e < ps->end && (*e == ' ' || *e == '\t'))
		e++;
	if (e < ps->end && *e == '\r' && e + 1 < ps->end && e[1] == '\n')
		e++;
	if (e < ps->end && *e != '\n')
		return after;
	/* The text before the tag is the last node, or the one before a
	 * section node the tag has just pushed. */
	for (int i = ps->t->n - 1; i >= 0 && i >= ps->t->n - 2; i--) {
		node_t *text = &ps->t->nodes[i];
		if (text->type == N_TEXT && text->text + text->len == open) {
			text->len -= (size_t)(open - ps->line_start);
			break;
		}
	}
	return e < ps->end ? e + 1 : e;
}

static int parse(parser_t *ps)
{
	while (ps->p < ps->end) {
		const char *open = memmem(ps->p, (size_t)(ps->end - ps->p), "{{", 2);
		const char *text_end = open ? open : ps->end;
		if (text_end > ps->p)
			push_node(ps->t, N_TEXT, ps->p, (size_t)(text_end - ps->p), ps->line);
		count_lines(ps, ps->p, text_end);
		if (!open)
			break;
		int line = ps->line, col = col_of(ps, open);
		const char *close = memmem(open + 2, (size_t)(ps->end - open - 2), "}}", 2);
		if (!close) {
			set_err(ps->err, "%s:%d:%d: tag opened with {{ is never closed with }}", ps->t->name,
				line, col);
			return TMPL_ESYNTAX;
		}
		int st = parse_tag(ps, open + 2, (size_t)(close - open - 2), col);
		if (st != TMPL_OK)
			return st;
		const char *after = standalone_end(ps, open, close + 2);
		count_lines(ps, open, after);
		ps->p = after;
	}
	if (ps->nopen) {
		const open_sec_t *o = &ps->open[ps->nopen - 1];
		set_err(ps->err, "%s:%d:%d: {{#%.*s}} is never closed", ps->t->name, o->line, o->col,
			(int)o->len, o->name);
		return TMPL_ESYNTAX;
	}
	return TMPL_OK;
}

static void tmpl_free(tmpl_t *t)
{
	if (!t)
		return;
	for (int i = 0; i < t->n; i++)
		if (t->nodes[i].type != N_TEXT)
			free((char *)t->nodes[i].text);
	free(t->nodes);
	free(t->src);
	free(t->name);
	free(t);
}

static int tmpl_parse(const char *name, const char *src, size_t len, tmpl_t **out, tmpl_err_t *err)
{
	tmpl_t *t = xcalloc(1, sizeof(*t));
	t->name = xstrdup(name);
	t->src = xmalloc(len + 1);
	memcpy(t->src, src, len);
	t->src[len] = '\0';
	parser_t ps = {.t = t, .p = t->src, .end = t->src + len, .line = 1, .line_start = t->src,
		       .err = err};
	int st = parse(&ps);
	if (st != TMPL_OK) {
		tmpl_free(t);
		return st;
	}
	*out = t;
	return TMPL_OK;
}

/* ---- the library ---- */

tmpl_lib_t *tmpl_lib_new(void)
{
	return xcalloc(1, sizeof(tmpl_lib_t));
}

void tmpl_lib_free(tmpl_lib_t *lib)
{
	if (!lib)
		return;
	for (int i = 0; i < lib->n; i++)
		tmpl_free(lib->t[i]);
	free(lib->t);
	free(lib);
}

static const tmpl_t *lib_find(const tmpl_lib_t *lib, const char *name, size_t len)
{
	for (int i = 0; i < lib->n; i++)
		if (strlen(lib->t[i]->name) == len && memcmp(lib->t[i]->name, name, len) == 0)
			return lib->t[i];
	return NULL;
}

int tmpl_lib_add(tmpl_lib_t *lib, const char *name, const char *src, size_t len, tmpl_err_t *err)
{
	tmpl_t *t;
	int st = tmpl_parse(name, src, len, &t, err);
	if (st != TMPL_OK)
		return st;
	for (int i = 0; i < lib->n; i++)
		if (strcmp(lib->t[i]->name, name) == 0) {
			tmpl_free(lib->t[i]);
			lib->t[i] = t;
			return TMPL_OK;
		}
	if (lib->n == lib->cap) {
		lib->cap = lib->cap ? lib->cap * 2 : 16;
		lib->t = xrealloc(lib->t, sizeof(tmpl_t *) * (size_t)lib->cap);
	}
	lib->t[lib->n++] = t;
	return TMPL_OK;
}

int tmpl_lib_check(const tmpl_lib_t *lib, tmpl_err_t *err)
{
	for (int i = 0; i < lib->n; i++) {
		const tmpl_t *t = lib->t[i];
		for (int j = 0; j < t->n; j++)
			if (t->nodes[j].type == N_PARTIAL && !lib_find(lib, t->nodes[j].text, t->nodes[j].len)) {
				set_err(err, "%s:%d: no partial named \"%s\"", t->name, t->nodes[j].line,
					t->nodes[j].text);
				return TMPL_ENOTFOUND;
			}
	}
	return TMPL_OK;
}

/* ---- rendering ---- */

typedef struct render {
	const tmpl_lib_t *lib;
	buf_t *out;
	json_t *stack[TMPL_MAX_STACK];
	int depth, partials;
	tmpl_err_t *err;
} render_t;

/* Mustache lookup of node n's name: the first segment is searched from the
 * innermost context outwards; the rest are resolved only inside what it
 * found. Segments are looked up by length, in place (names were checked at
 * parse time: no empty segment). */
static json_t *lookup(const render_t *rs, const node_t *n)
{
	const char *name = n->text, *end = n->text + n->len;
	if (n->len == 1 && name[0] == '.')
		return rs->depth ? rs->stack[rs->depth - 1] : NULL;
	const char *dot = memchr(name, '.', n->len);
	size_t seg = (size_t)((dot ? dot : end) - name);
	json_t *v = NULL;
	for (int i = rs->depth - 1; i >= 0 && !v; i--)
		v = json_object_getn(rs->stack[i], name, seg); /* NULL for non-objects */
	while (v && dot) {
		name = dot + 1;
		dot = memchr(name, '.', (size_t)(end - name));
		v = json_object_getn(v, name, (size_t)((dot ? dot : end) - name));
	}
	return v;
}

static bool truthy(const json_t *v)
{
	if (!v)
		return false;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_TRUE:
		return true;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0.0;
	default:
		return false;
	}
}

/* The only way a value reaches the page: escaped for HTML text and for
 * quoted attribute values alike. */
static void put_value(buf_t *out, const json_t *v)
{
	if (!v)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		buf_put_html(out, json_string_value(v));
		break;
	case JSON_INTEGER:
		buf_put_int(out, (int64_t)json_integer_value(v)); /* a chart prints hundreds */
		break;
	case JSON_REAL:
		buf_printf(out, "%g", json_real_value(v));
		break;
	case JSON_TRUE:
		buf_puts(out, "true");
		break;
	default: /* null, false, objects and arrays print nothing */
		break;
	}
}

static int render_range(render_t *rs, const tmpl_t *t, int from, int to);

/* {{% name}}: a string value rendered as Markdown by cmark in safe mode,
 * which escapes the text itself and drops raw HTML and unsafe links; so even
 * this tag cannot put unescaped input on the page. */
static void put_markdown(buf_t *out, const json_t *v)
{
	if (!json_is_string(v))
		return;
	char *html = cmark_markdown_to_html(json_string_value(v), json_string_length(v), CMARK_OPT_SAFE);
	if (html)
		buf_puts(out, html);
	free(html);
}

static int push(render_t *rs, json_t *v, const tmpl_t *t, int line)
{
	if (rs->depth == TMPL_MAX_STACK) {
		set_err(rs->err, "%s:%d: contexts nested deeper than %d", t->name, line, TMPL_MAX_STACK);
		return TMPL_ELIMIT;
	}
	rs->stack[rs->depth++] = v;
	return TMPL_OK;
}

/* Renders the body [i + 1, end) of section node i once with v on the stack. */
static int render_body(render_t *rs, const tmpl_t *t, int i, json_t *v)
{
	int st = push(rs, v, t, t->nodes[i].line);
	if (st != TMPL_OK)
		return st;
	st = render_range(rs, t, i + 1, t->nodes[i].end);
	rs->depth--;
	return st;
}

static int render_section(render_t *rs, const tmpl_t *t, int i)
{
	const node_t *n = &t->nodes[i];
	json_t *v = lookup(rs, n);
	if (n->type == N_INVERTED)
		return truthy(v) ? TMPL_OK : render_range(rs, t, i + 1, n->end);
	if (!truthy(v))
		return TMPL_OK;
	if (!json_is_array(v))
		return render_body(rs, t, i, v);
	size_t k;
	json_t *item;
	json_array_foreach(v, k, item) {
		int st = render_body(rs, t, i, item);
		if (st != TMPL_OK)
			return st;
	}
	return TMPL_OK;
}

static int render_partial(render_t *rs, const tmpl_t *t, const node_t *n)
{
	const tmpl_t *p = lib_find(rs->lib, n->text, n->len);
	if (!p) {
		set_err(rs->err, "%s:%d: no partial named \"%s\"", t->name, n->line, n->text);
		return TMPL_ENOTFOUND;
	}
	if (rs->partials == TMPL_MAX_PARTIALS) {
		set_err(rs->err, "%s:%d: partials nested deeper than %d (a partial including itself?)",
			t->name, n->line, TMPL_MAX_PARTIALS);
		return TMPL_ELIMIT;
	}
	rs->partials++;
	int st = render_range(rs, p, 0, p->n);
	rs->partials--;
	return st;
}

static int render_range(render_t *rs, const tmpl_t *t, int from, int to)
{
	for (int i = from; i < to; i++) {
		const node_t *n = &t->nodes[i];
		int st = TMPL_OK;
		switch (n->type) {
		case N_TEXT:
			buf_append(rs->out, n->text, n->len);
			break;
		case N_VAR:
			put_value(rs->out, lookup(rs, n));
			break;
		case N_MARKDOWN:
			put_markdown(rs->out, lookup(rs, n));
			break;
		case N_SECTION:
		case N_INVERTED:
			st = render_section(rs, t, i);
			i = n->end - 1; /* continue after the body */
			break;
		case N_PARTIAL:
			st = render_partial(rs, t, n);
			break;
		}
		if (st != TMPL_OK)
			return st;
	}
	return TMPL_OK;
}

int tmpl_render(const tmpl_lib_t *lib, const char *name, json_t *ctx, buf_t *out, tmpl_err_t *err)
{
	const tmpl_t *t = lib_find(lib, name, strlen(name));
	if (!t) {
		set_err(err, "no template named \"%s\"", name);
		return TMPL_ENOTFOUND;
	}
	render_t rs = {.lib = lib, .out = out, .err = err};
	int st = ctx ? push(&rs, ctx, t, 1) : TMPL_OK;
	if (st == TMPL_OK)
		st = render_range(&rs, t, 0, t->n);
	return st;
}
