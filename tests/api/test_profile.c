/* End-to-end tests of profiles: GET /me/profile defaults, a PUT of every
 * field read back exactly, partial PUTs that keep unnamed fields, each
 * validation rule answered with 422 naming its field (and nothing written),
 * the manager chain (no such user, self, loops), who may read whose
 * profile through /users/{id}/profile, the closed body and the one text
 * rule of issue 9, and the addresses of the calendar feed. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/buf.h"
#include "harness.h"

TestSuite(profile, .init = h_setup, .fini = h_teardown);

Test(profile, default_profile)
{
	h_client_t *c = h_as(h_member_email[0]);
	h_resp_t *r = h_req(c, "GET", "/api/v1/me/profile", NULL);
	h_expect_status(r, 200);
	cr_assert_eq(h_int(r, "user_id"), H.member[0]);
	cr_assert_str_eq(h_str(r, "timezone"), "UTC");
	cr_assert_str_eq(h_str(r, "headline"), "");
	cr_assert(json_is_null(h_at(r, "seniority")));
	cr_assert(json_is_null(h_at(r, "manager_id")));
	cr_assert_eq(json_array_size(h_at(r, "languages")), 0);
	cr_assert_eq(json_array_size(h_at(r, "availability")), 0);
	cr_assert(json_is_null(h_at(r, "updated_at")));
}

Test(profile, every_field_round_trips)
{
	h_client_t *c = h_as(h_member_email[0]);
	const char *body = h_fmt(
		"{\"headline\":\"Staff engineer\",\"bio\":\"Builds things.\\nLikes <tags> & \\\"quotes\\\".\","
		"\"department\":\"Platform\",\"location\":\"Berlin\",\"timezone\":\"Europe/Berlin\","
		"\"seniority\":7,\"manager_id\":%lld,\"languages\":[\"Deutsch\",\"English\"],"
		"\"skills_offered\":[\"Go\",\"SQL\",\"Public speaking\"],\"skills_wanted\":[\"Negotiation\"],"
		"\"interests\":[\"Climbing\",\"Chess\"],"
		"\"availability\":[{\"day\":1,\"start\":\"09:00\",\"end\":\"10:30\"},"
		"{\"day\":5,\"start\":\"16:00\",\"end\":\"24:00\"}],"
		"\"preferred_channel\":\"video\",\"meeting_style\":\"structured\","
		"\"preferences\":\"Mornings, please\"}", (long long)H.mgr1);
	h_resp_t *put = h_req(c, "PUT", "/api/v1/me/profile", body);
	h_expect_status(put, 200);
	h_resp_t *rs[] = {put, h_req(c, "GET", "/api/v1/me/profile", NULL)};
	for (int i = 0; i < 2; i++) {
		h_resp_t *r = rs[i];
		h_expect_status(r, 200);
		cr_assert_str_eq(h_str(r, "headline"), "Staff engineer");
		cr_assert_str_eq(h_str(r, "bio"), "Builds things.\nLikes <tags> & \"quotes\".");
		cr_assert_str_eq(h_str(r, "department"), "Platform");
		cr_assert_str_eq(h_str(r, "location"), "Berlin");
		cr_assert_str_eq(h_str(r, "timezone"), "Europe/Berlin");
		cr_assert_eq(h_int(r, "seniority"), 7);
		cr_assert_eq(h_int(r, "manager_id"), H.mgr1);
		cr_assert_eq(json_array_size(h_at(r, "languages")), 2);
		cr_assert_str_eq(h_str(r, "languages.0"), "Deutsch");
		cr_assert_str_eq(h_str(r, "languages.1"), "English");
		cr_assert_eq(json_array_size(h_at(r, "skills_offered")), 3);
		cr_assert_str_eq(h_str(r, "skills_offered.2"), "Public speaking");
		cr_assert_str_eq(h_str(r, "skills_wanted.0"), "Negotiation");
		cr_assert_str_eq(h_str(r, "interests.1"), "Chess");
		cr_assert_eq(json_array_size(h_at(r, "availability")), 2);
		cr_assert_eq(h_int(r, "availability.0.day"), 1);
		cr_assert_str_eq(h_str(r, "availability.0.start"), "09:00");
		cr_assert_str_eq(h_str(r, "availability.0.end"), "10:30");
		cr_assert_eq(h_int(r, "availability.1.day"), 5);
		cr_assert_str_eq(h_str(r, "availability.1.end"), "24:00");
		cr_assert_str_eq(h_str(r, "preferred_channel"), "video");
		cr_assert_str_eq(h_str(r, "meeting_style"), "structured");
		cr_assert_str_eq(h_str(r, "preferences"), "Mornings, please");
		cr_assert_not_null(h_str(r, "updated_at"));
	}
	/* A manager reads the same through /users/{id}/profile. */
	h_client_t *m = h_as("mgr2@example.org");
	h_resp_t *r = h_req(m, "GET", h_fmt("/api/v1/users/%lld/profile", (long long)H.member[0]), NULL);
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "headline"), "Staff engineer");
}

