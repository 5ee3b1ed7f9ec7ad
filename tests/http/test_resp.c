/* Tests of response building and body-field reading (http/resp.c) without
 * a connection: the error format of API.md (code, message, fields), the
 * list envelope with its cursor, DB status mapping, and decoding of
 * x-www-form-urlencoded bodies. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

#include "http/http.h"

static req_t r;

static void setup(void)
{
	memset(&r, 0, sizeof(r));
	r.arena = arena_new();
	r.method = "POST";
	r.path = "/api/v1/test";
	r.api = true;
}

static void teardown(void)
{
	buf_free(&r.out);
	arena_free(r.arena);
}

TestSuite(resp, .init = setup, .fini = teardown);
TestSuite(form, .init = setup, .fini = teardown);

static json_t *body_json(void)
{
	json_error_t e;
	json_t *j = json_loads(buf_cstr(&r.out), 0, &e);
	cr_assert_not_null(j, "not JSON: %s", buf_cstr(&r.out));
	return j;
}

Test(resp, error_shape)
{
	resp_error(&r, 404, "not_found", "no thing %d", 9);
	cr_assert_eq(r.status, 404);
	cr_assert_str_eq(r.content_type, "application/json");
	json_t *j = body_json();
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "not_found");
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "error"), "message")), "no thing 9");
	cr_assert_null(json_object_get(json_object_get(j, "error"), "fields"));
	json_decref(j);
}

/* Found by fuzz/fuzz_url (fuzz/regressions/url/overlong-utf8-path): a
 * path holding an overlong UTF-8 form (%E0%8F%8F) made the 404 that quotes
 * it unencodable, so the client got a 500. Whatever bytes a message
 * quotes, the error stays an error of its own status. */
Test(resp, message_quoting_bytes_that_are_not_utf8)
{
	static const char *const paths[] = {"/api/\xe0\x8f\x8f", "/api/\xed\xa0\x80", "/api/\xf4\x90\x80\x80",
					    "/api/\xc0\xaf", "/api/\xff", "/api/caf\xc3\xa9"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		resp_error(&r, 404, "not_found", "no such resource: %s", paths[i]);
		cr_assert_eq(r.status, 404, "%s", paths[i]);
		json_t *j = body_json();
		const char *msg = json_string_value(json_object_get(json_object_get(j, "error"), "message"));
		cr_assert(msg && !strncmp(msg, "no such resource: /api/", 23), "%s", buf_cstr(&r.out));
		json_decref(j);
	}
	verr_t v = {0};
	verr_add(&v, "\xe0\x8f\x8f", "is not a known field");
	resp_invalid(&r, &v);
	cr_assert_eq(r.status, 422, "%s", buf_cstr(&r.out));
}

Test(resp, invalid_lists_every_field)
{
	verr_t v = {0};
	verr_add(&v, "email", "must be an email address");
	verr_add(&v, "timezone", "unknown");
	resp_invalid(&r, &v);
	cr_assert_eq(r.status, 422);
	json_t *j = body_json();
	json_t *err = json_object_get(j, "error");
	cr_assert_str_eq(json_string_value(json_object_get(err, "code")), "validation_failed");
	json_t *fields = json_object_get(err, "fields");
	cr_assert_eq(json_object_size(fields), 2);
	cr_assert_str_eq(json_string_value(json_object_get(fields, "email")), "must be an email address");
	cr_assert_str_eq(json_string_value(json_object_get(fields, "timezone")), "unknown");
	json_decref(j);
}

Test(resp, json_output_is_ascii_and_round_trips)
{
	resp_json(&r, 200, json_pack("{s:s}", "name", "Zoë <script>"));
	cr_assert_eq(r.status, 200);
	cr_assert(strcasestr(buf_cstr(&r.out), "\\u00eb"), "%s", buf_cstr(&r.out));
	json_t *j = body_json();
	cr_assert_str_eq(json_string_value(json_object_get(j, "name")), "Zoë <script>");
	json_decref(j);
}

