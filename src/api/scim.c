/* SCIM 2.0 (RFC 7643/7644) at /scim/v2: the edge an identity provider
 * (Entra ID, Okta, Google Workspace, Keycloak) provisions accounts through.
 * SCIM is not the JSON API: its own media type (application/scim+json), its
 * own error shape, attribute names compared case-insensitively, PATCH
 * operations with paths such as emails[type eq "work"].value, and values
 * providers send loosely ("active": "False"). So it has this small
 * dispatcher of its own instead of entries in openapi.json; every rule and
 * every write is still the services' (svc/scim.c). Only a bearer token with
 * the provisioning scope gets in (who.provisioning). */
#include "api/scim.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "svc/scim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SCIM_TYPE "application/scim+json"
#define URN_USER "urn:ietf:params:scim:schemas:core:2.0:User"
#define URN_ENT "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
#define URN_ERROR "urn:ietf:params:scim:api:messages:2.0:Error"
#define URN_LIST "urn:ietf:params:scim:api:messages:2.0:ListResponse"
#define URN_PATCH "urn:ietf:params:scim:api:messages:2.0:PatchOp"
#define SCIM_MAX_RESULTS 200
#define SCIM_DEFAULT_COUNT 100

static void reply(req_t *r, int status, json_t *body)
{
	char *s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!s) {
		resp_text(r, 500, "text/plain; charset=utf-8", "out of memory", 13);
		return;
	}
	resp_text(r, status, SCIM_TYPE, s, strlen(s));
	free(s);
}

/* SCIM's error: status as a string, scimType when one applies. */
static void scim_error(req_t *r, int status, const char *type, const char *detail)
{
	json_t *e = json_pack("{s:[s], s:s, s:s}", "schemas", URN_ERROR, "status",
			      arena_printf(r->arena, "%d", status), "detail", detail);
	if (!e) /* a detail that is not UTF-8 */
		e = json_pack("{s:[s], s:s, s:s}", "schemas", URN_ERROR, "status", arena_printf(r->arena, "%d", status),
			      "detail", "refused");
	if (type)
		json_object_set_new(e, "scimType", json_string(type));
	reply(r, status, e);
}

/* A service's refusal as SCIM's error. */
static void refuse(req_t *r, const svc_t *s, int st)
{
	const char *code = s->err.code;
	const char *type = code && (!strcmp(code, "uniqueness") || !strcmp(code, "invalidValue") ||
				    !strcmp(code, "mutability")) ? code : NULL;
	scim_error(r, st, type, s->err.message ? s->err.message : "refused");
}

/* Only a live provisioning token passes; anyone else is told why. */
static bool gate(req_t *r)
{
	if (r->who.provisioning)
		return true;
	if (r->who.user_id || r->who.metrics) {
		scim_error(r, 403, NULL, "SCIM needs a token with the provisioning scope");
		return false;
	}
	resp_header(r, "WWW-Authenticate", "Bearer realm=\"mentord SCIM\"");
	scim_error(r, 401, NULL, "send a provisioning token: Authorization: Bearer <token>");
	return false;
}

static void scim_svc(req_t *r, svc_t *s)
{
	svc_init(s, r->db, r->arena, r->who.provisioner, ROLE_MEMBER, "SCIM provisioning", NULL, r->ip,
		 (secret_cost_t){r->app->pw_ops, r->app->pw_mem});
	s->provisioning = true;
}

/* Where this server is, for meta.location. */
static const char *base(req_t *r)
{
	if (r->app->base_url)
		return r->app->base_url;
	const char *host = http_header(r, "Host");
	return arena_printf(r->arena, "http://%s", host ? host : "localhost");
}

static json_t *when(int64_t t)
{
	char ts[32];
	time_format(t, ts, sizeof(ts));
	return json_string(ts);
}