Test(profile, partial_put_keeps_other_fields_and_null_clears)
{
	h_client_t *c = h_as(h_member_email[0]);
	h_expect_status(h_req(c, "PUT", "/api/v1/me/profile",
			      "{\"headline\":\"One\",\"seniority\":3,\"languages\":[\"English\"],"
			      "\"preferred_channel\":\"chat\",\"timezone\":\"Asia/Tokyo\"}"), 200);
	h_resp_t *r = h_req(c, "PUT", "/api/v1/me/profile", "{\"bio\":\"Two\"}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "headline"), "One");
	cr_assert_str_eq(h_str(r, "bio"), "Two");
	cr_assert_eq(h_int(r, "seniority"), 3);
	cr_assert_str_eq(h_str(r, "languages.0"), "English");
	cr_assert_str_eq(h_str(r, "timezone"), "Asia/Tokyo");
	r = h_req(c, "PUT", "/api/v1/me/profile",
		  "{\"seniority\":null,\"languages\":null,\"preferred_channel\":null}");
	h_expect_status(r, 200);
	cr_assert(json_is_null(h_at(r, "seniority")));
	cr_assert(json_is_null(h_at(r, "preferred_channel")));
	cr_assert_eq(json_array_size(h_at(r, "languages")), 0);
	cr_assert_str_eq(h_str(r, "headline"), "One");
}

/* PUTs body and expects a 422 naming field, with the stored profile unchanged. */
static void refused(h_client_t *c, const char *field, const char *body)
{
	h_resp_t *r = h_req(c, "PUT", "/api/v1/me/profile", body);
	cr_assert_eq(r->status, 422, "%s: status %ld for %s: %s", field, r->status, body, r->body);
	cr_assert_str_eq(h_str(r, "error.code"), "validation_failed");
	cr_assert_not_null(h_str(r, h_fmt("error.fields.%s", field)), "422 does not name %s for %s: %s",
			   field, body, r->body);
	h_resp_t *now = h_req(c, "GET", "/api/v1/me/profile", NULL);
	cr_assert_str_eq(h_str(now, "headline"), "Baseline", "a refused PUT wrote something: %s", body);
	cr_assert_str_eq(h_str(now, "timezone"), "Europe/Berlin");
	cr_assert_eq(json_array_size(h_at(now, "availability")), 1);
}

static h_client_t *baseline(void)
{
	h_client_t *c = h_as(h_member_email[0]);
	h_expect_status(h_req(c, "PUT", "/api/v1/me/profile",
			      "{\"headline\":\"Baseline\",\"timezone\":\"Europe/Berlin\","
			      "\"availability\":[{\"day\":2,\"start\":\"10:00\",\"end\":\"11:00\"}]}"), 200);
	return c;
}

Test(profile, timezone_validation)
{
	h_client_t *c = baseline();
	refused(c, "timezone", "{\"headline\":\"X\",\"timezone\":\"Mars/Base\"}");
	refused(c, "timezone", "{\"headline\":\"X\",\"timezone\":\"../../etc/passwd\"}");
	refused(c, "timezone", "{\"headline\":\"X\",\"timezone\":\"\"}");
	refused(c, "timezone", "{\"headline\":\"X\",\"timezone\":null}");
	refused(c, "timezone", "{\"headline\":\"X\",\"timezone\":3}");
}

Test(profile, availability_validation)
{
	h_client_t *c = baseline();
	refused(c, "availability", "{\"headline\":\"X\",\"availability\":[{\"day\":1,\"start\":\"09:00\",\"end\":\"11:00\"},"
				   "{\"day\":1,\"start\":\"10:00\",\"end\":\"12:00\"}]}");
	refused(c, "availability", "{\"headline\":\"X\",\"availability\":[{\"day\":1,\"start\":\"9:00\",\"end\":\"11:00\"}]}");
	refused(c, "availability", "{\"headline\":\"X\",\"availability\":[{\"day\":1,\"start\":\"09:00\",\"end\":\"24:30\"}]}");
	refused(c, "availability", "{\"headline\":\"X\",\"availability\":[{\"day\":1,\"start\":\"09:60\",\"end\":\"11:00\"}]}");
	refused(c, "availability", "{\"headline\":\"X\",\"availability\":[{\"day\":1,\"start\":\"11:00\",\"end\":\"09:00\"}]}");
	refused(c, "availability", "{\"headline\":\"X\",\"availability\":[{\"day\":8,\"start\":\"09:00\",\"end\":\"11:00\"}]}");
	refused(c, "availability", "{\"headline\":\"X\",\"availability\":[{\"day\":0,\"start\":\"09:00\",\"end\":\"11:00\"}]}");
	refused(c, "availability", "{\"headline\":\"X\",\"availability\":[{\"day\":\"1\",\"start\":\"09:00\",\"end\":\"11:00\"}]}");
	refused(c, "availability", "{\"headline\":\"X\",\"availability\":[{\"day\":1,\"start\":900,\"end\":\"11:00\"}]}");
	refused(c, "availability", "{\"headline\":\"X\",\"availability\":[{\"day\":1}]}");
	refused(c, "availability", "{\"headline\":\"X\",\"availability\":[\"Mon 9-11\"]}");
	refused(c, "availability", "{\"headline\":\"X\",\"availability\":{\"day\":1}}");
	/* 43 windows: one more than allowed. */
	buf_t b = BUF_INIT;
	buf_puts(&b, "{\"headline\":\"X\",\"availability\":[");
	for (int i = 0; i < 43; i++)
		buf_printf(&b, "%s{\"day\":%d,\"start\":\"%02d:00\",\"end\":\"%02d:30\"}", i ? "," : "",
			   1 + i % 7, i / 7, i / 7);
	buf_puts(&b, "]}");
	refused(c, "availability", h_fmt("%s", buf_cstr(&b)));
	buf_free(&b);
}

Test(profile, seniority_validation)
{
	h_client_t *c = baseline();
	refused(c, "seniority", "{\"headline\":\"X\",\"seniority\":0}");
	refused(c, "seniority", "{\"headline\":\"X\",\"seniority\":11}");
	refused(c, "seniority", "{\"headline\":\"X\",\"seniority\":-3}");
	refused(c, "seniority", "{\"headline\":\"X\",\"seniority\":5.5}");
	refused(c, "seniority", "{\"headline\":\"X\",\"seniority\":\"5\"}");
}

Test(profile, list_validation)
{
	h_client_t *c = baseline();
	refused(c, "skills_offered", "{\"headline\":\"X\",\"skills_offered\":[\"Go\",\"  go \"]}");
	refused(c, "languages", "{\"headline\":\"X\",\"languages\":[\"English\",\"ENGLISH\"]}");
	refused(c, "interests", "{\"headline\":\"X\",\"interests\":[\"Chess\",\"\"]}");
	refused(c, "skills_wanted", "{\"headline\":\"X\",\"skills_wanted\":\"Go\"}");
	refused(c, "skills_wanted", "{\"headline\":\"X\",\"skills_wanted\":[1]}");
	refused(c, "interests", h_fmt("{\"headline\":\"X\",\"interests\":[\"%0*d\"]}", 65, 0));
	buf_t b = BUF_INIT;
	buf_puts(&b, "{\"headline\":\"X\",\"languages\":[");
	for (int i = 0; i < 31; i++)
		buf_printf(&b, "%s\"lang %d\"", i ? "," : "", i);
	buf_puts(&b, "]}");
	refused(c, "languages", h_fmt("%s", buf_cstr(&b)));
	buf_free(&b);
}

Test(profile, enum_and_length_validation)
{
	h_client_t *c = baseline();
	refused(c, "preferred_channel", "{\"headline\":\"X\",\"preferred_channel\":\"fax\"}");
	refused(c, "meeting_style", "{\"headline\":\"X\",\"meeting_style\":\"loud\"}");
	refused(c, "headline", h_fmt("{\"headline\":\"%0*d\"}", 201, 0));
	refused(c, "bio", "{\"headline\":\"X\",\"bio\":[\"not\",\"text\"]}");
}

Test(profile, manager_validation)
{
	h_client_t *c = baseline();
	refused(c, "manager_id", h_fmt("{\"headline\":\"X\",\"manager_id\":%lld}", (long long)H.member[0]));
	refused(c, "manager_id", "{\"headline\":\"X\",\"manager_id\":999999}");
	refused(c, "manager_id", "{\"headline\":\"X\",\"manager_id\":0}");
	/* member2 reports to member1; member1 may then not report to member2. */
	h_client_t *m2 = h_as(h_member_email[1]);
	h_expect_status(h_req(m2, "PUT", "/api/v1/me/profile",
			      h_fmt("{\"manager_id\":%lld}", (long long)H.member[0])), 200);
	refused(c, "manager_id", h_fmt("{\"headline\":\"X\",\"manager_id\":%lld}", (long long)H.member[1]));
	/* A longer loop: member3 -> member2 -> member1 -> member3. */
	h_client_t *m3 = h_as(h_member_email[2]);
	h_expect_status(h_req(m3, "PUT", "/api/v1/me/profile",
			      h_fmt("{\"manager_id\":%lld}", (long long)H.member[1])), 200);
	refused(c, "manager_id", h_fmt("{\"headline\":\"X\",\"manager_id\":%lld}", (long long)H.member[2]));
	/* A chain without a loop is fine. */
	h_expect_status(h_req(c, "PUT", "/api/v1/me/profile",
			      h_fmt("{\"manager_id\":%lld}", (long long)H.mgr1)), 200);
}

Test(profile, all_errors_in_one_answer)
{
	h_client_t *c = baseline();
	h_resp_t *r = h_req(c, "PUT", "/api/v1/me/profile",
			    "{\"timezone\":\"Nowhere\",\"seniority\":99,\"preferred_channel\":\"fax\"}");
	h_expect_status(r, 422);
	cr_assert_not_null(h_str(r, "error.fields.seniority"));
	cr_assert_not_null(h_str(r, "error.fields.preferred_channel"));
	/* The zone is checked by the domain rules after the typed fields; it
	 * may be reported in the same answer or the next one. */
}

Test(profile, who_reads_whose_profile)
{
	h_client_t *m1 = h_as(h_member_email[0]);
	h_resp_t *r = h_req(m1, "GET", h_fmt("/api/v1/users/%lld/profile", (long long)H.member[1]), NULL);
	h_expect_status(r, 403);
	h_expect_status(h_req(m1, "GET", h_fmt("/api/v1/users/%lld/profile", (long long)H.member[0]), NULL), 200);
	h_client_t *a = h_as("admin@example.org");
	h_expect_status(h_req(a, "GET", h_fmt("/api/v1/users/%lld/profile", (long long)H.member[1]), NULL), 200);
	h_expect_status(h_req(a, "GET", "/api/v1/users/99999/profile", NULL), 404);
	/* PUT exists only for oneself. */
	h_expect_status(h_req(a, "PUT", h_fmt("/api/v1/users/%lld/profile", (long long)H.member[1]), "{}"), 405);
}

Test(profile, empty_object_is_a_no_op)
{
	h_client_t *c = baseline();
	h_resp_t *r = h_req(c, "PUT", "/api/v1/me/profile", "{}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "headline"), "Baseline");
}

/* Issue 9: the body is closed. An unknown key (a typo, a field of another
 * resource) is refused by name instead of being silently ignored, at the
 * top level and inside mentor_preferences, and nothing is written. */
Test(profile, unknown_keys_are_refused_by_name)
{
	h_client_t *c = baseline();
	refused(c, "headlin", "{\"headline\":\"X\",\"headlin\":\"typo\"}");
	refused(c, "email", "{\"headline\":\"X\",\"email\":\"other@example.org\"}");
	h_resp_t *r = h_req(c, "PUT", "/api/v1/me/profile",
			    "{\"headline\":\"X\",\"mentor_preferences\":{\"departmentz\":[\"Sales\"]}}");
	h_expect_status(r, 422);
	cr_assert_not_null(strstr(h_str(r, "error.fields.mentor_preferences"), "departmentz"), "%s", r->body);
	cr_assert_str_eq(h_str(h_req(c, "GET", "/api/v1/me/profile", NULL), "headline"), "Baseline");
}

/* Issue 9: one text rule. Single-line fields refuse CR, LF and TAB; the
 * multi-line ones (bio, preferences) keep LF and TAB and refuse CR and
 * every other control character. */
Test(profile, line_breaks_only_where_the_field_has_lines)
{
	h_client_t *c = baseline();
	refused(c, "headline", "{\"headline\":\"Two\\nlines\"}");
	refused(c, "headline", "{\"headline\":\"Two\\rlines\"}");
	refused(c, "headline", "{\"headline\":\"Tab\\tbed\"}");
	refused(c, "department", "{\"headline\":\"X\",\"department\":\"Sales\\r\\nOps\"}");
	refused(c, "bio", "{\"headline\":\"X\",\"bio\":\"Windows\\r\\nline\"}");
	refused(c, "bio", "{\"headline\":\"X\",\"bio\":\"bell\\u0007\"}");
	refused(c, "bio", "{\"headline\":\"X\",\"bio\":\"nul\\u0000byte\"}");
	refused(c, "bio", "{\"headline\":\"X\",\"bio\":\"c1\\u0085control\"}");
	refused(c, "preferences", "{\"headline\":\"X\",\"preferences\":\"esc\\u001b[0m\"}");
	h_resp_t *r = h_req(c, "PUT", "/api/v1/me/profile",
			    "{\"bio\":\"First line\\n\\tindented second\",\"preferences\":\"a\\tb\\nc\"}");
	h_expect_status(r, 200);
	cr_assert_str_eq(h_str(r, "bio"), "First line\n\tindented second");
	cr_assert_str_eq(h_str(r, "preferences"), "a\tb\nc");
	/* The literal holds the raw LF and TAB (no char() or chr() both engines know). */
	cr_assert_eq(h_db_int("SELECT COUNT(*) FROM profiles WHERE bio = 'First line\n\tindented second'"), 1);
}

/* The feed's address is checked by the document before anything looks it
 * up; an address of the right form that is nobody's is a plain 404 for
 * calendar apps. */
Test(profile, calendar_feed_addresses)
{
	h_client_t *c = h_client();
	h_resp_t *r = h_req(c, "GET", "/calendar/123456789012345678-123456789012345678-123456789012345678.ics", NULL);
	h_expect_status(r, 404);
	cr_assert_not_null(strstr(h_header(r, "Content-Type"), "text/plain"), "%s", h_header(r, "Content-Type"));
	h_expect_status(h_req(c, "GET", "/calendar/0123-1-1.ics", NULL), 404);
	h_expect_status(h_req(c, "GET", "/calendar/1-1-1-1.ics", NULL), 404);
	h_client_t *m = h_as(h_member_email[0]);
	r = h_req(m, "POST", "/api/v1/me/calendar-token", NULL);
	h_expect_status(r, 201);
	r = h_req(c, "GET", h_str(r, "path"), NULL);
	h_expect_status(r, 200);
	cr_assert_not_null(strstr(r->body, "BEGIN:VCALENDAR"));
	cr_assert_str_eq(h_header(r, "Cache-Control"), "private, max-age=300");
}

/* ---- the profile page's form ---- */

static h_resp_t *profile_form(h_client_t *c, const char *body)
{
	return h_req_ct(c, "POST", "/profile", "application/x-www-form-urlencoded", body, strlen(body));
}

/* The rest of a form as the page sends it: every field, three rows. */
static const char *const form_rest =
	"&bio=&department=&seniority=&manager_email=&location=&timezone=Europe%2FBerlin&languages="
	"&skills_offered=&skills_wanted=&interests=&preferred_channel=&meeting_style=&preferences="
	"&pref_departments=&pref_languages=&pref_mentor_emails=&avoid_emails="
	"&avail_day=&avail_start=&avail_end=&avail_day=&avail_start=&avail_end="
	"&avail_day=&avail_start=&avail_end=";

Test(profile, form_saves_the_whole_profile)
{
	h_client_t *c = baseline();
	h_resp_t *r = profile_form(c, "headline=From+the+page&bio=one%0D%0Atwo&department=Sales&seniority=4"
		"&manager_email=mgr1%40example.org&location=&timezone=Asia%2FTokyo&languages=English&languages=+Japanese+&languages="
		"&skills_offered=&skills_wanted=Go&interests=&preferred_channel=chat&meeting_style="
		"&preferences=&pref_departments=&pref_languages=&pref_mentor_emails=&avoid_emails="
		"&avail_day=3&avail_start=09%3A00&avail_end=10%3A30"
		"&avail_day=&avail_start=&avail_end=&avail_day=5&avail_start=14%3A00&avail_end=15%3A00");
	h_expect_status(r, 303);
	r = h_req(c, "GET", "/api/v1/me/profile", NULL);
	cr_assert_str_eq(h_str(r, "headline"), "From the page");
	cr_assert_str_eq(h_str(r, "bio"), "one\ntwo", "CRLF from a browser is read as LF");
	cr_assert_eq(h_int(r, "seniority"), 4);
	cr_assert_eq(h_int(r, "manager_id"), H.mgr1);
	cr_assert_str_eq(h_str(r, "timezone"), "Asia/Tokyo");
	cr_assert_str_eq(h_str(r, "languages.1"), "Japanese");
	cr_assert_str_eq(h_str(r, "preferred_channel"), "chat");
	cr_assert(json_is_null(h_at(r, "meeting_style")));
	cr_assert_eq(json_array_size(h_at(r, "availability")), 2, "the empty middle row is skipped: %s", r->body);
	cr_assert_eq(h_int(r, "availability.1.day"), 5);
	cr_assert_str_eq(h_str(r, "availability.1.start"), "14:00");
}

/* Issue 9: an encoded NUL is refused with the form shown again (422), the
 * error next to the field it was in; nothing is written. */
Test(profile, form_refuses_an_encoded_nul)
{
	h_client_t *c = baseline();
	h_resp_t *r = profile_form(c, h_fmt("headline=Bad%%00headline%s", form_rest));
	h_expect_status(r, 422);
	cr_assert(strstr(r->body, "id=\"f-headline-error\""), "the headline carries the error: %s", r->body);
	cr_assert(strstr(r->body, "href=\"#f-headline\""), "the summary names the headline: %s", r->body);
	r = profile_form(c, h_fmt("headline=Fine&location=Ber%%00lin%s", strstr(form_rest, "&timezone")));
	h_expect_status(r, 422);
	cr_assert(strstr(r->body, "id=\"f-location-error\""), "%s", r->body);
	cr_assert_str_eq(h_str(h_req(c, "GET", "/api/v1/me/profile", NULL), "headline"), "Baseline");
}

/* Issue 9: a single-value field sent twice is refused by name. */
Test(profile, form_refuses_a_repeated_field)
{
	h_client_t *c = baseline();
	h_resp_t *r = profile_form(c, h_fmt("headline=First&headline=Second%s", form_rest));
	h_expect_status(r, 422);
	cr_assert(strstr(r->body, "id=\"f-headline-error\""), "%s", r->body);
	cr_assert(strstr(r->body, "more than once"), "%s", r->body);
	r = profile_form(c, h_fmt("headline=X&timezone=UTC%s", form_rest)); /* and timezone= in the rest */
	h_expect_status(r, 422);
	cr_assert(strstr(r->body, "id=\"f-timezone-error\""), "%s", r->body);
	cr_assert_str_eq(h_str(h_req(c, "GET", "/api/v1/me/profile", NULL), "headline"), "Baseline");
}

/* The rows' columns stay aligned: a row with only a start is named as that
 * row, not shifted into the next one. */
Test(profile, form_availability_rows_keep_their_places)
{
	h_client_t *c = baseline();
	h_resp_t *r = profile_form(c, "headline=X&timezone=UTC&avail_day=&avail_start=09%3A00&avail_end="
		"&avail_day=2&avail_start=10%3A00&avail_end=11%3A00");
	h_expect_status(r, 422);
	cr_assert(strstr(r->body, "Row 1: choose a day, a start and an end"), "%s", r->body);
	cr_assert_null(strstr(r->body, "Row 2"), "%s", r->body);
	r = profile_form(c, "headline=X&timezone=UTC&avail_day=9&avail_start=&avail_end=");
	h_expect_status(r, 422);
	cr_assert_str_eq(h_str(h_req(c, "GET", "/api/v1/me/profile", NULL), "headline"), "Baseline");
}

/* Issue 13: languages, skills and interests come one per input, each input
 * suggesting what other people entered (a datalist, no script). */
Test(profile, form_lists_one_per_input_with_suggestions)
{
	h_client_t *c = baseline();
	for (int i = 1; i <= 2; i++) /* suggested once two people use it */
		h_expect_status(h_req(h_as(h_member_email[i]), "PUT", "/api/v1/me/profile",
				      "{\"timezone\":\"UTC\",\"skills_offered\":[\"Negotiation\"]}"), 200);
	h_expect_status(profile_form(c, h_fmt("headline=Lists&timezone=UTC&skills_offered=SQL&skills_offered=&skills_offered=Go%s",
					       strstr(form_rest, "&skills_wanted"))), 303);
	h_resp_t *r = h_req(c, "GET", "/api/v1/me/profile", NULL);
	cr_assert_eq(json_array_size(h_at(r, "skills_offered")), 2, "the empty input is skipped: %s", r->body);
	r = h_req(c, "GET", "/profile", NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, "name=\"skills_offered\" type=\"text\" value=\"SQL\""), "%s", r->body);
	cr_assert(strstr(r->body, "<datalist id=\"skill-list\">"), "%s", r->body);
	cr_assert(strstr(r->body, "<option value=\"Negotiation\">"), "what others entered is suggested: %s", r->body);
	cr_assert(strstr(r->body, "list=\"skill-list\""), "%s", r->body);
}

/* The home page's "Complete your profile" nudge: shown while the headline,
 * the availability, or both skill lists are empty; gone once each is
 * filled; a skill wanted alone is enough. */
Test(profile, home_nudges_a_thin_profile)
{
	h_client_t *c = h_as(h_member_email[0]);
	const char *nudge = "Complete your profile";
	h_resp_t *r = h_req(c, "GET", "/", NULL);
	h_expect_status(r, 200);
	cr_assert(strstr(r->body, nudge), "an empty profile is thin");
	static const struct {
		const char *body;
		bool thin;
	} steps[] = {
		{"{\"headline\":\"Engineer\",\"skills_offered\":[\"Go\"]}", true},        /* no availability */
		{"{\"availability\":[{\"day\":2,\"start\":\"09:00\",\"end\":\"10:00\"}]}", false},
		{"{\"headline\":\"\"}", true},                                             /* no headline */
		{"{\"headline\":\"Engineer\",\"skills_offered\":[]}", true},              /* no skills */
		{"{\"skills_wanted\":[\"SQL\"]}", false},                                   /* wanted is enough */
		{"{\"availability\":[]}", true},
	};
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		h_expect_status(h_req(c, "PUT", "/api/v1/me/profile", steps[i].body), 200);
		r = h_req(c, "GET", "/", NULL);
		h_expect_status(r, 200);
		cr_assert_eq(strstr(r->body, nudge) != NULL, steps[i].thin, "after %s", steps[i].body);
	}
}
