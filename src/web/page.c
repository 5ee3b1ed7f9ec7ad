/* Shared machinery of the pages (see page.h): the template library, the base
 * context, rendering, form fields with their errors, and form input checked
 * once at the edge — UTF-8 text of bounded length — before any handler
 * interprets it. */
#include "web/page.h"
#include "core/embed.h"
#include "core/xalloc.h"
#include "http/auth.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEMPLATE_DIR "web/templates/"
#define CSS_FILE "web/static/style.css"

static tmpl_lib_t *templates;
static char css_url[64];
static page_header_fn header_fn;

void page_set_header(page_header_fn fn)
{
	header_fn = fn;
}

int page_templates_load(tmpl_lib_t *lib, tmpl_err_t *err)
{
	size_t dirlen = strlen(TEMPLATE_DIR);
	for (int i = 0; i < embed_count; i++) {
		const char *name = embed_files[i].name;
		size_t n = strlen(name);
		if (strncmp(name, TEMPLATE_DIR, dirlen) != 0 || n < dirlen + 6 ||
		    strcmp(name + n - 5, ".html") != 0)
			continue;
		char short_name[128];
		snprintf(short_name, sizeof(short_name), "%.*s", (int)(n - dirlen - 5), name + dirlen);
		int st = tmpl_lib_add(lib, short_name, embed_files[i].data, embed_files[i].len, err);
		if (st != TMPL_OK)
			return st;
	}
	return tmpl_lib_check(lib, err);
}