static json_t *user_json(req_t *r, const svc_scim_user_t *u)
{
	const char *id = arena_printf(r->arena, "%lld", (long long)u->id);
	json_t *ent = json_pack("{s:s}", "department", u->department);
	if (u->manager_id)
		json_object_set_new(ent, "manager",
				    json_pack("{s:s, s:s, s:s}", "value", arena_printf(r->arena, "%lld", (long long)u->manager_id),
					      "displayName", u->manager_name ? u->manager_name : "", "$ref",
					      arena_printf(r->arena, "%s/scim/v2/Users/%lld", base(r), (long long)u->manager_id)));
	json_t *o = json_pack("{s:[s,s], s:s, s:s, s:{s:s, s:s, s:s}, s:s, s:[{s:s, s:s, s:b}], s:b, s:o, s:{s:s, s:o, s:o, s:s, s:s}}",
		"schemas", URN_USER, URN_ENT, "id", id, "userName", u->user_name,
		"name", "givenName", u->given_name, "familyName", u->family_name, "formatted", u->name,
		"displayName", u->name, "emails", "value", u->email, "type", "work", "primary", 1,
		"active", u->active, URN_ENT, ent,
		"meta", "resourceType", "User", "created", when(u->created_at), "lastModified", when(u->updated_at),
		"location", arena_printf(r->arena, "%s/scim/v2/Users/%s", base(r), id),
		"version", arena_printf(r->arena, "W/\"%lld\"", (long long)u->updated_at));
	if (u->external_id)
		json_object_set_new(o, "externalId", json_string(u->external_id));
	return o;
}

/* ---- reading what providers send ---- */

/* A boolean as Okta (true) or Entra ID ("False") sends it. */
static bool as_bool(const json_t *v, bool *out)
{
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return true;
	}
	if (json_is_string(v) && (!strcasecmp(json_string_value(v), "true") || !strcasecmp(json_string_value(v), "false"))) {
		*out = !strcasecmp(json_string_value(v), "true");
		return true;
	}
	return false;
}

/* A manager as a user id: {"value": "7"}, "7" or 7; 0 for none (null or ""). */
static bool as_manager(const json_t *v, int64_t *out)
{
	if (json_is_object(v))
		v = json_object_get(v, "value");
	*out = 0;
	if (!v || json_is_null(v))
		return true;
	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return *out > 0;
	}
	if (!json_is_string(v))
		return false;
	const char *s = json_string_value(v);
	if (!*s)
		return true;
	char *end;
	long long id = strtoll(s, &end, 10);
	*out = id;
	return !*end && id > 0;
}

typedef struct scim_in {
	req_t *r;
	svc_scim_change_t c;
	const char *type, *detail; /* the first problem */
	bool display_given;        /* displayName was among the attributes */
} scim_in_t;

static bool bad(scim_in_t *in, const char *type, const char *detail)
{
	if (!in->type) {
		in->type = type;
		in->detail = detail;
	}
	return false;
}

static bool want_text(scim_in_t *in, const char *attr, const json_t *v, bool remove, const char **out)
{
	if (remove || json_is_null(v)) {
		*out = NULL;
		return true;
	}
	if (!json_is_string(v))
		return bad(in, "invalidValue", arena_printf(in->r->arena, "%s must be a string", attr));
	/* The body's JSON is freed before the service runs. */
	*out = text_trim(in->r->arena, json_string_value(v), strlen(json_string_value(v)));
	return true;
}

/* The work (or primary, or first) email of an emails array. */
static const json_t *pick_email(const json_t *arr)
{
	const json_t *first = NULL, *e;
	size_t i;
	json_array_foreach(arr, i, e) {
		const json_t *v = json_object_get(e, "value");
		if (!json_is_string(v))
			continue;
		if (json_is_true(json_object_get(e, "primary")) ||
		    (json_is_string(json_object_get(e, "type")) && !strcasecmp(json_string_value(json_object_get(e, "type")), "work")))
			return v;
		if (!first)
			first = v;
	}
	return first;
}

