/* End-to-end tests of SCIM 2.0 at /scim/v2 (api/scim.c, svc/scim.c): every
 * operation with the requests Okta and Microsoft Entra ID send (their
 * shapes copied from their SCIM documentation: Okta's create with groups,
 * locale and password, its PATCH {"op":"replace","value":{"active":false}};
 * Entra's "Replace" with "active": "False" as a string, paths such as
 * emails[type eq "work"].value and the enterprise extension's manager as a
 * bare id), the discovery documents, pagination, filters, and the
 * refusals: no token, a token of another scope, a bad filter, an unknown
 * attribute path. Deactivation ends sessions, tokens and relationships at
 * once; reactivation restores only the account. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

TestSuite(scim, .init = h_setup, .fini = h_teardown);

#define CT "application/scim+json"
#define ENT "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

/* A client with a provisioning token the administrator made on purpose. */
static h_client_t *provisioner(void)
{
	h_client_t *a = h_as("admin@example.org");
	h_resp_t *r = h_req(a, "POST", "/api/v1/tokens",
			    "{\"name\":\"okta\",\"scope\":\"provisioning\",\"expires_in_days\":null}");
	h_expect_status(r, 201);
	cr_assert_str_eq(h_str(r, "scope"), "provisioning");
	h_client_t *c = h_client();
	c->bearer = h_str(r, "token");
	return c;
}

/* The enterprise extension's member (its URN has dots, which h_at splits on). */
static json_t *ent(const h_resp_t *r, const char *name)
{
	json_t *o = r->json ? json_object_get(r->json, ENT) : NULL;
	json_t *v = o ? json_object_get(o, name) : NULL;
	return v && !strcmp(name, "manager") ? json_object_get(v, "value") : v;
}

static h_resp_t *scim(h_client_t *c, const char *method, const char *path, const char *body)
{
	return h_req_ct(c, method, h_fmt("/scim/v2%s", path), CT, body, body ? strlen(body) : 0);
}

static void expect_scim_error(h_resp_t *r, long status, const char *type)
{
	cr_assert_eq(r->status, status, "status %ld, want %ld: %s", r->status, status, r->body);
	cr_assert_str_eq(h_header(r, "Content-Type"), CT);
	cr_assert_str_eq(h_str(r, "schemas.0"), "urn:ietf:params:scim:api:messages:2.0:Error", "%s", r->body);
	cr_assert_str_eq(h_str(r, "status"), h_fmt("%ld", status), "status is a string: %s", r->body);
	cr_assert_not_null(h_str(r, "detail"));
	if (type)
		cr_assert_str_eq(h_str(r, "scimType"), type, "%s", r->body);
}

/* Okta's create (from its SCIM 2.0 guide). */
static const char okta_create[] =
	"{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"ada.okta@example.org\","
	"\"name\":{\"givenName\":\"Ada\",\"familyName\":\"Lovelace\"},"
	"\"emails\":[{\"primary\":true,\"value\":\"ada.okta@example.org\",\"type\":\"work\"}],"
	"\"displayName\":\"Ada Lovelace\",\"locale\":\"en-US\",\"externalId\":\"00ujl29u0le5T6Aj10h7\","
	"\"groups\":[],\"password\":\"1mz050nq\",\"active\":true}";

/* Entra ID's create (from its SCIM reference), with the enterprise extension. */
static const char *entra_create(int64_t manager)
{
	return h_fmt("{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\",\"" ENT "\"],"
		     "\"externalId\":\"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\",\"userName\":\"Test_User_ab6490ee@example.org\","
		     "\"active\":true,\"displayName\":\"Test User\","
		     "\"emails\":[{\"primary\":true,\"type\":\"work\",\"value\":\"Test_User_fd0ea19b@example.org\"}],"
		     "\"meta\":{\"resourceType\":\"User\"},"
		     "\"name\":{\"formatted\":\"givenName familyName\",\"familyName\":\"familyName\",\"givenName\":\"givenName\"},"
		     "\"title\":\"Engineer\",\"phoneNumbers\":[{\"type\":\"work\",\"value\":\"555\"}],"
		     "\"" ENT "\":{\"employeeNumber\":\"1\",\"department\":\"Finance\",\"manager\":{\"value\":\"%lld\"}}}",
		     (long long)manager);
}

