/* libFuzzer target: SCIM PATCH operations (RFC 7644 3.5.2) applied to users
 * and groups, and the same bytes as the body of a create and a replace:
 * each input is sent, as the fixture's provisioning token, as PATCH
 * /scim/v2/Users/{a member of the cast}, POST /scim/v2/Users, PUT
 * /scim/v2/Users/{the same member} and PATCH /scim/v2/Groups/1, through the
 * real router to api/scim.c's path reader (emails[type eq "work"].value,
 * the enterprise extension's URNs, "active": "False") and svc/scim.c.
 *
 * Contract, besides the harness's and SCIM's (scim_check.h): only 200,
 * 201, 400, 404 and 409; a 400 names a scimType of RFC 7644's table 9; a
 * 200 or 201 is the user, whose id is a string and whose emails[0] is the
 * account's sign-in email as the account reads it again; groups answer 404. */
#include "scim_check.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char member[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fz_init();
	snprintf(member, sizeof(member), "/scim/v2/Users/%lld", (long long)fz_user_id(FZ_MEMBER));
	return 0;
}

static bool scim_type_ok(const char *t)
{
	static const char *const types[] = {"invalidFilter", "tooMany", "uniqueness", "mutability", "invalidSyntax",
					    "invalidPath", "noTarget", "invalidValue", "invalidVers", "sensitive", NULL};
	for (int i = 0; types[i]; i++)
		if (!strcmp(t, types[i]))
			return true;
	return false;
}

static void check(const char *what, json_t *j)
{
	if (!j)
		return;
	json_int_t st = json_integer_value(json_object_get(j, "_status"));
	if (st != 200 && st != 201 && st != 400 && st != 404 && st != 409)
		fz_fail("%s answered %lld", what, (long long)st);
	if (st == 400) {
		const char *t = json_string_value(json_object_get(j, "scimType"));
		if (!t || !scim_type_ok(t))
			fz_fail("%s answered 400 without a scimType of RFC 7644", what);
	}
	if (st == 200 || st == 201) {
		const char *id = json_string_value(json_object_get(j, "id"));
		if (!id || !json_is_string(json_object_get(json_array_get(json_object_get(j, "emails"), 0), "value")))
			fz_fail("%s answered a user without an id or an email", what);
		/* The answer is what a read gives back. */
		char path[64];
		snprintf(path, sizeof(path), "/scim/v2/Users/%s", id);
		json_t *again = scim_run("GET", path, NULL, NULL, 0);
		json_object_del(again, "_status");
		json_object_del(j, "_status");
		json_t *m1 = json_object_get(j, "meta"), *m2 = json_object_get(again, "meta");
		if (!json_equal(json_object_get(j, "emails"), json_object_get(again, "emails")) ||
		    !json_equal(json_object_get(j, "active"), json_object_get(again, "active")) ||
		    !json_equal(json_object_get(j, "userName"), json_object_get(again, "userName")) ||
		    !json_equal(json_object_get(m1, "location"), json_object_get(m2, "location")))
			fz_fail("%s answered a user a read does not give back", what);
		json_decref(again);
	}
	json_decref(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *body = (const char *)data;
	check("PATCH /Users", scim_run("PATCH", member, NULL, body, size));
	check("POST /Users", scim_run("POST", "/scim/v2/Users", NULL, body, size));
	check("PUT /Users", scim_run("PUT", member, NULL, body, size));
	json_t *g = scim_run("PATCH", "/scim/v2/Groups/1", NULL, body, size);
	if (json_integer_value(json_object_get(g, "_status")) != 404)
		fz_fail("a group answered other than 404");
	json_decref(g);
	fz_end_input();
	return 0;
}