/* Attributes of SCIM's User and enterprise schemas mentord does not keep:
 * accepted and ignored, so a provider's default mappings work. */
static bool ignored(const char *attr)
{
	static const char *const names[] = {
		"schemas", "id", "meta", "password", "title", "phoneNumbers", "addresses", "locale", "preferredLanguage",
		"nickName", "profileUrl", "userType", "timezone", "ims", "photos", "groups", "entitlements", "roles",
		"x509Certificates", "employeeNumber", "costCenter", "organization", "division", "name.middleName",
		"name.honorificPrefix", "name.honorificSuffix", NULL};
	for (int i = 0; names[i]; i++)
		if (!strcasecmp(attr, names[i]) || (!strncasecmp(attr, names[i], strlen(names[i])) &&
						     (attr[strlen(names[i])] == '[' || attr[strlen(names[i])] == '.')))
			return true;
	return false;
}

static bool apply(scim_in_t *in, const char *path, const json_t *v, bool remove);

/* Each member of an object value as its own path (an operation without a
 * path, a "name" or enterprise-extension object, a POST or PUT body). */
static bool apply_object(scim_in_t *in, const char *prefix, const json_t *o, bool remove)
{
	if (!json_is_object(o))
		return bad(in, "invalidValue", arena_printf(in->r->arena, "%s must be an object", *prefix ? prefix : "value"));
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		const char *p = *prefix ? arena_printf(in->r->arena, "%s%s%s", prefix,
						       !strncasecmp(prefix, "urn:", 4) ? ":" : ".", k) : k;
		if (!apply(in, p, v, remove))
			return false;
	}
	return true;
}

/* Applies one attribute path (core names, name.x, emails forms, the
 * enterprise extension's department and manager) with value v. */