Test(scim, okta_lifecycle)
{
	h_client_t *p = provisioner();
	/* Okta looks the person up first, then creates. */
	h_resp_t *r = scim(p, "GET", "/Users?filter=userName%20eq%20%22ada.okta%40example.org%22&startIndex=1&count=100", NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_header(r, "Content-Type"), CT);
	cr_assert_eq(h_int(r, "totalResults"), 0);
	r = scim(p, "POST", "/Users", okta_create);
	h_expect_status(r, 201);
	const char *id = h_str(r, "id");
	cr_assert_not_null(id);
	cr_assert_not_null(strstr(h_header(r, "Location"), h_fmt("/scim/v2/Users/%s", id)));
	cr_assert_str_eq(h_str(r, "userName"), "ada.okta@example.org");
	cr_assert_str_eq(h_str(r, "displayName"), "Ada Lovelace");
	cr_assert_str_eq(h_str(r, "name.givenName"), "Ada");
	cr_assert_str_eq(h_str(r, "externalId"), "00ujl29u0le5T6Aj10h7");
	cr_assert(json_is_true(h_at(r, "active")));
	cr_assert_str_eq(h_str(r, "meta.resourceType"), "User");
	/* A member without a password or invitation mail: SSO signs them in. */
	h_client_t *a = h_as("admin@example.org");
	r = h_req(a, "GET", h_fmt("/api/v1/users/%s", id), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "role"), "member");
	cr_assert(json_is_false(h_at(r, "has_password")));
	cr_assert_null(h_outbox_body("invitation", "ada.okta@example.org"));

	r = scim(p, "GET", h_fmt("/Users/%s", id), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "emails.0.value"), "ada.okta@example.org");
	/* Case does not matter in a userName. */
	r = scim(p, "GET", "/Users?filter=userName+eq+%22ADA.OKTA%40example.org%22", NULL);
	cr_assert_eq(h_int(r, "totalResults"), 1, "%s", r->body);
	cr_assert_str_eq(h_str(r, "Resources.0.id"), id);

	/* Okta's profile push is a PUT of the whole user. */
	r = scim(p, "PUT", h_fmt("/Users/%s", id),
		 "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"x\","
		 "\"userName\":\"ada.okta@example.org\",\"name\":{\"givenName\":\"Ada\",\"familyName\":\"King\"},"
		 "\"emails\":[{\"primary\":true,\"value\":\"ada.king@example.org\",\"type\":\"work\"}],"
		 "\"active\":true,\"groups\":[]}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "displayName"), "Ada King");
	cr_assert_str_eq(h_str(r, "emails.0.value"), "ada.king@example.org");
	cr_assert_null(h_at(r, "externalId"), "a replace clears what it leaves out: %s", r->body);
	cr_assert_str_eq(h_str(h_req(a, "GET", h_fmt("/api/v1/users/%s", id), NULL), "email"), "ada.king@example.org");

	/* Okta deactivates with a PATCH without a path. */
	r = scim(p, "PATCH", h_fmt("/Users/%s", id),
		 "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
		 "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}");
	h_expect_status(r, 200);
	cr_assert(json_is_false(h_at(r, "active")));
	cr_assert(json_is_false(h_at(h_req(a, "GET", h_fmt("/api/v1/users/%s", id), NULL), "active")));
	r = scim(p, "PATCH", h_fmt("/Users/%s", id),
		 "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
		 "\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":true}}]}");
	h_expect_status(r, 200);
	cr_assert(json_is_true(h_at(r, "active")));

	/* The audit log names every provisioning change. */
	r = h_req(a, "GET", h_fmt("/api/v1/audit?person_id=%s", id), NULL);
	h_expect_status(r, 200);
	cr_assert_not_null(strstr(r->body, "user.create"), "%s", r->body);
	cr_assert_not_null(strstr(r->body, "user.deactivate"));
	cr_assert_not_null(strstr(r->body, "user.reactivate"));
	cr_assert_not_null(strstr(r->body, "(SCIM)"));
}

