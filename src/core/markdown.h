/* Markdown to HTML for notes and articles, through cmark in safe mode: raw
 * HTML and javascript:/data: links in the source are dropped, so the result
 * can be placed in a page as is. */
#ifndef MENTORD_MARKDOWN_H
#define MENTORD_MARKDOWN_H
#include "core/arena.h"

/* The HTML is owned by the arena. */
char *md_to_html(arena_t *a, const char *markdown);

#endif
