/* libFuzzer target: Markdown to HTML (core/markdown.c, cmark in safe
 * mode), which turns the text of meeting notes into the HTML the API
 * answers and the pages show as is. Each input is a note's text (as the
 * text rule lets it in: UTF-8 without control characters but LF and TAB).
 * The HTML must be safe to place in a page: only the tags cmark itself
 * makes, raw HTML from the text dropped, no javascript:, vbscript:, file:
 * or data: links (but raster images), no attribute that could run script,
 * and valid UTF-8. */
#include "harness.h"

#include "core/arena.h"
#include "core/markdown.h"
#include "core/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The starts of every tag cmark writes in safe mode. */
static const char *const tags[] = {
	"<p>", "</p>", "<em>", "</em>", "<strong>", "</strong>", "<code>", "</code>", "<code class=\"language-",
	"<pre>", "</pre>", "<a href=\"", "</a>", "<img src=\"", "<ul>", "</ul>", "<ol>", "<ol start=\"", "</ol>",
	"<li>", "</li>", "<blockquote>", "</blockquote>", "<h1>", "<h2>", "<h3>", "<h4>", "<h5>", "<h6>", "</h1>",
	"</h2>", "</h3>", "</h4>", "</h5>", "</h6>", "<hr />", "<br />", "<!-- raw HTML omitted -->",
};

static void check_url(const char *html, const char *at, const char *attr)
{
	const char *v = at + strlen(attr);
	const char *q = strchr(v, '"');
	if (!q)
		fz_fail("an unterminated %s in: %s", attr, html);
	char url[32];
	size_t n = 0;
	for (const char *c = v; c < q && n < sizeof(url) - 1; c++)
		if (!isspace((unsigned char)*c))
			url[n++] = (char)tolower((unsigned char)*c);
	url[n] = '\0';
	/* Raster images may come as data: (cmark's rule); an SVG could script. */
	bool raster = !strncmp(url, "data:image/png", 14) || !strncmp(url, "data:image/gif", 14) ||
		      !strncmp(url, "data:image/jpeg", 15) || !strncmp(url, "data:image/webp", 15);
	(void)attr;
	if (!strncmp(url, "javascript:", 11) || !strncmp(url, "vbscript:", 9) || !strncmp(url, "file:", 5) ||
	    (!strncmp(url, "data:", 5) && !raster))
		fz_fail("a dangerous link made it into the HTML: %s", html);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why;
	if (size > 65536 || !text_ok((const char *)data, size, true, &why))
		return 0;
	arena_t *a = arena_new();
	char *text = arena_strndup(a, (const char *)data, size);
	const char *html = md_to_html(a, text);
	size_t len = strlen(html);
	if (!fz_utf8(html, len))
		fz_fail("the HTML is not UTF-8");
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		bool known = false;
		for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]) && !known; i++)
			known = !strncmp(p, tags[i], strlen(tags[i]));
		if (!known)
			fz_fail("a tag cmark does not make reached the HTML at \"%.40s\" in: %s", p, html);
		if (!strncmp(p, "<!--", 4))
			continue; /* the comment standing for raw HTML */
		if (!strncmp(p, "<a href=\"", 9))
			check_url(html, p, "<a href=\"");
		if (!strncmp(p, "<img src=\"", 10))
			check_url(html, p, "<img src=\"");
		const char *close = strchr(p, '>');
		if (!close)
			fz_fail("an unterminated tag in: %s", html);
		/* Inside a tag only href, src, alt, title, class and start. */
		for (const char *c = p; c < close; c++)
			if (c[0] == ' ' && strncmp(c, " href=\"", 7) && strncmp(c, " src=\"", 6) && strncmp(c, " alt=\"", 6) &&
			    strncmp(c, " title=\"", 8) && strncmp(c, " class=\"", 8) && strncmp(c, " start=\"", 8) &&
			    strncmp(c, " />", 3)) {
				/* a space inside an attribute's quoted value is text */
				int quotes = 0;
				for (const char *d = p; d < c; d++)
					quotes += *d == '"';
				if (quotes % 2 == 0)
					fz_fail("an unexpected attribute at \"%.40s\" in: %s", c, html);
			}
	}
	arena_free(a);
	return 0;
}
