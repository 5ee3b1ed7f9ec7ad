/* Signing in through the identity provider; see svc/sso.h and docs/sso.md.
 *
 * Accounts made just in time get no password and no invitation mail: they
 * sign in through the provider, which is what proves who they are; an
 * invitation would hand a second way in to an account the organisation
 * manages elsewhere. An administrator can still invite such a person (a
 * password for when the provider is down) unless sso_only forbids
 * passwords. */
#include "svc/svc.h"
#include "svc/sso.h"
#include "svc/oidc.h"
#include "core/text.h"
#include "core/timeutil.h"
#include "store/stmts.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

bool svc_sso_enabled(void)
{
	return svc_oidc_config() != NULL;
}

const char *svc_sso_provider_name(void)
{
	const svc_oidc_config_t *c = svc_oidc_config();
	return c ? c->provider_name : NULL;
}

bool svc_sso_password_refused(const char *email)
{
	return svc_oidc_password_refused(email);
}

/* ---- the way out ---- */

static const char *url_param(svc_t *s, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(s->arena, strlen(v) * 3 + 1), *o = out;
	for (const unsigned char *c = (const unsigned char *)v; *c; c++) {
		if (isalnum(*c) || *c == '-' || *c == '.' || *c == '_' || *c == '~') {
			*o++ = (char)*c;
		} else {
			*o++ = '%';
			*o++ = hex[*c >> 4];
			*o++ = hex[*c & 15];
		}
	}
	*o = '\0';
	return out;
}

int svc_sso_start(svc_t *s, const char *next, svc_sso_start_t *out)
{
	const svc_oidc_config_t *c = svc_oidc_config();
	memset(out, 0, sizeof(*out));
	if (!c)
		return svc_fail(s, SVC_NOT_FOUND, "not_found", "single sign-on is not set up");
	const char *endpoint, *why = NULL;
	if (svc_oidc_authorization_endpoint(s->arena, &endpoint, &why)) {
		s->detail = why;
		return svc_fail(s, SVC_BUSY, "sso_unreachable", "%s does not answer: %s", c->provider_name, why);
	}
	char nonce[SECRET_CHARS], verifier[SECRET_CHARS], hash[SECRET_HASH_HEX], challenge[48];
	secret_new("", out->state);
	secret_new("", nonce);
	secret_new("", verifier);
	secret_hash(out->state, hash);
	svc_oidc_pkce_challenge(verifier, challenge);
	int64_t now = time_now();
	int st = svc_begin(s);
	if (st)
		return st;
	int db = sql_sso_login_prune(s->db, now, NULL);
	if (db == DB_OK)
		db = sql_sso_login_insert(s->db, hash, nonce, verifier, next ? next : "/", now, now + SVC_SSO_SECONDS);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	out->url = arena_printf(s->arena,
				"%s%sresponse_type=code&client_id=%s&redirect_uri=%s&scope=%s&state=%s&nonce=%s"
				"&code_challenge=%s&code_challenge_method=S256",
				endpoint, strchr(endpoint, '?') ? "&" : "?", url_param(s, c->client_id),
				url_param(s, c->redirect_uri), url_param(s, c->scopes), out->state, nonce, challenge);
	return SVC_OK;
}

/* ---- the way back ---- */

/* A claim as text (a number or boolean is no name or email). */
static const char *claim(json_t *claims, const char *name)
{
	if (!name || !*name)
		return NULL;
	const char *v = json_string_value(json_object_get(claims, name));
	return v && *v ? v : NULL;
}

/* Whether email's domain is one of the allowed ones ("" allows any). */
static bool domain_allowed(const char *allowed, const char *email)
{
	const char *at = strrchr(email, '@');
	if (!*allowed)
		return true;
	if (!at)
		return false;
	const char *d = at + 1, *p = allowed;
	size_t dn = strlen(d);
	while (*p) {
		while (*p == ',' || *p == ' ')
			p++;
		size_t n = strcspn(p, ", ");
		if (n && n == dn && !strncasecmp(p, d, n))
			return true;
		p += n;
	}
	return false;
}

/* A single-line text claim mentord can store, or NULL. */
static const char *clean(svc_t *s, const char *v, size_t max)
{
	const char *why;
	if (!v)
		return NULL;
	char *t = text_trim(s->arena, v, strlen(v));
	if (!*t || strlen(t) > max || !text_ok(t, strlen(t), false, &why))
		return NULL;
	return t;
}

/* The department and manager the claims name, onto the person's profile
 * (only what changed; a manager the claims name who has no account here,
 * or who would close a loop, is left out). */