Test(scim, entra_lifecycle)
{
	h_client_t *p = provisioner();
	/* Entra's connection test: a filter on a userName nobody has. */
	h_resp_t *r = scim(p, "GET", "/Users?filter=userName+eq+%22non-existent%20user%22", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "totalResults"), 0);
	cr_assert_eq(json_array_size(h_at(r, "Resources")), 0);

	r = scim(p, "POST", "/Users", entra_create(H.mgr1));
	h_expect_status(r, 201);
	const char *id = h_str(r, "id");
	cr_assert_str_eq(h_str(r, "emails.0.value"), "test_user_fd0ea19b@example.org",
			 "the work email is the sign-in email");
	cr_assert_str_eq(h_str(r, "userName"), "Test_User_ab6490ee@example.org", "userName as sent");
	cr_assert_str_eq(h_str(r, "displayName"), "Test User");
	cr_assert_str_eq(json_string_value(ent(r, "department")), "Finance", "%s", r->body);
	cr_assert_str_eq(json_string_value(ent(r, "manager")), h_fmt("%lld", (long long)H.mgr1));
	/* The profile holds the department and the manager. */
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM profiles WHERE user_id = %s AND department = 'Finance' "
				    "AND manager_id = %lld", id, (long long)H.mgr1)), 1);
	h_client_t *a = h_as("admin@example.org");

	r = scim(p, "GET", "/Users?filter=externalId+eq+%220a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef%22", NULL);
	cr_assert_eq(h_int(r, "totalResults"), 1, "%s", r->body);
	cr_assert_str_eq(h_str(r, "Resources.0.id"), id);

	/* Entra's PATCH: capitalised ops, filtered paths, the manager as a bare
	 * id, the department by its full path. */
	r = scim(p, "PATCH", h_fmt("/Users/%s", id),
		 h_fmt("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
		       "{\"op\":\"Replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"updated@example.org\"},"
		       "{\"op\":\"Replace\",\"path\":\"name.familyName\",\"value\":\"Smith\"},"
		       "{\"op\":\"Replace\",\"path\":\"displayName\",\"value\":\"Test Smith\"},"
		       "{\"op\":\"Add\",\"path\":\"" ENT ":department\",\"value\":\"Sales\"},"
		       "{\"op\":\"Add\",\"path\":\"" ENT ":manager\",\"value\":\"%lld\"},"
		       "{\"op\":\"Add\",\"path\":\"title\",\"value\":\"Lead\"}]}", (long long)H.mgr2));
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "emails.0.value"), "updated@example.org");
	cr_assert_str_eq(h_str(r, "name.familyName"), "Smith");
	cr_assert_str_eq(h_str(r, "displayName"), "Test Smith");
	cr_assert_str_eq(json_string_value(ent(r, "department")), "Sales");
	cr_assert_str_eq(json_string_value(ent(r, "manager")), h_fmt("%lld", (long long)H.mgr2));
	r = h_req(a, "GET", h_fmt("/api/v1/users/%s", id), NULL);
	cr_assert_str_eq(h_str(r, "email"), "updated@example.org");
	cr_assert_str_eq(h_str(r, "name"), "Test Smith");

	/* A remove of the manager clears it. */
	r = scim(p, "PATCH", h_fmt("/Users/%s", id),
		 "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":["
		 "{\"op\":\"Remove\",\"path\":\"" ENT ":manager\"}]}");
	h_expect_status(r, 200);
	cr_assert_null(ent(r, "manager"), "%s", r->body);

	/* Entra disables with "active": "False", a string. */
	r = scim(p, "PATCH", h_fmt("/Users/%s", id),
		 "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
		 "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}");
	h_expect_status(r, 200);
	cr_assert(json_is_false(h_at(r, "active")));
	r = scim(p, "PATCH", h_fmt("/Users/%s", id),
		 "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
		 "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"True\"}]}");
	h_expect_status(r, 200);
	cr_assert(json_is_true(h_at(r, "active")));

	/* DELETE deactivates; nothing is lost. */
	r = scim(p, "DELETE", h_fmt("/Users/%s", id), NULL);
	h_expect_status(r, 204);
	r = scim(p, "GET", h_fmt("/Users/%s", id), NULL);
	h_expect_status(r, 200);
	cr_assert(json_is_false(h_at(r, "active")));
	cr_assert_str_eq(h_str(r, "displayName"), "Test Smith");
}