Test(resp, db_status_mapping)
{
	resp_db(&r, DB_CONSTRAINT);
	cr_assert_eq(r.status, 409);
	resp_db(&r, DB_BUSY);
	cr_assert_eq(r.status, 503);
	cr_assert_eq(r.nheaders, 1);
	cr_assert_str_eq(r.headers[0].name, "Retry-After");
	resp_db(&r, DB_ERROR);
	cr_assert_eq(r.status, 500);
	json_t *j = body_json();
	cr_assert_str_eq(json_string_value(json_object_get(json_object_get(j, "error"), "code")), "internal");
	json_decref(j);
}

Test(resp, text_and_redirect)
{
	resp_text(&r, 201, "text/csv", "a,b\n", 4);
	cr_assert_eq(r.status, 201);
	cr_assert_str_eq(buf_cstr(&r.out), "a,b\n");
	resp_redirect(&r, "/login");
	cr_assert_eq(r.status, 303);
	cr_assert_str_eq(r.headers[0].name, "Location");
	cr_assert_str_eq(r.headers[0].value, "/login");
}

Test(resp, unsafe_methods)
{
	static const char *const safe[] = {"GET", "HEAD", "OPTIONS"};
	static const char *const unsafe[] = {"POST", "PUT", "PATCH", "DELETE"};
	for (int i = 0; i < 3; i++) {
		r.method = safe[i];
		cr_assert_not(http_is_unsafe(&r), "%s", safe[i]);
	}
	for (int i = 0; i < 4; i++) {
		r.method = unsafe[i];
		cr_assert(http_is_unsafe(&r), "%s", unsafe[i]);
	}
}

static void set_body(const char *s)
{
	r.body = s;
	r.body_len = strlen(s);
}

Test(form, fields_are_decoded)
{
	set_body("name=Ada+Lovelace&email=ada%40example.org&empty=&flag&pct=100%25");
	cr_assert_str_eq(http_form(&r, "name"), "Ada Lovelace");
	cr_assert_str_eq(http_form(&r, "email"), "ada@example.org");
	cr_assert_str_eq(http_form(&r, "empty"), "");
	cr_assert_str_eq(http_form(&r, "flag"), "");
	cr_assert_str_eq(http_form(&r, "pct"), "100%");
	cr_assert_null(http_form(&r, "missing"));
	cr_assert_null(http_form(&r, "nam"), "names match exactly, not by prefix");
}

Test(form, repeated_fields)
{
	set_body("s=a&t=x&s=b&s=c&s=d&s=e&s=f&s=g&s=h&s=i&s=j");
	const char **vals;
	int n = http_form_all(&r, "s", &vals);
	cr_assert_eq(n, 10);
	cr_assert_str_eq(vals[0], "a");
	cr_assert_str_eq(vals[9], "j");
}

Test(form, encoded_keys_and_bad_escapes)
{
	set_body("_csrf=abc&na%6De=x&bad=%zz%4&tail=%41");
	cr_assert_str_eq(http_form(&r, "_csrf"), "abc");
	cr_assert_str_eq(http_form(&r, "name"), "x");
	cr_assert_str_eq(http_form(&r, "bad"), "%zz%4", "invalid escapes are kept literally");
	cr_assert_str_eq(http_form(&r, "tail"), "A", "an escape at the very end of the body decodes");
}

Test(form, no_body)
{
	r.body = NULL;
	r.body_len = 0;
	cr_assert_null(http_form(&r, "x"));
}

Test(form, body_is_not_nul_terminated)
{
	static const char raw[] = {'a', '=', '1', '&', 'b', '=', '2', 'X', 'Y'};
	r.body = raw;
	r.body_len = 7; /* "a=1&b=2" followed by bytes that are not part of the body */
	cr_assert_str_eq(http_form(&r, "b"), "2");
}
