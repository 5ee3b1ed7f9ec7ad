/* Two-factor sign-in with an authenticator app (TOTP, RFC 6238; core/totp.c)
 * and one-time recovery codes, stored hashed. A person turns it on in two
 * steps: a new secret (shown as a QR code by the page), then a code from
 * the app, which confirms it and hands out the recovery codes once. */
#include "svc/svc.h"
#include "svc/two_factor.h"
#include "core/totp.h"
#include "store/stmts.h"

#include <ctype.h>
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
