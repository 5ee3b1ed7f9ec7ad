/* Tests of the template engine (web/tmpl.h): values and dotted lookup
 * through the context stack, every kind of section, partials, comments and
 * standalone lines; HTML escaping of every value including attack strings,
 * with no way to opt out; and parse errors that name the file, line and
 * column, leaving the library unchanged. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "web/tmpl.h"

static tmpl_lib_t *lib;

static void setup(void)
{
	lib = tmpl_lib_new();
}

static void teardown(void)
{
	tmpl_lib_free(lib);
	lib = NULL;
}

TestSuite(tmpl, .init = setup, .fini = teardown);

static void add(const char *name, const char *src)
{
	tmpl_err_t err = {{0}};
	int st = tmpl_lib_add(lib, name, src, strlen(src), &err);
	cr_assert_eq(st, TMPL_OK, "%s: %s", name, err.msg);
}

/* Renders template src with the JSON context text; returns a heap string. */
static char *render(const char *src, const char *json)
{
	json_error_t jerr;
	json_t *ctx = json ? json_loads(json, JSON_DECODE_ANY, &jerr) : NULL;
	cr_assert(!json || ctx, "bad test JSON: %s", jerr.text);
	add("t", src);
	buf_t out = BUF_INIT;
	tmpl_err_t err = {{0}};
	int st = tmpl_render(lib, "t", ctx, &out, &err);
	json_decref(ctx);
	cr_assert_eq(st, TMPL_OK, "render failed: %s", err.msg);
	return buf_detach(&out, NULL);
}

static void expect(const char *src, const char *json, const char *want)
{
	char *got = render(src, json);
	cr_assert_str_eq(got, want, "template %s gave %s", src, got);
	free(got);
}

/* Parses src and expects a syntax error whose message contains each of the
 * NULL-terminated fragments. */
static void expect_error(const char *src, int status, const char *const *fragments)
{
	tmpl_err_t err = {{0}};
	int st = tmpl_lib_add(lib, "bad.html", src, strlen(src), &err);
	cr_assert_eq(st, status, "%s: want %d, got %d (%s)", src, status, st, err.msg);
	for (const char *const *f = fragments; *f; f++)
		cr_assert(strstr(err.msg, *f), "error for %s is \"%s\", lacks \"%s\"", src, err.msg, *f);
}

/* ---- values ---- */

Test(tmpl, text_without_tags_passes_through)
{
	expect("<p>plain & simple</p>", NULL, "<p>plain & simple</p>");
	expect("", NULL, "");
	expect("a { b } c }", "{}", "a { b } c }");
}

Test(tmpl, values_of_every_type)
{
	expect("[{{s}}|{{i}}|{{r}}|{{t}}|{{f}}|{{n}}|{{missing}}|{{o}}|{{a}}]",
	       "{\"s\":\"hi\",\"i\":-42,\"r\":2.5,\"t\":true,\"f\":false,\"n\":null,\"o\":{},\"a\":[1]}",
	       "[hi|-42|2.5|true|||||]");
}

Test(tmpl, whitespace_inside_tags_is_ignored)
{
	expect("{{ name }}{{#  list }}x{{/ list  }}", "{\"name\":\"n\",\"list\":[1,2]}", "nxx");
}

Test(tmpl, dotted_names_walk_into_objects)
{
	expect("{{user.name}} {{user.team.name}} {{user.nope}} {{nope.name}}",
	       "{\"user\":{\"name\":\"Ada\",\"team\":{\"name\":\"R&D\"}}}", "Ada R&amp;D  ");
}

Test(tmpl, lookup_falls_back_to_outer_contexts)
{
	expect("{{#items}}{{name}} of {{owner}}; {{/items}}",
	       "{\"owner\":\"Bo\",\"items\":[{\"name\":\"a\"},{\"name\":\"b\",\"owner\":\"Cy\"}]}",
	       "a of Bo; b of Cy; ");
}