Test(scim, discovery)
{
	h_client_t *p = provisioner();
	h_resp_t *r = scim(p, "GET", "/ServiceProviderConfig", NULL);
	h_expect_status(r, 200);
	cr_assert(json_is_true(h_at(r, "patch.supported")));
	cr_assert(json_is_true(h_at(r, "filter.supported")));
	cr_assert(json_is_false(h_at(r, "bulk.supported")));
	cr_assert_str_eq(h_str(r, "authenticationSchemes.0.type"), "oauthbearertoken");
	r = scim(p, "GET", "/ResourceTypes", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "totalResults"), 1);
	cr_assert_str_eq(h_str(r, "Resources.0.endpoint"), "/Users");
	cr_assert_str_eq(h_str(r, "Resources.0.schemaExtensions.0.schema"), ENT);
	h_expect_status(scim(p, "GET", "/ResourceTypes/User", NULL), 200);
	expect_scim_error(scim(p, "GET", "/ResourceTypes/Group", NULL), 404, NULL);
	expect_scim_error(scim(p, "GET", "/Groups?filter=displayName+eq+%22x%22", NULL), 404, NULL);
	expect_scim_error(scim(p, "POST", "/Groups", "{\"displayName\":\"x\"}"), 404, NULL);
	r = scim(p, "GET", "/Schemas", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "totalResults"), 2);
	cr_assert_str_eq(h_str(r, "Resources.0.id"), "urn:ietf:params:scim:schemas:core:2.0:User");
	r = scim(p, "GET", "/Schemas/" ENT, NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "attributes.0.name"), "department");
}

Test(scim, pagination)
{
	h_client_t *p = provisioner();
	/* The cast and three more. */
	for (int i = 0; i < 3; i++)
		h_expect_status(scim(p, "POST", "/Users", h_fmt("{\"userName\":\"p%d@example.org\"}", i)), 201);
	int64_t total = h_db_int("SELECT COUNT(*) FROM users");
	h_resp_t *r = scim(p, "GET", "/Users?startIndex=1&count=2", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "totalResults"), total);
	cr_assert_eq(h_int(r, "itemsPerPage"), 2);
	cr_assert_eq(h_int(r, "startIndex"), 1);
	const char *second = h_str(r, "Resources.1.id");
	r = scim(p, "GET", "/Users?startIndex=2&count=1", NULL);
	cr_assert_str_eq(h_str(r, "Resources.0.id"), second, "startIndex is 1-based");
	r = scim(p, "GET", h_fmt("/Users?startIndex=%lld&count=5", (long long)total), NULL);
	cr_assert_eq(h_int(r, "itemsPerPage"), 1);
	r = scim(p, "GET", "/Users?count=0", NULL);
	cr_assert_eq(h_int(r, "itemsPerPage"), 0);
	cr_assert_eq(h_int(r, "totalResults"), total);
	r = scim(p, "GET", "/Users?startIndex=0&count=1", NULL);
	cr_assert_eq(h_int(r, "startIndex"), 1, "below 1 means 1");
	expect_scim_error(scim(p, "GET", "/Users?count=many", NULL), 400, "invalidValue");
}