/* FNV-1a: enough to tell one stylesheet from the next. */
static unsigned hash32(const char *s, size_t n)
{
	unsigned h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

void page_init(void)
{
	tmpl_err_t err = {{0}};
	if (templates)
		return; /* routes may be registered again (tests); templates once */
	templates = tmpl_lib_new();
	if (page_templates_load(templates, &err) != TMPL_OK) {
		fprintf(stderr, "mentord: built-in template error: %s\n", err.msg);
		abort();
	}
	size_t len;
	const char *css = page_css(&len);
	snprintf(css_url, sizeof(css_url), "/static/style.css?v=%08x", hash32(css, len));
}

const char *page_css(size_t *len)
{
	const struct embed_file *f = embed_find(CSS_FILE);
	*len = f ? f->len : 0;
	return f ? f->data : "";
}

json_t *page_str(const char *s)
{
	json_t *v = json_string(s ? s : "");
	return v ? v : json_string(""); /* only invalid UTF-8 fails; never stored */
}

static void decref(void *v)
{
	json_decref(v);
}

json_t *page_json(req_t *r, json_t *v)
{
	if (v)
		arena_defer(r->arena, decref, v);
	return v;
}

json_t *page_ctx(req_t *r, const char *title, const char *nav_key)
{
	json_t *ctx = page_json(r, json_object());
	json_object_set_new(ctx, "title", page_str(title));
	json_object_set_new(ctx, "css", page_str(css_url));
	json_object_set_new(ctx, "version", page_str(MENTORD_VERSION));
	if (nav_key)
		json_object_set_new(ctx, "nav", json_pack("{s:b}", nav_key, 1));
	if (r->who.user_id) {
		json_object_set_new(ctx, "me", json_pack("{s:I, s:o, s:o, s:s, s:b, s:b}",
			"id", (json_int_t)r->who.user_id, "name", page_str(r->who.name),
			"email", page_str(r->who.email), "role", role_name(r->who.role),
			"is_admin", r->who.role == ROLE_ADMIN, "is_manager", r->who.role >= ROLE_MANAGER));
		json_object_set_new(ctx, "csrf", page_str(r->who.csrf));
	}
	return ctx;
}

void page_header(req_t *r, json_t *ctx)
{
	json_t *me = json_object_get(ctx, "me");
	if (header_fn && me)
		header_fn(r, me);
}

void page_render(req_t *r, int status, const char *name, json_t *ctx)
{
	tmpl_err_t err = {{0}};
	page_header(r, ctx);
	buf_reset(&r->out);
	int st = templates ? tmpl_render(templates, name, ctx, &r->out, &err) : TMPL_ENOTFOUND;
	if (st != TMPL_OK) {
		fprintf(stderr, "{\"level\":\"error\",\"msg\":\"template\",\"detail\":\"%s\"}\n",
			templates ? err.msg : "templates not loaded");
		const char *msg = "Internal error: this page could not be shown.\n";
		resp_text(r, 500, "text/plain; charset=utf-8", msg, strlen(msg));
		return;
	}
	r->status = status;
	r->content_type = "text/html; charset=utf-8";
}

const char *page_safe_next(const char *s)
{
	if (!s || s[0] != '/' || s[1] == '/' || strlen(s) > 512)
		return "/";
	for (const char *c = s; *c; c++)
		if (*c == '\\' || (unsigned char)*c < 0x20 || *c == 0x7f)
			return "/";
	return s;
}

bool page_same_origin(req_t *r)
{
	/* Sec-Fetch-Site alone let a cross-site form from a browser that does
	 * not send it (but sends Origin) log its victim in. */
	return auth_same_origin(r);
}

/* ---- form fields ---- */

static const char *error_for(const verr_t *errs, const char *field)
{
	for (int i = 0; errs && i < errs->n; i++)
		if (strcmp(errs->e[i].field, field) == 0)
			return errs->e[i].msg;
	return NULL;
}

/* "must be ..." as a sentence: "Must be ...". */
static json_t *capitalised(const char *msg)
{
	json_t *v = page_str(msg);
	const char *s = json_string_value(v);
	if (s[0] >= 'a' && s[0] <= 'z') {
		char *c = xstrdup(s);
		c[0] = (char)(c[0] - 'a' + 'A');
		json_string_set(v, c);
		free(c);
	}
	return v;
}

json_t *page_field(const char *name, const char *label, const char *value, const char *hint,
		   const verr_t *errs)
{
	char id[96], described[224] = "";
	snprintf(id, sizeof(id), "f-%s", name);
	const char *error = error_for(errs, name);
	if (hint)
		snprintf(described, sizeof(described), "%s-hint", id);
	if (error)
		snprintf(described + strlen(described), sizeof(described) - strlen(described), "%s%s-error",
			 hint ? " " : "", id);
	/* Every key a field partial reads is set, even when empty, so a lookup
	 * never falls through to a same-named key of an outer context. */
	json_t *f = json_pack("{s:s, s:s, s:s, s:o, s:s, s:o, s:o, s:o, s:n, s:n, s:n, s:n, s:n}",
			      "id", id, "name", name, "label", label, "value", page_str(value),
			      "type", "text", "hint", hint ? page_str(hint) : json_null(),
			      "error", error ? capitalised(error) : json_null(),
			      "describedby", *described ? page_str(described) : json_null(),
			      "maxlength", "required", "autocomplete", "inputmode", "rows");
	return f;
}

json_t *page_select(const char *name, const char *label, const page_opt_t *opts,
		    const char *current, const char *hint, const verr_t *errs)
{
	json_t *f = page_field(name, label, current, hint, errs);
	json_t *options = json_array();
	for (const page_opt_t *o = opts; o->value; o++)
		json_array_append_new(options, json_pack("{s:s, s:s, s:b}", "value", o->value, "label",
							  o->label, "selected",
							  current && strcmp(current, o->value) == 0));
	json_object_set_new(f, "options", options);
	return f;
}

void page_error_summary(json_t *ctx, const verr_t *errs, const page_label_t *labels)
{
	if (!errs || errs->n == 0)
		return;
	json_t *list = json_array();
	for (int i = 0; i < errs->n; i++) {
		const char *field = errs->e[i].field, *label = field, *anchor = NULL;
		for (const page_label_t *l = labels; l && l->field; l++)
			if (strcmp(l->field, field) == 0) {
				label = l->label;
				anchor = l->anchor;
			}
		char id[96];
		snprintf(id, sizeof(id), "f-%s", field);
		json_array_append_new(list, json_pack("{s:s, s:o, s:o}", "anchor", anchor ? anchor : id,
						      "label", page_str(label), "message",
						      page_str(errs->e[i].msg)));
	}
	json_object_set_new(ctx, "errors", list);
	json_object_set_new(ctx, "error_count", json_integer(errs->n));
	json_object_set_new(ctx, "error_plural", json_boolean(errs->n > 1));
}

/* ---- form input ---- */

/* Well-formed UTF-8 without control characters other than tab and newline. */
static bool text_valid(const unsigned char *s)
{
	while (*s) {
		unsigned c = *s;
		int extra = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 :
			    (c & 0xf8) == 0xf0 ? 3 : -1;
		if (extra < 0 || (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			return false;
		unsigned cp = extra == 0 ? c : extra == 1 ? c & 0x1f : extra == 2 ? c & 0x0f : c & 0x07;
		for (int i = 1; i <= extra; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i] & 0x3f);
		}
		static const unsigned min_cp[] = {0, 0x80, 0x800, 0x10000};
		if (cp < min_cp[extra] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		s += extra + 1;
	}
	return true;
}

/* Trims and turns CRLF into LF, into the arena. */
static char *tidy(arena_t *a, const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	char *out = arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '\r' && i + 1 < n && s[i + 1] == '\n'))
			*o++ = s[i] == '\r' ? '\n' : s[i];
	*o = '\0';
	return out;
}

void page_split_list(arena_t *a, const char *s, strlist_t *out)
{
	int cap = 1;
	for (const char *c = s; *c; c++)
		cap += *c == ',';
	out->v = arena_alloc(a, sizeof(char *) * (size_t)cap);
	out->n = 0;
	while (*s) {
		size_t n = strcspn(s, ",");
		const char *item = tidy(a, arena_strndup(a, s, n));
		if (*item)
			out->v[out->n++] = item;
		s += n + (s[n] == ',');
	}
}