Test(tmpl, dotted_lookup_does_not_fall_back_after_the_first_segment)
{
	/* Found "user" inside the item: user.email must not come from the root. */
	expect("{{#items}}[{{user.email}}]{{/items}}",
	       "{\"user\":{\"email\":\"root@x\"},\"items\":[{\"user\":{}}]}", "[]");
}

Test(tmpl, dot_is_the_current_value)
{
	expect("{{#tags}}<{{.}}>{{/tags}}", "{\"tags\":[\"a\",\"b&c\"]}", "<a><b&amp;c>");
	expect("{{.}}", "\"top\"", "top");
}

/* ---- escaping ---- */

Test(tmpl, the_five_html_characters_are_escaped)
{
	expect("{{v}}", "{\"v\":\"<>&\\\"'\"}", "&lt;&gt;&amp;&quot;&#39;");
}

Test(tmpl, attack_strings_cannot_leave_text_or_attributes)
{
	static const char *const attacks[] = {
		"<script>alert(1)</script>",
		"\"><img src=x onerror=alert(1)>",
		"' onmouseover='alert(1)",
		"</textarea><script>x</script>",
		"&lt;already escaped&gt;",
		"<!-- comment --><![CDATA[x]]>",
	};
	for (size_t i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
		json_t *ctx = json_pack("{s:s}", "v", attacks[i]);
		add("t", "<input value=\"{{v}}\"><p title='{{v}}'>{{v}}</p>");
		buf_t out = BUF_INIT;
		cr_assert_eq(tmpl_render(lib, "t", ctx, &out, NULL), TMPL_OK);
		const char *s = buf_cstr(&out);
		/* The only markup characters left are the template's own. */
		size_t lt = 0, quotes = 0;
		for (const char *c = s; *c; c++) {
			lt += *c == '<';
			quotes += *c == '"' || *c == '\'';
		}
		cr_assert_eq(lt, 3, "attack %zu leaked markup: %s", i, s);
		cr_assert_eq(quotes, 4, "attack %zu leaked a quote: %s", i, s);
		buf_free(&out);
		json_decref(ctx);
	}
}

Test(tmpl, values_are_not_templates)
{
	expect("{{v}}", "{\"v\":\"{{secret}}\",\"secret\":\"leak\"}", "{{secret}}");
}

Test(tmpl, there_is_no_unescaped_tag)
{
	static const char *const triple[] = {"unescaped", "bad.html:1:4", NULL};
	static const char *const amp[] = {"unescaped", "bad.html:2:1", NULL};
	expect_error("ok {{{v}}}", TMPL_ESYNTAX, triple);
	expect_error("ok\n{{& v}}", TMPL_ESYNTAX, amp);
}

/* ---- sections ---- */

Test(tmpl, arrays_iterate_in_order)
{
	expect("<ul>{{#people}}<li>{{name}}</li>{{/people}}</ul>",
	       "{\"people\":[{\"name\":\"A\"},{\"name\":\"B\"},{\"name\":\"C\"}]}",
	       "<ul><li>A</li><li>B</li><li>C</li></ul>");
}

Test(tmpl, objects_become_the_context)
{
	expect("{{#user}}{{name}} <{{email}}>{{/user}}", "{\"user\":{\"name\":\"Ada\",\"email\":\"a@x\"}}",
	       "Ada <a@x>");
}

Test(tmpl, truthy_values_enter_once_and_falsy_ones_skip)
{
	const char *src = "{{#v}}yes{{/v}}{{^v}}no{{/v}}";
	expect(src, "{\"v\":true}", "yes");
	expect(src, "{\"v\":\"x\"}", "yes");
	expect(src, "{\"v\":7}", "yes");
	expect(src, "{\"v\":0.5}", "yes");
	expect(src, "{\"v\":{}}", "yes");
	expect(src, "{\"v\":[0]}", "yes");
	expect(src, "{\"v\":false}", "no");
	expect(src, "{\"v\":null}", "no");
	expect(src, "{\"v\":\"\"}", "no");
	expect(src, "{\"v\":0}", "no");
	expect(src, "{\"v\":0.0}", "no");
	expect(src, "{\"v\":[]}", "no");
	expect(src, "{}", "no");
	expect(src, NULL, "no");
}

