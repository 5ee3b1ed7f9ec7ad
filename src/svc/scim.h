/* SCIM 2.0 provisioning (RFC 7643/7644) as services (svc/scim.c): the
 * identity provider creates, reads, replaces, changes and deactivates
 * accounts through the /scim/v2 edge (api/scim.c), which turns SCIM's JSON
 * and PATCH operations into the plain change below. Only a caller holding a
 * provisioning token (s->provisioning) passes. */
#ifndef MENTORD_SVC_SCIM_H
#define MENTORD_SVC_SCIM_H
#include "svc/svc.h"

/* An account as SCIM shows it. user_name is the provider's userName (the
 * email for an account never provisioned); external_id NULL when none;
 * department "" and manager_id 0 when the profile has none. */
typedef struct svc_scim_user {
	int64_t id;
	const char *user_name, *external_id, *given_name, *family_name, *name, *email;
	bool active;
	const char *department;
	int64_t manager_id;
	const char *manager_name;
	int64_t created_at, updated_at;
} svc_scim_user_t;

/* What a create, a replace or a PATCH sets: each has_ field says the
 * attribute was given (an external_id of NULL, a department of "" and a
 * manager_id of 0 clear it). The name of the account is display_name when
 * given, else the given and family names joined. */
typedef struct svc_scim_change {
	bool has_user_name, has_external_id, has_given_name, has_family_name, has_display_name, has_email,
		has_active, has_department, has_manager;
	const char *user_name, *external_id, *given_name, *family_name, *display_name, *email, *department;
	bool active;
	int64_t manager_id;
} svc_scim_change_t;

/* A page of accounts: items[0..n), of total, starting at the 1-based
 * position asked for. */
typedef struct svc_scim_page {
	svc_scim_user_t *items;
	int n;
	int64_t total;
} svc_scim_page_t;

/* Refusals carry SCIM's scimType as s->err.code where one applies
 * (uniqueness, invalidValue, mutability). */
int svc_scim_user_get(svc_t *s, int64_t id, svc_scim_user_t *out);
/* Every account (by NULL), or the one whose userName or externalId (by
 * "userName", "externalId") equals value; start is 1-based. */
int svc_scim_user_list(svc_t *s, const char *by, const char *value, int64_t start, int count, svc_scim_page_t *out);
/* A new member account, without a password and without an invitation mail:
 * the person signs in through the organisation's single sign-on (or asks
 * for a reset link). 409 uniqueness for a taken userName, externalId or
 * email. */
int svc_scim_user_create(svc_t *s, const svc_scim_change_t *c, svc_scim_user_t *out);
/* Applies c to account id, in one transaction. Turning active off
 * deactivates the person: every session, token and link ends and every live
 * relationship is ended by the organisation (its history kept); turning it
 * on again restores the account only. */
int svc_scim_user_update(svc_t *s, int64_t id, const svc_scim_change_t *c, svc_scim_user_t *out);

#endif
