/* Tests of path routing (http/router.c): literal and {id} segments, ids that
 * must be positive integers without leading zeros, the 404/405 distinction
 * through path_known, HEAD served by GET routes, first-match order, and the
 * catch-all {*} that takes the rest of a path. */
#include <criterion/criterion.h>
#include <string.h>

#include "http/http.h"

static void h_list(req_t *r) { (void)r; }
static void h_get(req_t *r) { (void)r; }
static void h_post(req_t *r) { (void)r; }
static void h_nested(req_t *r) { (void)r; }
static void h_me(req_t *r) { (void)r; }
static void h_feed(req_t *r) { (void)r; }
static void h_rest(req_t *r) { (void)r; }

static arena_t *arena;

static void setup(void)
{
	static const route_t routes[] = {
		{"GET", "/api/v1/things", h_list, 0, NULL},
		{"POST", "/api/v1/things", h_post, 0, NULL},
		{"GET", "/api/v1/things/{id}", h_get, 0, NULL},
		{"GET", "/api/v1/things/{id}/parts/{id}", h_nested, 0, NULL},
		{"GET", "/api/v1/things/me", h_me, 0, NULL},
		{"GET", "/feeds/{s}.ics", h_feed, 0, NULL},
		{"GET", "/scim/v2/Users", h_list, 0, NULL},
		{"GET", "/scim/v2/{*}", h_rest, 0, NULL},
	};
	arena = arena_new();
	router_reset();
	router_add(routes, sizeof(routes) / sizeof(routes[0]));
}

static void teardown(void)
{
	arena_free(arena);
	router_reset();
}

TestSuite(router, .init = setup, .fini = teardown);

static const route_t *match(const char *method, const char *path, bool *known, req_t *r)
{
	memset(r, 0, sizeof(*r));
	r->arena = arena;
	r->method = method;
	r->path = path;
	return router_match(r, known);
}

Test(router, literal_paths)
{
	req_t r;
	bool known;
	const route_t *rt = match("GET", "/api/v1/things", &known, &r);
	cr_assert_not_null(rt);
	cr_assert_eq(rt->fn, h_list);
	cr_assert(known);
	rt = match("POST", "/api/v1/things", &known, &r);
	cr_assert_eq(rt->fn, h_post);
}

Test(router, ids_are_parsed)
{
	req_t r;
	bool known;
	const route_t *rt = match("GET", "/api/v1/things/42", &known, &r);
	cr_assert_not_null(rt);
	cr_assert_eq(rt->fn, h_get);
	cr_assert_eq(r.nid, 1);
	cr_assert_eq(r.id[0], 42);
	rt = match("GET", "/api/v1/things/7/parts/123456789012345678", &known, &r);
	cr_assert_not_null(rt);
	cr_assert_eq(rt->fn, h_nested);
	cr_assert_eq(r.nid, 2);
	cr_assert_eq(r.id[0], 7);
	cr_assert_eq(r.id[1], 123456789012345678LL);
}

Test(router, bad_ids_do_not_match)
{
	static const char *const bad[] = {
		"/api/v1/things/0", "/api/v1/things/007", "/api/v1/things/-1", "/api/v1/things/1x",
		"/api/v1/things/x1", "/api/v1/things/", "/api/v1/things/1234567890123456789",
		"/api/v1/things/99999999999999999999", "/api/v1/things/1/", "/api/v1/things/1/parts/",
		"/api/v1/things/%31", "/api/v1/things/+1",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		req_t r;
		bool known = true;
		cr_assert_null(match("GET", bad[i], &known, &r), "matched %s", bad[i]);
		cr_assert_not(known, "%s should be unknown (404)", bad[i]);
	}
}

Test(router, literal_beats_nothing_but_order_decides)
{
	/* "me" is not an id, so the literal route further down matches. */
	req_t r;
	bool known;
	const route_t *rt = match("GET", "/api/v1/things/me", &known, &r);
	cr_assert_not_null(rt);
	cr_assert_eq(rt->fn, h_me);
}

Test(router, wrong_method_is_known_path)
{
	req_t r;
	bool known = false;
	cr_assert_null(match("DELETE", "/api/v1/things/5", &known, &r));
	cr_assert(known, "a known path with the wrong method is a 405, not a 404");
	cr_assert_null(match("PUT", "/api/v1/things", &known, &r));
	cr_assert(known);
}

Test(router, unknown_paths)
{
	req_t r;
	bool known = true;
	cr_assert_null(match("GET", "/api/v1/thing", &known, &r));
	cr_assert_not(known);
	cr_assert_null(match("GET", "/api/v1/thingsX", &known, &r));
	cr_assert_null(match("GET", "", &known, &r));
	cr_assert_null(match("GET", "/API/V1/THINGS", &known, &r));
	cr_assert_not(known);
}

Test(router, head_is_served_by_get)
{
	req_t r;
	bool known;
	const route_t *rt = match("HEAD", "/api/v1/things/3", &known, &r);
	cr_assert_not_null(rt);
	cr_assert_eq(rt->fn, h_get);
	cr_assert_eq(r.id[0], 3);
	cr_assert_null(match("HEAD", "/api/v1/nothing", &known, &r));
}

Test(router, text_segments)
{
	req_t r;
	bool known;
	const route_t *rt = match("GET", "/feeds/abc-123.ics", &known, &r);
	cr_assert_not_null(rt);
	cr_assert_eq(rt->fn, h_feed);
	cr_assert_eq(r.nseg, 1);
	cr_assert_str_eq(r.seg[0], "abc-123");
	cr_assert_null(match("GET", "/feeds/.ics", &known, &r), "an empty segment matches nothing");
	cr_assert_null(match("GET", "/feeds/a/b.ics", &known, &r), "a segment stops at a slash");
	rt = match("GET", "/api/v1/things/7/parts/9", &known, &r);
	cr_assert_eq(r.nseg, 2);
	cr_assert_str_eq(r.seg[1], "9", "numeric segments are kept as text too");
}

Test(router, a_catch_all_takes_the_rest_of_the_path_after_every_other_route)
{
	req_t r;
	bool known;
	cr_assert_eq(match("GET", "/scim/v2/Users", &known, &r)->fn, h_list);
	cr_assert_eq(match("GET", "/scim/v2/Users/7", &known, &r)->fn, h_rest);
	cr_assert_eq(match("GET", "/scim/v2/a/b/c/d/e", &known, &r)->fn, h_rest);
	cr_assert_eq(match("GET", "/scim/v2/", &known, &r)->fn, h_rest);
	cr_assert_null(match("POST", "/scim/v2/Users/7", &known, &r));
	cr_assert_null(match("GET", "/scim/v3/Users", &known, &r));
}