Test(tmpl, scalars_entered_do_not_hide_outer_names)
{
	expect("{{#flag}}{{name}}{{/flag}}", "{\"flag\":true,\"name\":\"n\"}", "n");
	expect("{{#hint}}<p id=\"{{id}}-hint\">{{hint}}</p>{{/hint}}", "{\"id\":\"f\",\"hint\":\"h\"}",
	       "<p id=\"f-hint\">h</p>");
}

Test(tmpl, sections_nest)
{
	expect("{{#a}}{{#b}}{{#c}}{{x}}{{/c}}{{/b}}{{/a}}", "{\"a\":{\"b\":[{\"c\":true},{\"c\":false}]},\"x\":1}",
	       "1");
	expect("{{#rows}}[{{#cells}}{{.}}{{/cells}}]{{/rows}}", "{\"rows\":[{\"cells\":[1,2]},{\"cells\":[]}]}",
	       "[12][]");
}

Test(tmpl, same_name_nested_sections_close_correctly)
{
	expect("{{#a}}<{{#a}}x{{/a}}>{{/a}}", "{\"a\":{\"a\":true}}", "<x>");
}

/* ---- comments, standalone lines, partials ---- */

Test(tmpl, comments_render_nothing)
{
	expect("a{{! a comment with {braces} and \"quotes\" }}b", "{}", "ab");
}