Test(scim, refusals)
{
	h_client_t *p = provisioner();
	/* No token, a wrong one, an API token, a metrics token. */
	h_resp_t *r = scim(h_client(), "GET", "/Users", NULL);
	expect_scim_error(r, 401, NULL);
	cr_assert_not_null(h_header(r, "WWW-Authenticate"));
	h_client_t *wrong = h_client();
	wrong->bearer = "mtd_not-a-token";
	expect_scim_error(scim(wrong, "GET", "/ServiceProviderConfig", NULL), 401, NULL);
	expect_scim_error(scim(h_bearer("admin@example.org"), "GET", "/Users", NULL), 403, NULL);
	expect_scim_error(scim(h_bearer("admin@example.org"), "POST", "/Users", okta_create), 403, NULL);
	expect_scim_error(scim(h_metrics_client(), "GET", "/Users", NULL), 403, NULL);
	expect_scim_error(scim(h_as("admin@example.org"), "GET", "/Schemas", NULL), 403, NULL);
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM users WHERE email = 'ada.okta@example.org'"), 0);
	/* The provisioning token reaches nothing else. */
	h_expect_status(h_req(p, "GET", "/api/v1/me", NULL), 401);
	h_expect_status(h_req(p, "GET", "/api/v1/users", NULL), 401);
	/* Only an administrator makes one. */
	h_expect_status(h_req(h_as("mgr1@example.org"), "POST", "/api/v1/tokens", "{\"scope\":\"provisioning\"}"), 403);

	/* Bad filters. */
	expect_scim_error(scim(p, "GET", "/Users?filter=title+eq+%22x%22", NULL), 400, "invalidFilter");
	expect_scim_error(scim(p, "GET", "/Users?filter=userName+co+%22x%22", NULL), 400, "invalidFilter");
	expect_scim_error(scim(p, "GET", "/Users?filter=userName+eq+x", NULL), 400, "invalidFilter");
	expect_scim_error(scim(p, "GET", "/Users?filter=userName+eq+%22x%22+or+userName+eq+%22y%22", NULL), 400,
			  "invalidFilter");

	r = scim(p, "POST", "/Users", okta_create);
	h_expect_status(r, 201);
	const char *id = h_str(r, "id");
	/* Unknown attribute paths, in a PATCH and in a body. */
	expect_scim_error(scim(p, "PATCH", h_fmt("/Users/%s", id),
			       "{\"Operations\":[{\"op\":\"replace\",\"path\":\"shoeSize\",\"value\":\"9\"}]}"),
			  400, "invalidPath");
	expect_scim_error(scim(p, "PATCH", h_fmt("/Users/%s", id),
			       "{\"Operations\":[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"home\\\"].value\","
			       "\"value\":\"x@example.org\"}]}"),
			  400, "invalidPath");
	expect_scim_error(scim(p, "PATCH", h_fmt("/Users/%s", id),
			       "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"favouriteColour\":\"red\"}}]}"),
			  400, "invalidPath");
	expect_scim_error(scim(p, "POST", "/Users", "{\"userName\":\"z@example.org\",\"shoeSize\":9}"), 400,
			  "invalidPath");
	/* Bad values and syntax. */
	expect_scim_error(scim(p, "PATCH", h_fmt("/Users/%s", id),
			       "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"maybe\"}]}"),
			  400, "invalidValue");
	expect_scim_error(scim(p, "PATCH", h_fmt("/Users/%s", id), "{\"Operations\":[{\"op\":\"move\",\"path\":\"active\"}]}"),
			  400, "invalidSyntax");
	expect_scim_error(scim(p, "PATCH", h_fmt("/Users/%s", id), "{not json"), 400, "invalidSyntax");
	expect_scim_error(scim(p, "POST", "/Users", "{\"displayName\":\"No Name\"}"), 400, "invalidValue");
	expect_scim_error(scim(p, "POST", "/Users", "{\"userName\":\"not-an-email\"}"), 400, "invalidValue");
	expect_scim_error(scim(p, "PATCH", h_fmt("/Users/%s", id),
			       "{\"Operations\":[{\"op\":\"replace\",\"path\":\"" ENT ":manager\",\"value\":\"99999\"}]}"),
			  400, "invalidValue");
	/* Taken names. */
	expect_scim_error(scim(p, "POST", "/Users", okta_create), 409, "uniqueness");
	expect_scim_error(scim(p, "POST", "/Users", "{\"userName\":\"member1@example.org\"}"), 409, "uniqueness");
	/* Unknown users. */
	expect_scim_error(scim(p, "GET", "/Users/99999", NULL), 404, NULL);
	expect_scim_error(scim(p, "GET", "/Users/abc", NULL), 404, NULL);
	expect_scim_error(scim(p, "DELETE", "/Users/99999", NULL), 404, NULL);
	/* Nothing changed through the refusals. */
	r = scim(p, "GET", h_fmt("/Users/%s", id), NULL);
	cr_assert(json_is_true(h_at(r, "active")));
	cr_assert_str_eq(h_str(r, "displayName"), "Ada Lovelace");
}

/* An account made before provisioning answers to its email, so a provider
 * matching on userName links it instead of making a second one. */
