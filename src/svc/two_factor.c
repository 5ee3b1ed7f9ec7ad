/* Two-factor sign-in with an authenticator app (TOTP, RFC 6238; core/totp.c)
 * and one-time recovery codes, stored hashed. A person turns it on in two
 * steps: a new secret (shown as a QR code by the page), then a code from
 * the app, which confirms it and hands out the recovery codes once. */
#include "svc/svc.h"
#include "svc/two_factor.h"
#include "svc/throttle.h"
#include "svc/user_view.h"
#include "core/timeutil.h"
#include "core/totp.h"
#include "notify/notify.h"
#include "store/stmts.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* A recovery code as typed ("ab3de-fg7hk", any case, spaces) in the form
 * it was hashed: lower case, letters and digits only. */
static const char *recovery_norm(svc_t *s, const char *code)
{
	char *out = arena_alloc(s->arena, strlen(code) + 1), *o = out;
	for (const char *c = code; *c; c++)
		if (isalnum((unsigned char)*c))
			*o++ = (char)tolower((unsigned char)*c);
	*o = '\0';
	return out;
}

static bool looks_like_totp(const char *code)
{
	int digits = 0;
	for (const char *c = code; *c; c++) {
		if (isdigit((unsigned char)*c))
			digits++;
		else if (*c != ' ')
			return false;
	}
	return digits == 6;
}

int svc_two_factor_verify(svc_t *s, int64_t user_id, const char *code, int64_t now, bool *ok)
{
	*ok = false;
	row_two_factor_t *f = NULL;
	int db = sql_two_factor_get(s->db, s->arena, user_id, &f);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!f || f->confirmed_at_null || !code || !*code)
		return SVC_OK;
	int changes = 0;
	if (looks_like_totp(code)) {
		int64_t step = 0;
		if (!totp_verify(f->secret, code, now, f->last_step, &step))
			return SVC_OK;
		/* Conditional on the last step, so two requests cannot both spend it. */
		db = sql_two_factor_use_step(s->db, user_id, step, &changes);
	} else {
		char hash[SECRET_HASH_HEX];
		secret_hash(recovery_norm(s, code), hash);
		db = sql_recovery_use(s->db, user_id, hash, now, &changes);
	}
	if (db != DB_OK)
		return svc_db(s, db);
	*ok = changes == 1;
	return SVC_OK;
}

/* ---- the person's own ---- */

static int required_of(svc_t *s, role_t role, bool *required)
{
	*required = false;
	if (role < ROLE_MANAGER)
		return SVC_OK;
	row_org_setting_t *o = NULL;
	int db = sql_org_setting_get(s->db, s->arena, "require_two_factor", &o);
	if (db != DB_OK)
		return svc_db(s, db);
	*required = o && !strcmp(o->value, "true");
	return SVC_OK;
}

int svc_two_factor_get(svc_t *s, TwoFactorStatus_t *out)
{
	row_two_factor_t *f = NULL;
	int64_t left = 0;
	bool found = false, required = false;
	int db = sql_two_factor_get(s->db, s->arena, s->uid, &f);
	if (db == DB_OK)
		db = sql_recovery_left(s->db, s->uid, &left, &found);
	if (db != DB_OK)
		return svc_db(s, db);
	int st = required_of(s, s->role, &required);
	if (st)
		return st;
	bool on = f && !f->confirmed_at_null;
	*out = (TwoFactorStatus_t){.enabled = on, .pending = f && !on, .required = required,
				   .recovery_codes_left = on ? left : 0};
	return SVC_OK;
}

int svc_two_factor_start(svc_t *s, TwoFactorSetup_t *out)
{
	row_two_factor_t *f = NULL;
	int db = sql_two_factor_get(s->db, s->arena, s->uid, &f);
	if (db != DB_OK)
		return svc_db(s, db);
	if (f && !f->confirmed_at_null)
		return svc_fail(s, SVC_CONFLICT, "conflict", "two-factor sign-in is already on; turn it off first to move it to another app");
	char secret[TOTP_SECRET_CHARS];
	totp_new_secret(secret);
	int st = svc_begin(s);
	if (st)
		return st;
	db = sql_two_factor_start(s->db, s->uid, secret, time_now());
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	*out = (TwoFactorSetup_t){.secret = arena_strdup(s->arena, secret),
				  .otpauth_uri = totp_uri(s->arena, SVC_TOTP_ISSUER, s->email ? s->email : "", secret)};
	return SVC_OK;
}

int svc_two_factor_pending(svc_t *s, TwoFactorSetup_t *out)
{
	row_two_factor_t *f = NULL;
	memset(out, 0, sizeof(*out));
	int db = sql_two_factor_get(s->db, s->arena, s->uid, &f);
	if (db != DB_OK)
		return svc_db(s, db);
	if (f && f->confirmed_at_null)
		*out = (TwoFactorSetup_t){.secret = f->secret,
					  .otpauth_uri = totp_uri(s->arena, SVC_TOTP_ISSUER, s->email ? s->email : "", f->secret)};
	return SVC_OK;
}

/* Ten new recovery codes for the caller, replacing any, inside the
 * caller's transaction; the codes as shown in out. */
static int new_codes(svc_t *s, int64_t user_id, RecoveryCodes_t *out)
{
	/* No 0/o, 1/l/i: codes are typed from paper. */
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	const char **codes = arena_alloc(s->arena, sizeof(char *) * SVC_RECOVERY_CODES);
	int db = sql_recovery_delete_all(s->db, user_id);
	for (int i = 0; db == DB_OK && i < SVC_RECOVERY_CODES; i++) {
		char code[12], plain[11], hash[SECRET_HASH_HEX];
		for (int k = 0; k < 10; k++)
			plain[k] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
		plain[10] = '\0';
		snprintf(code, sizeof(code), "%.5s-%.5s", plain, plain + 5);
		secret_hash(plain, hash);
		db = sql_recovery_insert(s->db, user_id, hash);
		codes[i] = arena_strdup(s->arena, code);
	}
	out->recovery_codes = (strlist_t){codes, SVC_RECOVERY_CODES};
	return db;
}

