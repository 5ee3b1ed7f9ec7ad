/* Tests of the page helpers (web/page.h): every template built into the
 * binary parses, its partials resolve and the layout renders the landmarks
 * and escapes what it is given; form fields carry their error wiring
 * (aria-invalid, aria-describedby, the summary's anchors); and input helpers
 * refuse open redirects and parse strictly. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "web/page.h"

static tmpl_lib_t *lib;

static void setup(void)
{
	tmpl_err_t err = {{0}};
	lib = tmpl_lib_new();
	cr_assert_eq(page_templates_load(lib, &err), TMPL_OK, "%s", err.msg);
}

static void teardown(void)
{
	tmpl_lib_free(lib);
}

TestSuite(page, .init = setup, .fini = teardown);

static char *render(const char *name, json_t *ctx)
{
	tmpl_err_t err = {{0}};
	buf_t out = BUF_INIT;
	int st = tmpl_render(lib, name, ctx, &out, &err);
	json_decref(ctx);
	cr_assert_eq(st, TMPL_OK, "%s: %s", name, err.msg);
	return buf_detach(&out, NULL);
}

Test(page, every_page_template_renders_with_an_empty_context)
{
	static const char *const pages[] = {"error", "login", "dashboard", "profile", "people", "person",
					    "programs", "program", "program_new", "participants"};
	for (size_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		char *html = render(pages[i], json_object());
		cr_assert(strncmp(html, "<!doctype html>", 15) == 0, "%s starts with %.20s", pages[i], html);
		cr_assert(strstr(html, "</html>"), "%s is not closed", pages[i]);
		free(html);
	}
}

Test(page, the_layout_has_landmarks_and_a_skip_link)
{
	json_t *ctx = json_pack("{s:s, s:{s:s, s:b}, s:s, s:s, s:{s:b}}", "title", "T", "me", "name", "Ada",
				"is_manager", 1, "csrf", "tok", "message", "m", "nav", "people", 1);
	char *html = render("error", ctx);
	cr_assert(strstr(html, "<a class=\"skip-link\" href=\"#main\">"));
	cr_assert(strstr(html, "<header"));
	cr_assert(strstr(html, "<nav class=\"main-nav\" aria-label=\"Main\">"));
	cr_assert(strstr(html, "<main id=\"main\""));
	cr_assert(strstr(html, "<footer"));
	cr_assert(strstr(html, "href=\"/people\" aria-current=\"page\""));
	cr_assert(strstr(html, "name=\"_csrf\" value=\"tok\""), "logout form needs the CSRF token");
	free(html);
}

Test(page, members_get_no_people_link)
{
	char *html = render("error", json_pack("{s:{s:s, s:b}}", "me", "name", "M", "is_manager", 0));
	cr_assert(!strstr(html, "href=\"/people\""));
	free(html);
}

Test(page, the_layout_escapes_titles_and_names)
{
	json_t *ctx = json_pack("{s:s, s:{s:s}, s:s}", "title", "</title><script>x()</script>", "me",
				"name", "<img src=x onerror=y>", "message", "\"quoted\" & 'single'");
	char *html = render("error", ctx);
	cr_assert(!strstr(html, "<script>"));
	cr_assert(!strstr(html, "<img"));
	cr_assert(strstr(html, "&lt;/title&gt;&lt;script&gt;"));
	cr_assert(strstr(html, "&quot;quoted&quot; &amp; &#39;single&#39;"));
	free(html);
}

Test(page, a_field_with_an_error_is_wired_for_assistive_technology)
{
	verr_t errs = {0};
	verr_add(&errs, "timezone", "must be an IANA time zone name");
	json_t *ctx = json_object(), *f = json_object();
	json_object_set_new(f, "email", page_field("timezone", "Time zone", "Mars/\"Base\"", "A hint", &errs));
	json_object_set_new(ctx, "f", f);
	page_error_summary(ctx, &errs, (const page_label_t[]){{"timezone", "Time zone", NULL}, {NULL, NULL, NULL}});
	char *html = render("login", ctx);
	cr_assert(strstr(html, "id=\"f-timezone\" name=\"timezone\" type=\"text\" value=\"Mars/&quot;Base&quot;\""), "%s", html);
	cr_assert(strstr(html, "aria-invalid=\"true\""));
	cr_assert(strstr(html, "aria-describedby=\"f-timezone-hint f-timezone-error\""));
	cr_assert(strstr(html, "<p class=\"field-error\" id=\"f-timezone-error\">"));
	cr_assert(strstr(html, "Must be an IANA time zone name"), "field errors read as sentences");
	cr_assert(strstr(html, "<a href=\"#f-timezone\">Time zone: must be an IANA time zone name</a>"));
	cr_assert(strstr(html, "There is a problem"));
	free(html);
}

Test(page, a_valid_field_is_not_marked_invalid)
{
	json_t *f = page_field("email", "Email", "a@b", NULL, NULL);
	cr_assert(json_is_null(json_object_get(f, "error")));
	cr_assert(json_is_null(json_object_get(f, "describedby")));
	cr_assert(json_is_null(json_object_get(f, "hint")), "unset keys are null, never inherited");
	json_decref(f);
}

Test(page, selects_mark_the_current_option)
{
	static const page_opt_t opts[] = {{"a", "A"}, {"b", "B"}, {NULL, NULL}};
	json_t *f = page_select("x", "X", opts, "b", NULL, NULL), *o = json_object_get(f, "options");
	cr_assert_eq(json_array_size(o), 2);
	cr_assert(json_is_false(json_object_get(json_array_get(o, 0), "selected")));
	cr_assert(json_is_true(json_object_get(json_array_get(o, 1), "selected")));
	json_decref(f);
}

Test(page, next_must_be_a_local_path)
{
	cr_assert_str_eq(page_safe_next("/profile"), "/profile");
	cr_assert_str_eq(page_safe_next("/programs/3?x=1"), "/programs/3?x=1");
	cr_assert_str_eq(page_safe_next(NULL), "/");
	cr_assert_str_eq(page_safe_next(""), "/");
	cr_assert_str_eq(page_safe_next("//evil.example/"), "/");
	cr_assert_str_eq(page_safe_next("/\\evil.example/"), "/");
	cr_assert_str_eq(page_safe_next("https://evil.example/"), "/");
	cr_assert_str_eq(page_safe_next("javascript:alert(1)"), "/");
	cr_assert_str_eq(page_safe_next("/a\r\nSet-Cookie: x=y"), "/");
}

Test(page, lists_split_on_commas_and_join_back)
{
	arena_t *a = arena_new();
	strlist_t l;
	page_split_list(a, " Go ,  C,, ,Rust\t,", &l);
	cr_assert_eq(l.n, 3);
	cr_assert_str_eq(l.v[0], "Go");
	cr_assert_str_eq(l.v[1], "C");
	cr_assert_str_eq(l.v[2], "Rust");
	cr_assert_str_eq(page_join_list(a, &l), "Go, C, Rust");
	page_split_list(a, "", &l);
	cr_assert_eq(l.n, 0);
	cr_assert_str_eq(page_join_list(a, &l), "");
	arena_free(a);
}