Test(scim, links_existing_accounts)
{
	h_client_t *p = provisioner();
	h_resp_t *r = scim(p, "GET", h_fmt("/Users?filter=userName+eq+%%22%s%%22", h_member_email[0]), NULL);
	cr_assert_eq(h_int(r, "totalResults"), 1, "%s", r->body);
	cr_assert_eq(atoll(h_str(r, "Resources.0.id")), H.member[0]);
	r = scim(p, "PATCH", h_fmt("/Users/%lld", (long long)H.member[0]),
		 "{\"Operations\":[{\"op\":\"add\",\"path\":\"externalId\",\"value\":\"okta-1\"}]}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "externalId"), "okta-1");
	cr_assert_str_eq(h_str(r, "userName"), h_member_email[0]);
}

Test(scim, deactivation_ends_sessions_tokens_and_relationships)
{
	h_client_t *p = provisioner();
	h_client_t *mgr = h_bearer("mgr1@example.org");
	h_resp_t *r = h_req(mgr, "POST", "/api/v1/programs",
			    "{\"name\":\"Growth\",\"starts_on\":\"2020-01-01\",\"ends_on\":\"2099-12-31\"}");
	h_expect_status(r, 201);
	int64_t program = h_int(r, "id");
	h_expect_status(h_req(mgr, "POST", h_fmt("/api/v1/programs/%lld/participants", (long long)program),
			      h_fmt("{\"user_id\":%lld,\"role\":\"mentor\",\"capacity\":2}", (long long)H.member[0])), 201);
	h_expect_status(h_req(mgr, "POST", h_fmt("/api/v1/programs/%lld/participants", (long long)program),
			      h_fmt("{\"user_id\":%lld,\"role\":\"mentee\"}", (long long)H.member[1])), 201);
	r = h_req(mgr, "POST", "/api/v1/relationships",
		  h_fmt("{\"program_id\":%lld,\"mentor_id\":%lld,\"mentee_id\":%lld}", (long long)program,
			(long long)H.member[0], (long long)H.member[1]));
	h_expect_status(r, 201);
	int64_t rel = h_int(r, "id");
	cr_assert(json_is_null(h_at(r, "ended_by_organisation_at")));

	h_client_t *leaver = h_as(h_member_email[0]);
	h_client_t *leaver_token = h_bearer(h_member_email[0]);
	h_client_t *mentee = h_bearer(h_member_email[1]);
	h_expect_status(h_req(leaver, "GET", "/api/v1/me", NULL), 200);

	r = scim(p, "PATCH", h_fmt("/Users/%lld", (long long)H.member[0]),
		 "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
		 "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}");
	h_expect_status(r, 200);
	/* At once: the session and the token are dead. */
	h_expect_status(h_req(leaver, "GET", "/api/v1/me", NULL), 401);
	h_expect_status(h_req(leaver_token, "GET", "/api/v1/me", NULL), 401);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM sessions WHERE user_id = %lld", (long long)H.member[0])), 0);
	/* The other member and the program manager see it ended by the organisation. */
	r = h_req(mentee, "GET", h_fmt("/api/v1/relationships/%lld", (long long)rel), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "phase"), "completed");
	cr_assert_not_null(h_str(r, "ended_by_organisation_at"), "%s", r->body);
	cr_assert_not_null(strstr(h_str(r, "next_step"), "Ended by the organisation"));
	r = h_req(mgr, "GET", h_fmt("/api/v1/relationships?program_id=%lld", (long long)program), NULL);
	h_expect_status(r, 200);
	cr_assert_not_null(h_str(r, "items.0.ended_by_organisation_at"), "%s", r->body);
	/* The program's report (its API, CSV and `mentord report`) marks it. */
	r = h_req(mgr, "GET", h_fmt("/api/v1/programs/%lld/report", (long long)program), NULL);
	h_expect_status(r, 200);
	cr_assert_not_null(h_str(r, "items.0.ended_by_organisation_at"), "%s", r->body);
	r = h_req(mgr, "GET", h_fmt("/api/v1/programs/%lld/report.csv", (long long)program), NULL);
	h_expect_status(r, 200);
	/* The column by name (others follow it), and the row's date in it. */
	cr_assert_not_null(strstr(r->body, ",ended_by_organisation_at,"), "%s", r->body);
	cr_assert_not_null(strstr(r->body, ",\"20"), "the row holds the date: %s", r->body);
	/* History kept: the line in it, and the relationship itself. */
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM relationship_events WHERE relationship_id = %lld "
				    "AND kind = 'ended_by_organisation'", (long long)rel)), 1);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM relationship_events WHERE relationship_id = %lld "
				    "AND kind = 'created'", (long long)rel)), 1);

	/* Reactivation restores the account, not the relationship. */
	r = scim(p, "PATCH", h_fmt("/Users/%lld", (long long)H.member[0]),
		 "{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":true}}]}");
	h_expect_status(r, 200);
	h_expect_status(h_req(h_as(h_member_email[0]), "GET", "/api/v1/me", NULL), 200);
	r = h_req(mentee, "GET", h_fmt("/api/v1/relationships/%lld", (long long)rel), NULL);
	cr_assert_str_eq(h_str(r, "phase"), "completed");
	cr_assert_not_null(h_str(r, "ended_by_organisation_at"));
	/* The pages say so too. */
	r = h_req(h_as(h_member_email[1]), "GET", h_fmt("/relationships/%lld", (long long)rel), NULL);
	h_expect_status(r, 200);
	cr_assert_not_null(strstr(r->body, "The organisation ended this relationship"), "%s", r->body);
	r = h_req(h_as(h_member_email[1]), "GET", "/relationships", NULL);
	cr_assert_not_null(strstr(r->body, "Ended by the organisation"));
}

