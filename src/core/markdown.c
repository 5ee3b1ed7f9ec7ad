/* See markdown.h. */
#include "core/markdown.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

char *md_to_html(arena_t *a, const char *markdown)
{
	char *html = cmark_markdown_to_html(markdown, strlen(markdown), CMARK_OPT_SAFE);
	if (!html)
		return arena_strdup(a, "");
	char *out = arena_strdup(a, html);
	free(html);
	return out;
}