const char *page_join_list(arena_t *a, const strlist_t *l)
{
	buf_t b = BUF_INIT;
	for (int i = 0; i < l->n; i++) {
		if (i)
			buf_puts(&b, ", ");
		buf_puts(&b, l->v[i]);
	}
	const char *s = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return s;
}

void page_rename_error(verr_t *errs, const char *from, const char *to)
{
	for (int i = 0; i < errs->n; i++)
		if (strcmp(errs->e[i].field, from) == 0)
			errs->e[i].field = to;
}

/* ---- display names ---- */

const page_opt_t page_kinds[] = {
	{"one_to_one", "One-to-one"}, {"group", "Group"}, {"reverse", "Reverse mentoring"},
	{"peer", "Peer mentoring"}, {NULL, NULL}};
const page_opt_t page_matchings[] = {
	{"optimal", "Optimal (best total fit)"}, {"stable", "Stable (no pair would rather swap)"},
	{"self", "Self-match (mentees choose)"}, {NULL, NULL}};
const page_opt_t page_channels[] = {
	{"", "No preference"}, {"video", "Video call"}, {"phone", "Phone"},
	{"in_person", "In person"}, {"chat", "Chat"}, {"email", "Email"}, {NULL, NULL}};
const page_opt_t page_styles[] = {
	{"", "No preference"}, {"structured", "Structured"}, {"conversational", "Conversational"},
	{"flexible", "Flexible"}, {NULL, NULL}};

static const char *label_of(const page_opt_t *opts, const char *value)
{
	for (const page_opt_t *o = opts; value && o->value; o++)
		if (strcmp(o->value, value) == 0)
			return o->label;
	return value ? value : "";
}

const char *page_kind_label(const char *kind)
{
	return label_of(page_kinds, kind);
}

const char *page_matching_label(const char *matching)
{
	return label_of(page_matchings, matching);
}

const char *page_channel_label(const char *channel)
{
	return channel ? label_of(page_channels, channel) : "";
}

const char *page_style_label(const char *style)
{
	return style ? label_of(page_styles, style) : "";
}

const char *page_day_name(int day)
{
	static const char *const days[] = {"", "Monday", "Tuesday", "Wednesday", "Thursday",
					   "Friday", "Saturday", "Sunday"};
	return day >= 1 && day <= 7 ? days[day] : "";
}

/* ---- access ---- */

/* ---- services ---- */

void page_svc(req_t *r, svc_t *s)
{
	svc_init(s, r->db, r->arena, r->who.user_id, r->who.role, r->who.name, r->who.email, r->ip,
		 (secret_cost_t){r->app->pw_ops, r->app->pw_mem});
	s->via_session = r->who.via_cookie;
	s->csrf = r->who.csrf;
}

void page_refuse(req_t *r, const svc_t *s, int st)
{
	if (st == SVC_BUSY)
		resp_header(r, "Retry-After", "1");
	if (st == SVC_ERROR || !s->err.message) {
		if (st == SVC_ERROR)
			fprintf(stderr, "{\"level\":\"error\",\"msg\":\"service error on a page\"}\n");
		web_error(r, st >= 400 ? st : 500, st == SVC_BUSY ? "The server is busy. Please try again in a moment."
						      : "Something went wrong on our side. Please try again.");
		return;
	}
	/* The service's words, as a sentence. */
	char *msg = arena_printf(r->arena, "%s%s", s->err.message,
				 s->err.message[0] && s->err.message[strlen(s->err.message) - 1] == '.' ? "" : ".");
	if (msg[0] >= 'a' && msg[0] <= 'z')
		msg[0] = (char)(msg[0] - 'a' + 'A');
	web_error(r, st, msg);
}

void page_add_errors(verr_t *errs, const svc_t *s)
{
	for (int i = 0; i < s->fields.n; i++)
		verr_add(errs, s->fields.e[i].field, s->fields.e[i].msg);
	if (s->fields.n == 0 && s->err.message)
		verr_add(errs, "form", s->err.message);
}

const char *page_raw(req_t *r, const char *name)
{
	const char *raw = http_form(r, name);
	if (!raw)
		return "";
	char *v = tidy(r->arena, raw);
	return text_valid((const unsigned char *)v) ? v : "";
}

/* ---- error pages ---- */

static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 401: return "Please log in";
	case 403: return "Not allowed";
	case 404: return "Page not found";
	case 405: return "Not available";
	case 409: return "That cannot be done now";
	case 413: return "Too large";
	case 429: return "Too many attempts";
	case 503: return "Busy";
	default: return status >= 500 ? "Something went wrong" : "Error";
	}
}

void web_error(req_t *r, int status, const char *message)
{
	json_t *ctx = page_ctx(r, status_title(status), NULL);
	json_object_set_new(ctx, "status", json_integer(status));
	json_object_set_new(ctx, "message", page_str(message));
	page_render(r, status, "error", ctx);
}