static bool apply(scim_in_t *in, const char *path, const json_t *v, bool remove)
{
	svc_scim_change_t *c = &in->c;
	arena_t *a = in->r->arena;
	size_t ul = strlen(URN_USER), el = strlen(URN_ENT);
	if (!strncasecmp(path, URN_USER, ul) && (path[ul] == ':' || !path[ul]))
		return path[ul] ? apply(in, path + ul + 1, v, remove) : apply_object(in, "", v, remove);
	if (!strncasecmp(path, URN_ENT, el) && !path[el])
		return apply_object(in, URN_ENT, v, remove);
	if (!strncasecmp(path, URN_ENT, el) && path[el] == ':') {
		const char *attr = path + el + 1;
		if (!strcasecmp(attr, "department")) {
			c->has_department = true;
			return want_text(in, "department", v, remove, &c->department);
		}
		if (!strcasecmp(attr, "manager") || !strcasecmp(attr, "manager.value")) {
			c->has_manager = true;
			if (remove)
				return (c->manager_id = 0, true);
			return as_manager(v, &c->manager_id) ||
			       bad(in, "invalidValue", "manager must be {\"value\": \"<the manager's id>\"}");
		}
		if (ignored(attr))
			return true;
		return bad(in, "invalidPath", arena_printf(a, "unknown attribute %s", path));
	}
	if (!strcasecmp(path, "userName")) {
		c->has_user_name = true;
		return want_text(in, "userName", v, remove, &c->user_name);
	}
	if (!strcasecmp(path, "externalId")) {
		c->has_external_id = true;
		return want_text(in, "externalId", v, remove, &c->external_id);
	}
	/* displayName wins over name.formatted, in whatever order they come. */
	if (!strcasecmp(path, "displayName")) {
		c->has_display_name = in->display_given = true;
		return want_text(in, path, v, remove, &c->display_name);
	}
	if (!strcasecmp(path, "name.formatted")) {
		const char *f;
		if (!want_text(in, path, v, remove, &f))
			return false;
		if (!in->display_given) {
			c->has_display_name = true;
			c->display_name = f;
		}
		return true;
	}
	if (!strcasecmp(path, "name.givenName")) {
		c->has_given_name = true;
		return want_text(in, "name.givenName", v, remove, &c->given_name);
	}
	if (!strcasecmp(path, "name.familyName")) {
		c->has_family_name = true;
		return want_text(in, "name.familyName", v, remove, &c->family_name);
	}
	if (!strcasecmp(path, "name")) {
		if (remove) {
			c->has_given_name = c->has_family_name = true;
			c->given_name = c->family_name = "";
			return true;
		}
		return apply_object(in, "name", v, false);
	}
	if (!strcasecmp(path, "active")) {
		if (remove)
			return bad(in, "mutability", "active cannot be removed; set it to false");
		c->has_active = true;
		return as_bool(v, &c->active) || bad(in, "invalidValue", "active must be true or false");
	}
	if (!strcasecmp(path, "emails")) {
		if (remove)
			return true; /* the sign-in email stays */
		const json_t *e = json_is_array(v) ? pick_email(v) : json_is_object(v) ? json_object_get(v, "value") : NULL;
		if (!e)
			return bad(in, "invalidValue", "emails must be [{\"value\": \"…\", \"type\": \"work\"}]");
		c->has_email = true;
		return want_text(in, "emails", e, false, &c->email);
	}
	/* emails[type eq "work"].value, emails[primary eq true].value, emails.value */
	if (!strncasecmp(path, "emails[", 7) || !strcasecmp(path, "emails.value")) {
		const char *close = strchr(path, ']');
		const char *filter = path[6] == '[' && close ? arena_printf(a, "%.*s", (int)(close - path - 7), path + 7) : "";
		const char *rest = close ? close + 1 : path + 6;
		bool ok_filter = !*filter || !strcasecmp(filter, "type eq \"work\"") || !strcasecmp(filter, "primary eq true");
		if (!ok_filter || (*rest && strcasecmp(rest, ".value")))
			return bad(in, "invalidPath", arena_printf(a, "unsupported path %s: mentord keeps one work email", path));
		if (remove)
			return true;
		if (!*rest && json_is_array(v))
			return apply(in, "emails", v, false);
		if (!*rest && json_is_object(v))
			v = json_object_get(v, "value");
		c->has_email = true;
		return want_text(in, "emails", v, false, &c->email);
	}
	if (ignored(path))
		return true;
	return bad(in, "invalidPath", arena_printf(a, "unknown attribute %s", path));
}

/* The request's JSON object, or an invalidSyntax answer. */
static json_t *body_json(req_t *r)
{
	json_error_t err;
	json_t *b = r->body_len ? json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &err) : NULL;
	if (!json_is_object(b)) {
		json_decref(b);
		scim_error(r, 400, "invalidSyntax", r->body_len ? "the body must be a JSON object" : "the body is empty");
		return NULL;
	}
	return b;
}

/* The {id} of /Users/{id}, or a 404. */
static bool user_id(req_t *r, int64_t *id)
{
	const char *s = r->nseg ? r->seg[0] : "";
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*s < '0' || *s > '9' || *end || v < 1) {
		scim_error(r, 404, NULL, "no such user: ids are positive integers");
		return false;
	}
	*id = v;
	return true;
}

/* ---- the handlers ---- */