/* Provisioning cannot leave mentord without an administrator: the last
 * active one stays (here the token's holder was made a member since). */
Test(scim, the_last_active_administrator_is_not_deactivated)
{
	h_client_t *admin = h_as("admin@example.org");
	h_resp_t *r = h_req(admin, "POST", "/api/v1/users",
			    h_fmt("{\"email\":\"second.admin@example.org\",\"name\":\"Second\",\"role\":\"admin\","
				  "\"password\":\"%s\"}", H_PASSWORD));
	h_expect_status(r, 201);
	int64_t second = h_int(r, "id");
	h_client_t *p = provisioner();
	/* Two administrators: the provider may deactivate one. */
	h_expect_status(h_req(h_as("second.admin@example.org"), "PATCH", h_fmt("/api/v1/users/%lld", (long long)H.admin),
			      "{\"role\":\"member\"}"), 200);
	const char *off = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
			  "\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}";
	r = scim(p, "PATCH", h_fmt("/Users/%lld", (long long)second), off);
	expect_scim_error(r, 400, "mutability");
	cr_assert(strstr(h_str(r, "detail"), "last active administrator"), "%s", r->body);
	expect_scim_error(scim(p, "DELETE", h_fmt("/Users/%lld", (long long)second), NULL), 400, "mutability");
	expect_scim_error(scim(p, "PUT", h_fmt("/Users/%lld", (long long)second),
			       "{\"userName\":\"second.admin@example.org\",\"displayName\":\"Second\",\"active\":false}"),
			  400, "mutability");
	cr_assert_eq(h_db_int(h_fmt("SELECT active FROM users WHERE id = %lld", (long long)second)), 1);
	h_expect_status(h_req(h_as("second.admin@example.org"), "GET", "/api/v1/me", NULL), 200);
	/* With another administrator again, the provider's deactivation goes through. */
	h_expect_status(h_req(h_as("second.admin@example.org"), "PATCH", h_fmt("/api/v1/users/%lld", (long long)H.admin),
			      "{\"role\":\"admin\"}"), 200);
	h_expect_status(scim(p, "PATCH", h_fmt("/Users/%lld", (long long)second), off), 200);
}

/* A path mentord's SCIM does not have answers in SCIM's shape, not with
 * the site's HTML page. */
Test(scim, unknown_paths_answer_scims_404)
{
	h_client_t *p = provisioner();
	expect_scim_error(scim(p, "GET", "/Bulk", NULL), 404, NULL);
	expect_scim_error(scim(p, "POST", "/Bulk", "{}"), 404, NULL);
	expect_scim_error(scim(p, "GET", "/Users/1/photos/2/x", NULL), 404, NULL);
	expect_scim_error(scim(p, "POST", "/Users/1", "{}"), 404, NULL);
	expect_scim_error(scim(p, "GET", "/", NULL), 404, NULL);
	h_resp_t *r = scim(p, "GET", "/Me", NULL);
	expect_scim_error(r, 404, NULL);
	cr_assert_null(strstr(r->body, "<html"));
	/* Without the token, SCIM's 401 still. */
	r = scim(h_client(), "GET", "/Nothing/here", NULL);
	expect_scim_error(r, 401, NULL);
	cr_assert_not_null(h_header(r, "WWW-Authenticate"));
}