Test(tmpl, standalone_tags_leave_no_blank_lines)
{
	expect("<ul>\n  {{#items}}\n  <li>{{.}}</li>\n  {{/items}}\n</ul>\n", "{\"items\":[1,2]}",
	       "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
	expect("{{! header }}\nline\n", "{}", "line\n");
	expect("a {{#t}}b{{/t}} c\n", "{\"t\":true}", "a b c\n");
	expect("x\r\n{{#t}}\r\ny\r\n{{/t}}\r\n", "{\"t\":true}", "x\r\ny\r\n");
}

Test(tmpl, partials_render_with_the_current_context)
{
	add("item", "<li>{{name}}</li>");
	expect("<ul>{{#items}}{{> item}}{{/items}}</ul>", "{\"items\":[{\"name\":\"a\"},{\"name\":\"<b>\"}]}",
	       "<ul><li>a</li><li>&lt;b&gt;</li></ul>");
}

Test(tmpl, missing_partials_are_reported)
{
	tmpl_err_t err = {{0}};
	add("page", "x\n{{> nowhere}}");
	cr_assert_eq(tmpl_lib_check(lib, &err), TMPL_ENOTFOUND);
	cr_assert(strstr(err.msg, "page:2") && strstr(err.msg, "nowhere"), "%s", err.msg);
	buf_t out = BUF_INIT;
	cr_assert_eq(tmpl_render(lib, "page", NULL, &out, &err), TMPL_ENOTFOUND);
	buf_free(&out);
}

Test(tmpl, recursive_partials_stop_at_a_limit)
{
	tmpl_err_t err = {{0}};
	add("loop", "x{{> loop}}");
	cr_assert_eq(tmpl_lib_check(lib, &err), TMPL_OK);
	buf_t out = BUF_INIT;
	cr_assert_eq(tmpl_render(lib, "loop", NULL, &out, &err), TMPL_ELIMIT);
	cr_assert(strstr(err.msg, "deeper"), "%s", err.msg);
	buf_free(&out);
}

Test(tmpl, unknown_templates_are_reported)
{
	tmpl_err_t err = {{0}};
	buf_t out = BUF_INIT;
	cr_assert_eq(tmpl_render(lib, "nope", NULL, &out, &err), TMPL_ENOTFOUND);
	cr_assert(strstr(err.msg, "nope"), "%s", err.msg);
	buf_free(&out);
}

Test(tmpl, adding_a_name_again_replaces_the_template)
{
	add("t", "one");
	expect("two", NULL, "two");
}

/* ---- parse errors ---- */

Test(tmpl, unclosed_tag)
{
	static const char *const f[] = {"bad.html:2:3", "never closed", NULL};
	expect_error("ok\nab{{name\nmore", TMPL_ESYNTAX, f);
}

Test(tmpl, unclosed_section)
{
	static const char *const f[] = {"bad.html:1:4", "{{#list}}", "never closed", NULL};
	expect_error("ok {{#list}}\nitem\n", TMPL_ESYNTAX, f);
}

Test(tmpl, mismatched_close)
{
	static const char *const f[] = {"bad.html:3:1", "{{/usr}}", "{{#user}}", "1:1", NULL};
	expect_error("{{#user}}\n{{name}}\n{{/usr}}", TMPL_ESYNTAX, f);
}

Test(tmpl, close_without_open)
{
	static const char *const f[] = {"bad.html:1:2", "never opened", NULL};
	expect_error("x{{/a}}", TMPL_ESYNTAX, f);
}

Test(tmpl, bad_names)
{
	static const char *const f[] = {"bad name", NULL};
	static const char *const srcs[] = {"{{}}", "{{ }}", "{{a b}}", "{{a..b}}", "{{.a}}", "{{a.}}",
					   "{{#}}x{{/}}", "{{a<b}}", "{{> .}}", "{{ #a}}"};
	for (size_t i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++)
		expect_error(srcs[i], TMPL_ESYNTAX, f);
}

Test(tmpl, delimiter_changes_are_refused)
{
	static const char *const f[] = {"delimiters", NULL};
	expect_error("{{=<% %>=}}", TMPL_ESYNTAX, f);
}

Test(tmpl, nesting_is_bounded)
{
	static const char *const f[] = {"nested deeper", NULL};
	buf_t src = BUF_INIT;
	for (int i = 0; i < 40; i++)
		buf_puts(&src, "{{#a}}");
	for (int i = 0; i < 40; i++)
		buf_puts(&src, "{{/a}}");
	expect_error(buf_cstr(&src), TMPL_ELIMIT, f);
	buf_free(&src);
}

Test(tmpl, a_failed_parse_leaves_the_library_unchanged)
{
	tmpl_err_t err = {{0}};
	add("t", "kept");
	cr_assert_eq(tmpl_lib_add(lib, "t", "{{#x}}", 6, &err), TMPL_ESYNTAX);
	buf_t out = BUF_INIT;
	cr_assert_eq(tmpl_render(lib, "t", NULL, &out, &err), TMPL_OK);
	cr_assert_str_eq(buf_cstr(&out), "kept");
	buf_free(&out);
}

Test(tmpl, source_need_not_be_nul_terminated)
{
	tmpl_err_t err = {{0}};
	const char src[] = {'a', '{', '{', 'x', '}', '}', 'b', '{', '{'}; /* cut inside a tag */
	cr_assert_eq(tmpl_lib_add(lib, "t", src, 7, &err), TMPL_OK, "%s", err.msg);
	expect("a{{x}}b", "{\"x\":1}", "a1b");
	cr_assert_eq(tmpl_lib_add(lib, "u", src, sizeof(src), &err), TMPL_ESYNTAX);
}

/* {{% x}} renders Markdown through cmark's safe mode: formatting works, but
 * script, raw HTML and javascript: links from the author never reach the page. */
Test(tmpl, markdown_is_rendered_safely)
{
	char *html = render("<div>{{% body}}</div>",
		"{\"body\": \"**bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y>\"}");
	cr_assert(strstr(html, "<strong>bold</strong>"), "%s", html);
	cr_assert_null(strstr(html, "<script"), "%s", html);
	cr_assert_null(strstr(html, "javascript:"), "%s", html);
	cr_assert_null(strstr(html, "<img"), "%s", html);
	free(html);
}