/* POST /Users and PUT /Users/{id}: the body is the whole user. */
static void write_user(req_t *r, bool create)
{
	int64_t id = 0;
	if (!gate(r) || (!create && !user_id(r, &id)))
		return;
	json_t *b = body_json(r);
	if (!b)
		return;
	scim_in_t in = {.r = r};
	bool ok = apply_object(&in, "", b, false);
	json_decref(b);
	if (!ok) {
		scim_error(r, 400, in.type, in.detail);
		return;
	}
	if (!in.c.has_user_name) {
		scim_error(r, 400, "invalidValue", "userName is required");
		return;
	}
	/* A replace clears what the body leaves out (active excepted: nothing
	 * is switched off by omission). */
	if (!create) {
		svc_scim_change_t *c = &in.c;
		c->has_external_id = c->has_given_name = c->has_family_name = c->has_department = c->has_manager = true;
	}
	svc_t s;
	scim_svc(r, &s);
	svc_scim_user_t u;
	int st = create ? svc_scim_user_create(&s, &in.c, &u) : svc_scim_user_update(&s, id, &in.c, &u);
	if (st) {
		refuse(r, &s, st);
		return;
	}
	if (create)
		resp_header(r, "Location", arena_printf(r->arena, "%s/scim/v2/Users/%lld", base(r), (long long)u.id));
	reply(r, create ? 201 : 200, user_json(r, &u));
}

static void create_user(req_t *r)
{
	write_user(r, true);
}

static void replace_user(req_t *r)
{
	write_user(r, false);
}

static void patch_user(req_t *r)
{
	int64_t id;
	if (!gate(r) || !user_id(r, &id))
		return;
	json_t *b = body_json(r);
	if (!b)
		return;
	scim_in_t in = {.r = r};
	const json_t *ops = json_object_get(b, "Operations");
	if (!ops)
		ops = json_object_get(b, "operations");
	bool ok = json_is_array(ops) && json_array_size(ops) > 0 ? true
		: bad(&in, "invalidSyntax", "a PATCH needs Operations: [{\"op\": \"replace\", \"path\": …, \"value\": …}]");
	size_t i;
	const json_t *op;
	json_array_foreach(ops, i, op) {
		if (!ok)
			break;
		const char *kind = json_string_value(json_object_get(op, "op"));
		const char *path = json_string_value(json_object_get(op, "path"));
		const json_t *v = json_object_get(op, "value");
		bool remove = kind && !strcasecmp(kind, "remove");
		if (!kind || (!remove && strcasecmp(kind, "add") && strcasecmp(kind, "replace")))
			ok = bad(&in, "invalidSyntax", "op must be add, replace or remove");
		else if (remove && !path)
			ok = bad(&in, "noTarget", "remove needs a path");
		else if (!remove && !v)
			ok = bad(&in, "invalidValue", "add and replace need a value");
		else
			ok = path ? apply(&in, path, v, remove) : apply_object(&in, "", v, false);
	}
	json_decref(b);
	if (!ok) {
		scim_error(r, 400, in.type, in.detail);
		return;
	}
	svc_t s;
	scim_svc(r, &s);
	svc_scim_user_t u;
	int st = svc_scim_user_update(&s, id, &in.c, &u);
	if (st) {
		refuse(r, &s, st);
		return;
	}
	reply(r, 200, user_json(r, &u));
}

/* DELETE deactivates: nothing is ever lost. */
static void delete_user(req_t *r)
{
	int64_t id;
	if (!gate(r) || !user_id(r, &id))
		return;
	svc_t s;
	scim_svc(r, &s);
	svc_scim_change_t c = {.has_active = true, .active = false};
	svc_scim_user_t u;
	int st = svc_scim_user_update(&s, id, &c, &u);
	if (st) {
		refuse(r, &s, st);
		return;
	}
	resp_text(r, 204, SCIM_TYPE, "", 0);
}

static void get_user(req_t *r)
{
	int64_t id;
	if (!gate(r) || !user_id(r, &id))
		return;
	svc_t s;
	scim_svc(r, &s);
	svc_scim_user_t u;
	int st = svc_scim_user_get(&s, id, &u);
	if (st) {
		refuse(r, &s, st);
		return;
	}
	reply(r, 200, user_json(r, &u));
}