static int map_profile(svc_t *s, int64_t uid, const char *department, const char *manager_email)
{
	if (!department && !manager_email)
		return DB_OK;
	profile_t *p;
	int db = store_profile_get(s->db, s->arena, uid, &p);
	if (db != DB_OK)
		return db;
	bool changed = false;
	if (department && strcmp(p->department ? p->department : "", department)) {
		p->department = department;
		changed = true;
	}
	if (manager_email) {
		user_t *m = NULL;
		bool cycle = false;
		db = store_user_by_email(s->db, s->arena, manager_email, &m, NULL);
		if (db == DB_OK && m && m->id != uid && m->id != p->manager_id)
			db = store_manager_would_cycle(s->db, uid, m->id, &cycle);
		if (db != DB_OK)
			return db;
		if (m && m->id != uid && m->id != p->manager_id && !cycle) {
			p->manager_id = m->id;
			changed = true;
		}
	}
	return changed ? store_profile_put(s->db, s->arena, p) : DB_OK;
}

/* What the provider says about the person, checked. */
typedef struct who_claims {
	const char *sub, *email, *name, *department, *manager;
	bool named; /* the name is the provider's (not made from the email) */
} who_claims_t;

static int read_claims(svc_t *s, const svc_oidc_config_t *c, json_t *claims, who_claims_t *w)
{
	w->sub = arena_strdup(s->arena, claim(claims, "sub"));
	w->email = clean(s, claim(claims, c->claim_email), 254);
	w->name = clean(s, claim(claims, c->claim_name), 200);
	w->department = clean(s, claim(claims, c->claim_department), 200);
	w->manager = clean(s, claim(claims, c->claim_manager), 254);
	if (w->manager && !text_email_ok(w->manager))
		w->manager = NULL;
	json_t *verified = json_object_get(claims, "email_verified");
	if (!w->email || !text_email_ok(w->email))
		return svc_fail(s, SVC_FORBIDDEN, "sso_no_email",
				"%s sent no usable email address in the claim \"%s\"; ask your administrator to map it",
				c->provider_name, c->claim_email);
	if (json_is_false(verified) || (json_is_string(verified) && !strcmp(json_string_value(verified), "false")))
		return svc_fail(s, SVC_FORBIDDEN, "sso_email_unverified",
				"%s says the address %s is not verified", c->provider_name, w->email);
	if (!domain_allowed(c->allowed_domains, w->email))
		return svc_fail(s, SVC_FORBIDDEN, "sso_domain",
				"%s is not an address of this organisation (allowed: %s)", w->email, c->allowed_domains);
	w->named = w->name != NULL;
	if (!w->name) {
		const char *at = strchr(w->email, '@');
		w->name = arena_strndup(s->arena, w->email, (size_t)(at - w->email));
	}
	return SVC_OK;
}

/* The account the identity signs in to, inside the open transaction: the
 * one it is linked to; else the account with its email (linked now); else
 * a new one when just-in-time creation is on. *u NULL: none may be made. */
static int find_account(svc_t *s, const svc_oidc_config_t *c, const who_claims_t *w, int64_t now, user_t **u,
			bool *created)
{
	int64_t uid = 0;
	bool found = false;
	*u = NULL;
	*created = false;
	int db = sql_sso_identity_user(s->db, c->issuer, w->sub, &uid, &found);
	if (db == DB_OK && found)
		db = store_user_get(s->db, s->arena, uid, u);
	if (db == DB_OK && !*u)
		db = store_user_by_email(s->db, s->arena, w->email, u, NULL);
	if (db == DB_OK && !*u && c->jit) {
		user_t nu = {.email = w->email, .name = w->name, .role = ROLE_MEMBER, .active = true};
		db = store_user_insert(s->db, &nu, NULL, &uid);
		if (db == DB_OK)
			db = store_user_get(s->db, s->arena, uid, u);
		if (db == DB_OK)
			db = store_audit(s->db, uid, "user.create", "user", uid,
					 arena_printf(s->arena, "%s (just in time, through %s)", w->email, c->provider_name));
		*created = true;
	}
	if (db == DB_OK && *u)
		db = sql_sso_identity_link(s->db, c->issuer, w->sub, (*u)->id, now);
	return db;
}

/* The page's words for each way the provider's answer can fail. */
static int refuse_token(svc_t *s, svc_oidc_fail_t f, const char *why)
{
	const char *name = svc_sso_provider_name();
	s->detail = why;
	switch (f) {
	case OIDC_UNREACHABLE:
		return svc_fail(s, SVC_BUSY, "sso_unreachable", "%s does not answer (%s). Try again in a moment.", name,
				why);
	case OIDC_REFUSED:
		return svc_fail(s, SVC_UNAUTH, "sso_refused", "%s refused the sign-in: %s. Start again.", name, why);
	case OIDC_BAD_AUDIENCE:
		return svc_fail(s, SVC_UNAUTH, "sso_wrong_audience",
				"The answer from %s was meant for another application (wrong audience), so it cannot "
				"sign you in here. Your administrator should check the client id.", name);
	case OIDC_BAD_SIGNATURE:
	case OIDC_UNKNOWN_KEY:
		return svc_fail(s, SVC_UNAUTH, "sso_bad_signature",
				"The answer from %s is not signed by %s's keys (bad signature), so it cannot be trusted. "
				"Start again; if it happens again, tell your administrator.", name, name);
	case OIDC_EXPIRED:
		return svc_fail(s, SVC_UNAUTH, "sso_expired",
				"The answer from %s has expired (or is dated in the future). Start again; if it happens "
				"again, the server's clock may be wrong.", name);
	case OIDC_BAD_NONCE:
		return svc_fail(s, SVC_UNAUTH, "sso_replayed",
				"The answer from %s belongs to another sign-in (nonce mismatch: a replayed answer). "
				"Start again from the login page.", name);
	case OIDC_BAD_ISSUER:
		return svc_fail(s, SVC_UNAUTH, "sso_wrong_issuer",
				"The answer came from another identity provider than %s (wrong issuer).", name);
	default:
		return svc_fail(s, SVC_UNAUTH, "sso_malformed", "The answer from %s cannot be read (%s).", name, why);
	}
}