/* A relationship of the leaver's with a second member, through the API. */
static int64_t pair(h_client_t *mgr, int64_t mentor, int64_t mentee)
{
	h_resp_t *r = h_req(mgr, "POST", "/api/v1/programs",
			    h_fmt("{\"name\":\"Pairs %lld\",\"starts_on\":\"2020-01-01\",\"ends_on\":\"2099-12-31\"}",
				  (long long)mentor));
	h_expect_status(r, 201);
	int64_t program = h_int(r, "id");
	h_expect_status(h_req(mgr, "POST", h_fmt("/api/v1/programs/%lld/participants", (long long)program),
			      h_fmt("{\"user_id\":%lld,\"role\":\"mentor\",\"capacity\":2}", (long long)mentor)), 201);
	h_expect_status(h_req(mgr, "POST", h_fmt("/api/v1/programs/%lld/participants", (long long)program),
			      h_fmt("{\"user_id\":%lld,\"role\":\"mentee\"}", (long long)mentee)), 201);
	r = h_req(mgr, "POST", "/api/v1/relationships",
		  h_fmt("{\"program_id\":%lld,\"mentor_id\":%lld,\"mentee_id\":%lld}", (long long)program,
			(long long)mentor, (long long)mentee));
	h_expect_status(r, 201);
	return h_int(r, "id");
}

/* The relationship as its other member sees it: ended by the organisation. */
static void expect_ended_by_org(int64_t rel, const char *other)
{
	h_resp_t *r = h_req(h_bearer(other), "GET", h_fmt("/api/v1/relationships/%lld", (long long)rel), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "phase"), "completed");
	cr_assert_not_null(h_str(r, "ended_by_organisation_at"), "%s", r->body);
	cr_assert_eq(h_db_int(h_fmt("SELECT COUNT(*) FROM relationship_events WHERE relationship_id = %lld "
				    "AND kind = 'ended_by_organisation'", (long long)rel)), 1);
}

/* An administrator's deactivation (the API's PATCH, its deactivate
 * (DELETE), the people page) does what the provider's does: one service. */
Test(scim, an_administrators_deactivation_offboards_as_scims_does)
{
	h_client_t *mgr = h_bearer("mgr1@example.org");
	h_client_t *admin = h_as("admin@example.org");
	int64_t by_patch = pair(mgr, H.member[0], H.member[1]);
	int64_t by_op = pair(mgr, H.member[2], H.member[1]);
	int64_t by_page = pair(mgr, H.member[3], H.member[1]);
	h_client_t *leaver = h_as(h_member_email[0]), *leaver_token = h_bearer(h_member_email[0]);

	h_resp_t *r = h_req(admin, "PATCH", h_fmt("/api/v1/users/%lld", (long long)H.member[0]), "{\"active\":false}");
	h_expect_status(r, 200);
	h_expect_status(h_req(leaver, "GET", "/api/v1/me", NULL), 401);
	h_expect_status(h_req(leaver_token, "GET", "/api/v1/me", NULL), 401);
	expect_ended_by_org(by_patch, h_member_email[1]);

	h_client_t *second = h_bearer(h_member_email[2]);
	h_expect_status(h_req(admin, "DELETE", h_fmt("/api/v1/users/%lld", (long long)H.member[2]), NULL), 200);
	h_expect_status(h_req(second, "GET", "/api/v1/me", NULL), 401);
	expect_ended_by_org(by_op, h_member_email[1]);

	h_client_t *third = h_as(h_member_email[3]);
	const char *body = h_fmt("_csrf=%s", admin->csrf);
	r = h_req_ct(admin, "POST", h_fmt("/people/%lld/deactivate", (long long)H.member[3]),
		     "application/x-www-form-urlencoded", body, strlen(body));
	h_expect_status(r, 303);
	h_expect_status(h_req(third, "GET", "/api/v1/me", NULL), 401);
	expect_ended_by_org(by_page, h_member_email[1]);
	/* The audit log counts what ended. */
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM audit_log WHERE action = 'user.deactivate' "
			      "AND detail LIKE '%1 relationships ended'"), 3);
	/* The manager's report marks them too. */
	r = h_req(mgr, "GET", h_fmt("/api/v1/relationships/%lld", (long long)by_page), NULL);
	cr_assert_not_null(strstr(h_str(r, "next_step"), "Ended by the organisation"), "%s", r->body);
}