/* filter: `userName eq "…"` or `externalId eq "…"`; false on any other. */
static bool parse_filter(req_t *r, const char *f, const char **by, const char **value)
{
	while (*f == ' ')
		f++;
	size_t n = strcspn(f, " ");
	if (n == 8 && !strncasecmp(f, "userName", 8))
		*by = "userName";
	else if (n == 10 && !strncasecmp(f, "externalId", 10))
		*by = "externalId";
	else
		return false;
	f += n;
	while (*f == ' ')
		f++;
	if (strncasecmp(f, "eq ", 3))
		return false;
	f += 3;
	while (*f == ' ')
		f++;
	size_t len = strlen(f);
	while (len && f[len - 1] == ' ')
		len--;
	if (len < 2 || f[0] != '"' || f[len - 1] != '"')
		return false;
	json_error_t err;
	json_t *s = json_loadb(f, len, JSON_DECODE_ANY, &err);
	if (!json_is_string(s)) {
		json_decref(s);
		return false;
	}
	*value = arena_strdup(r->arena, json_string_value(s));
	json_decref(s);
	return true;
}

/* A non-negative integer query parameter; def when absent. */
static bool query_int(req_t *r, const char *name, int64_t def, int64_t *out)
{
	const char *v = http_query(r, name);
	*out = def;
	if (!v)
		return true;
	char *end;
	long long x = strtoll(v, &end, 10);
	if (!*v || *end)
		return false;
	*out = x;
	return true;
}

static void list_users(req_t *r)
{
	if (!gate(r))
		return;
	const char *filter = http_query(r, "filter"), *by = NULL, *value = NULL;
	if (filter && *filter && !parse_filter(r, filter, &by, &value)) {
		scim_error(r, 400, "invalidFilter",
			   "mentord filters users by userName eq \"…\" or externalId eq \"…\" only");
		return;
	}
	int64_t start, count;
	if (!query_int(r, "startIndex", 1, &start) || !query_int(r, "count", SCIM_DEFAULT_COUNT, &count)) {
		scim_error(r, 400, "invalidValue", "startIndex and count must be integers");
		return;
	}
	/* RFC 7644 3.4.2.4: below 1 means 1, a negative count 0. */
	start = start < 1 ? 1 : start;
	count = count < 0 ? 0 : count > SCIM_MAX_RESULTS ? SCIM_MAX_RESULTS : count;
	svc_t s;
	scim_svc(r, &s);
	svc_scim_page_t p;
	int st = svc_scim_user_list(&s, by, value, start, (int)count, &p);
	if (st) {
		refuse(r, &s, st);
		return;
	}
	json_t *items = json_array();
	for (int i = 0; i < p.n; i++)
		json_array_append_new(items, user_json(r, &p.items[i]));
	reply(r, 200, json_pack("{s:[s], s:I, s:I, s:i, s:o}", "schemas", URN_LIST, "totalResults",
				(json_int_t)p.total, "startIndex", (json_int_t)start, "itemsPerPage", p.n,
				"Resources", items));
}

/* ---- what the provider reads to learn what mentord supports ---- */

static void service_provider_config(req_t *r)
{
	if (!gate(r))
		return;
	reply(r, 200, json_pack(
		"{s:[s], s:s, s:{s:b}, s:{s:b, s:i, s:i}, s:{s:b, s:i}, s:{s:b}, s:{s:b}, s:{s:b},"
		" s:[{s:s, s:s, s:s, s:b}], s:{s:s, s:s}}",
		"schemas", "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
		"documentationUri", "https://github.com/mentord/mentord/blob/main/docs/sso.md",
		"patch", "supported", 1, "bulk", "supported", 0, "maxOperations", 0, "maxPayloadSize", 0,
		"filter", "supported", 1, "maxResults", SCIM_MAX_RESULTS, "changePassword", "supported", 0,
		"sort", "supported", 0, "etag", "supported", 0,
		"authenticationSchemes", "type", "oauthbearertoken", "name", "OAuth Bearer Token", "description",
		"A mentord token with the provisioning scope (mentord token create --scope provisioning)", "primary", 1,
		"meta", "resourceType", "ServiceProviderConfig", "location",
		arena_printf(r->arena, "%s/scim/v2/ServiceProviderConfig", base(r))));
}