/* Records a refused sign-in of a known account in the audit log. */
static int audit_refusal(svc_t *s, const user_t *u, const char *why)
{
	int st = svc_begin(s);
	if (st)
		return st;
	int db = store_audit(s->db, u->id, "sso.refused", "user", u->id, why);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	return svc_commit(s);
}

/* Spends the sign-in that state names (in its own transaction, so it is
 * spent even when what follows fails). */
static int take_login(svc_t *s, const char *state, int64_t now, row_sso_login_t **row)
{
	char hash[SECRET_HASH_HEX];
	secret_hash(state, hash);
	*row = NULL;
	int st = svc_begin(s);
	if (st)
		return st;
	int db = sql_sso_login_take(s->db, s->arena, hash, row);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	if (!*row || (*row)->expires_at <= now)
		return svc_fail(s, SVC_UNAUTH, "sso_expired_signin",
				"This sign-in has expired or was already used. Start again from the login page.");
	return SVC_OK;
}

static int finish_account(svc_t *s, const svc_oidc_config_t *c, const who_claims_t *w, int64_t now,
			  const char *user_agent, svc_login_t *out)
{
	int st = svc_begin(s);
	if (st)
		return st;
	user_t *u = NULL;
	bool created = false;
	int db = find_account(s, c, w, now, &u, &created);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if (!u) {
		svc_abort(s, SVC_OK);
		return svc_fail(s, SVC_FORBIDDEN, "sso_no_account",
				"%s has no account here yet. Ask your administrator to add you.", w->email);
	}
	if (!u->active) {
		svc_abort(s, SVC_OK);
		if ((st = audit_refusal(s, u, "deactivated")))
			return st;
		return svc_fail(s, SVC_FORBIDDEN, "sso_deactivated",
				"The account of %s is deactivated, so it cannot sign in. Ask your administrator if "
				"this is a mistake.", u->email);
	}
	/* The provider is where a name is changed (a marriage, a typo): a
	 * returning person's comes from the claims too. */
	if (!created && w->named && strcmp(u->name, w->name)) {
		const char *was = u->name;
		u->name = w->name;
		db = store_user_update(s->db, u);
		if (db == DB_OK)
			db = store_audit(s->db, u->id, "user.update", "user", u->id,
					 arena_printf(s->arena, "%s: name %s to %s, from %s", u->email, was, u->name,
						      c->provider_name));
	}
	if (db == DB_OK)
		db = map_profile(s, u->id, w->department, w->manager);
	if (db == DB_OK)
		db = store_audit(s->db, u->id, "sso.login", "user", u->id,
				 arena_printf(s->arena, "through %s%s", c->provider_name, created ? ", account made" : ""));
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_auth_session_start(s, u, user_agent, out)))
		return svc_abort(s, st);
	return svc_commit(s);
}

int svc_sso_finish(svc_t *s, const char *state, const char *cookie_state, const char *code,
		   const char *user_agent, svc_login_t *out, const char **next)
{
	const svc_oidc_config_t *c = svc_oidc_config();
	memset(out, 0, sizeof(*out));
	*next = "/";
	if (!c)
		return svc_fail(s, SVC_NOT_FOUND, "not_found", "single sign-on is not set up");
	if (!state || !cookie_state || strlen(state) != strlen(cookie_state) ||
	    sodium_memcmp(state, cookie_state, strlen(state)) != 0)
		return svc_fail(s, SVC_UNAUTH, "sso_state",
				"This answer from %s was not started in this browser (state mismatch). Start again "
				"from the login page.", c->provider_name);
	int64_t now = time_now();
	row_sso_login_t *row;
	int st = take_login(s, state, now, &row);
	if (st)
		return st;
	*next = row->next;
	json_t *claims = NULL;
	const char *why = NULL;
	svc_oidc_fail_t f = svc_oidc_exchange(s->arena, code, row->verifier, row->nonce, now, &claims, &why);
	if (f != OIDC_OK)
		return refuse_token(s, f, why);
	who_claims_t w = {0};
	st = read_claims(s, c, claims, &w);
	if (st == SVC_OK)
		st = finish_account(s, c, &w, now, user_agent, out);
	json_decref(claims); /* the strings kept were copied into the arena */
	return st;
}