/* Checks the caller's password, counted like a login: a wrong one is 422
 * naming password (and keeps its slot in the throttle). */
static int password_check(svc_t *s, const char *password)
{
	user_t *u = NULL;
	const char *hash = NULL;
	int retry = 0;
	int db = store_user_by_email(s->db, s->arena, s->email ? s->email : "", &u, &hash);
	if (db != DB_OK)
		return svc_db(s, db);
	int st = svc_throttle_attempt(s, s->email ? s->email : "", &retry);
	if (st)
		return st;
	if (!u || u->id != s->uid || !secret_verify_password(hash, password)) {
		svc_field(s, "password", "is not your current password");
		return svc_check(s);
	}
	return SVC_OK;
}

int svc_two_factor_confirm(svc_t *s, const in_confirmTwoFactor_t *in, RecoveryCodes_t *out)
{
	row_two_factor_t *f = NULL;
	int db = sql_two_factor_get(s->db, s->arena, s->uid, &f);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!f)
		return svc_fail(s, SVC_CONFLICT, "conflict", "start the setup first (POST /api/v1/me/two-factor)");
	if (!f->confirmed_at_null)
		return svc_fail(s, SVC_CONFLICT, "conflict", "two-factor sign-in is already on");
	int st = password_check(s, in->body.password);
	if (st)
		return st;
	int64_t step = 0;
	if (!totp_verify(f->secret, in->body.code, time_now(), 0, &step)) {
		svc_field(s, "code", "is not the code your app shows now; check the app's clock and try the next code");
		return svc_check(s);
	}
	if ((st = svc_begin(s)))
		return st;
	if ((st = svc_throttle_attempt_ok(s, s->email)))
		return svc_abort(s, st);
	int changes = 0;
	db = sql_two_factor_confirm(s->db, s->uid, time_now(), step, &changes);
	if (db == DB_OK && !changes)
		return svc_abort(s, svc_fail(s, SVC_CONFLICT, "conflict", "two-factor sign-in is already on"));
	if (db == DB_OK)
		db = new_codes(s, s->uid, out);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "two_factor.enable", "user", s->uid, s->email);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	return svc_commit(s);
}

int svc_two_factor_disable(svc_t *s, const in_disableTwoFactor_t *in, TwoFactorStatus_t *out)
{
	bool required = false;
	int st = required_of(s, s->role, &required);
	if (st)
		return st;
	if (required)
		return svc_fail(s, SVC_CONFLICT, "conflict",
				"your organisation requires two-factor sign-in of administrators and program managers");
	if ((st = password_check(s, in->body.password)) || (st = svc_begin(s)))
		return st;
	if ((st = svc_throttle_attempt_ok(s, s->email)))
		return svc_abort(s, st);
	int changes = 0;
	int db = sql_two_factor_delete(s->db, s->uid, &changes);
	if (db == DB_OK)
		db = sql_recovery_delete_all(s->db, s->uid);
	if (db == DB_OK && changes)
		db = store_audit(s->db, s->uid, "two_factor.disable", "user", s->uid, s->email);
	if (db == DB_OK && changes)
		db = notify_two_factor_off(s->db, s->arena, s->uid, NULL);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	return svc_two_factor_get(s, out);
}

int svc_two_factor_recovery_codes(svc_t *s, const in_regenerateRecoveryCodes_t *in, RecoveryCodes_t *out)
{
	row_two_factor_t *f = NULL;
	int db = sql_two_factor_get(s->db, s->arena, s->uid, &f);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!f || f->confirmed_at_null)
		return svc_fail(s, SVC_CONFLICT, "conflict", "two-factor sign-in is off");
	int st = password_check(s, in->body.password);
	if (st || (st = svc_begin(s)))
		return st;
	if ((st = svc_throttle_attempt_ok(s, s->email)))
		return svc_abort(s, st);
	db = new_codes(s, s->uid, out);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "two_factor.recovery_codes", "user", s->uid, s->email);
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	return svc_commit(s);
}

/* ---- administrators ---- */

int svc_two_factor_reset_id(svc_t *s, int64_t id, User_t *out)
{
	user_t *u = NULL;
	int st = svc_require_role(s, ROLE_ADMIN);
	if (st)
		return st;
	int db = store_user_get(s->db, s->arena, id, &u);
	if (db != DB_OK)
		return svc_db(s, db);
	if (!u)
		return svc_not_found(s, "user", id);
	if ((st = svc_begin(s)))
		return st;
	int changes = 0;
	db = sql_two_factor_delete(s->db, u->id, &changes);
	if (db == DB_OK)
		db = sql_recovery_delete_all(s->db, u->id);
	if (db == DB_OK)
		db = store_audit(s->db, s->uid, "two_factor.reset", "user", u->id, u->email);
	if (db == DB_OK && changes)
		db = notify_two_factor_off(s->db, s->arena, u->id, s->name ? s->name : "an administrator");
	if (db != DB_OK)
		return svc_abort(s, svc_db(s, db));
	if ((st = svc_commit(s)))
		return st;
	u->two_factor = false;
	svc_user_view(u, out);
	return SVC_OK;
}

int svc_two_factor_reset(svc_t *s, const in_resetTwoFactor_t *in, User_t *out)
{
	return svc_two_factor_reset_id(s, in->id, out);
}