static json_t *resource_type(req_t *r)
{
	return json_pack("{s:[s], s:s, s:s, s:s, s:s, s:s, s:[{s:s, s:b}], s:{s:s, s:s}}",
		"schemas", "urn:ietf:params:scim:schemas:core:2.0:ResourceType", "id", "User", "name", "User",
		"endpoint", "/Users", "description", "People with a mentord account", "schema", URN_USER,
		"schemaExtensions", "schema", URN_ENT, "required", 0,
		"meta", "resourceType", "ResourceType", "location",
		arena_printf(r->arena, "%s/scim/v2/ResourceTypes/User", base(r)));
}

static json_t *list_of(json_t *items)
{
	return json_pack("{s:[s], s:I, s:i, s:I, s:o}", "schemas", URN_LIST, "totalResults",
			 (json_int_t)json_array_size(items), "startIndex", 1, "itemsPerPage",
			 (json_int_t)json_array_size(items), "Resources", items);
}

static void resource_types(req_t *r)
{
	if (gate(r))
		reply(r, 200, list_of(json_pack("[o]", resource_type(r))));
}

static void resource_type_one(req_t *r)
{
	if (!gate(r))
		return;
	if (strcmp(r->seg[0], "User"))
		scim_error(r, 404, NULL, "mentord provisions Users only");
	else
		reply(r, 200, resource_type(r));
}

/* One attribute's definition. */
static json_t *attr(const char *name, const char *type, bool multi, bool required, const char *uniqueness,
		    const char *description)
{
	return json_pack("{s:s, s:s, s:b, s:s, s:b, s:b, s:s, s:s, s:s}", "name", name, "type", type,
			 "multiValued", multi, "description", description, "required", required, "caseExact", 0,
			 "mutability", "readWrite", "returned", "default", "uniqueness", uniqueness);
}

static json_t *with_sub(json_t *a, json_t *subs)
{
	json_object_set_new(a, "subAttributes", subs);
	return a;
}

static json_t *schema_user(req_t *r)
{
	json_t *attrs = json_pack("[o, o, o, o, o, o]",
		attr("userName", "string", 0, 1, "server", "The provider's unique name for the person; "
			"mentord's sign-in email when it is an email address and no work email is given"),
		with_sub(attr("name", "complex", 0, 0, "none", "The parts of the person's name"),
			 json_pack("[o, o, o]", attr("givenName", "string", 0, 0, "none", "Given name"),
				   attr("familyName", "string", 0, 0, "none", "Family name"),
				   attr("formatted", "string", 0, 0, "none", "The full name, as displayName"))),
		attr("displayName", "string", 0, 0, "none", "The name mentord shows"),
		with_sub(attr("emails", "complex", 1, 0, "none", "The work email: mentord's sign-in email"),
			 json_pack("[o, o, o]", attr("value", "string", 0, 0, "server", "The address"),
				   attr("type", "string", 0, 0, "none", "work"),
				   attr("primary", "boolean", 0, 0, "none", "The primary address"))),
		attr("active", "boolean", 0, 0, "none", "false deactivates the account: sessions and tokens end, "
			"live relationships are ended by the organisation"),
		attr("externalId", "string", 0, 0, "server", "The provider's own id of the person"));
	return json_pack("{s:[s], s:s, s:s, s:s, s:o, s:{s:s, s:s}}",
		"schemas", "urn:ietf:params:scim:schemas:core:2.0:Schema", "id", URN_USER, "name", "User",
		"description", "A person with a mentord account", "attributes", attrs,
		"meta", "resourceType", "Schema", "location", arena_printf(r->arena, "%s/scim/v2/Schemas/%s", base(r), URN_USER));
}

static json_t *schema_enterprise(req_t *r)
{
	json_t *attrs = json_pack("[o, o]",
		attr("department", "string", 0, 0, "none", "Written to the person's profile"),
		with_sub(attr("manager", "complex", 0, 0, "none", "The person's manager, written to the profile"),
			 json_pack("[o, o]", attr("value", "string", 0, 0, "none", "The manager's SCIM id"),
				   attr("displayName", "string", 0, 0, "none", "The manager's name (read only)"))));
	return json_pack("{s:[s], s:s, s:s, s:s, s:o, s:{s:s, s:s}}",
		"schemas", "urn:ietf:params:scim:schemas:core:2.0:Schema", "id", URN_ENT, "name", "EnterpriseUser",
		"description", "The enterprise extension: department and manager", "attributes", attrs,
		"meta", "resourceType", "Schema", "location", arena_printf(r->arena, "%s/scim/v2/Schemas/%s", base(r), URN_ENT));
}

static void schemas(req_t *r)
{
	if (gate(r))
		reply(r, 200, list_of(json_pack("[o, o]", schema_user(r), schema_enterprise(r))));
}

static void schema_one(req_t *r)
{
	if (!gate(r))
		return;
	if (!strcmp(r->seg[0], URN_USER))
		reply(r, 200, schema_user(r));
	else if (!strcmp(r->seg[0], URN_ENT))
		reply(r, 200, schema_enterprise(r));
	else
		scim_error(r, 404, NULL, "no such schema: mentord has the User schema and the enterprise extension");
}

/* Groups are not provisioned (mentord has none): a provider that asks is
 * told so in SCIM's shape rather than with a page. */
static void groups(req_t *r)
{
	if (gate(r))
		scim_error(r, 404, NULL, "mentord provisions Users only, not Groups");
}

/* Any other path under /scim/v2/, or a method a path does not take: a
 * provider reads SCIM's JSON, never the HTML page of the site's 404. The
 * path is not echoed (it may not be UTF-8). */
static void unknown(req_t *r)
{
	if (gate(r))
		scim_error(r, 404, NULL,
			   "no such SCIM endpoint: mentord serves /Users, /ServiceProviderConfig, /ResourceTypes and "
			   "/Schemas under /scim/v2");
}

void scim_routes(void)
{
	/* Public in routing terms: each handler lets in a provisioning token
	 * only, answering anyone else in SCIM's error shape. Bearer tokens
	 * carry no cookie, so there is no CSRF to check. */
	static const route_t routes[] = {
		{"GET", "/scim/v2/ServiceProviderConfig", service_provider_config, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"GET", "/scim/v2/ResourceTypes", resource_types, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"GET", "/scim/v2/ResourceTypes/{s}", resource_type_one, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"GET", "/scim/v2/Schemas", schemas, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"GET", "/scim/v2/Schemas/{s}", schema_one, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"GET", "/scim/v2/Users", list_users, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"POST", "/scim/v2/Users", create_user, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"GET", "/scim/v2/Users/{s}", get_user, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"PUT", "/scim/v2/Users/{s}", replace_user, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"PATCH", "/scim/v2/Users/{s}", patch_user, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"DELETE", "/scim/v2/Users/{s}", delete_user, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"GET", "/scim/v2/Groups", groups, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"POST", "/scim/v2/Groups", groups, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"GET", "/scim/v2/Groups/{s}", groups, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"PUT", "/scim/v2/Groups/{s}", groups, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"PATCH", "/scim/v2/Groups/{s}", groups, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"DELETE", "/scim/v2/Groups/{s}", groups, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		/* After every route above: the rest of /scim/v2/. */
		{"GET", "/scim/v2/{*}", unknown, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"POST", "/scim/v2/{*}", unknown, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"PUT", "/scim/v2/{*}", unknown, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"PATCH", "/scim/v2/{*}", unknown, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
		{"DELETE", "/scim/v2/{*}", unknown, ROUTE_PUBLIC | ROUTE_NO_CSRF, NULL},
	};
	router_add(routes, (int)(sizeof(routes) / sizeof(routes[0])));
}
