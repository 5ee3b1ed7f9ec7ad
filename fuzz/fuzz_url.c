/* libFuzzer target: the request line, headers and path as the server
 * routes them, for every route there is (the API's and the pages'): the
 * input's first line is "METHOD PATH[?QUERY] [WHO [AUTH]]", then header
 * lines, an empty line and the body. Where fuzz_api and fuzz_pages start
 * from an operation and fill in its path, this target starts from the
 * path: the router's segment matching ({id}: 1..18 digits, no leading
 * zero; {s} up to the next literal), the path parameters' rules (404 when
 * broken), query strings read strictly (422) or ignored, the 401 and the
 * login redirect, 405 for a known path. The same contracts (harness.h).
 * MENTORD_FUZZ_DICT=FILE writes the dictionary of every route's path with
 * the fixture's ids, and exits. */
#include "harness.h"
#include "request.h"
#include "shape.h"

#include "core/arena.h"

#include <stdlib.h>
#include <unistd.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void write_dict(const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		exit(1);
	fz_ops_t sets[2] = {fz_ops_api(), fz_ops_pages()};
	for (int k = 0; k < 2; k++)
		for (int i = 0; i < sets[k].n; i++) {
			const char *p = sets[k].v[i].pattern;
			shape_dict_entry(f, sets[k].v[i].method);
			/* The literal segments, and the path with the fixture's first ids. */
			buf_t b = BUF_INIT;
			for (const char *s = p; *s;) {
				if (!strncmp(s, "{id}", 4) || !strncmp(s, "{s}", 3)) {
					if (s[1] == 'i')
						buf_puts(&b, "1");
					else
						buf_puts(&b, fz_calendar_token());
					s += s[1] == 'i' ? 4 : 3;
				} else {
					buf_putc(&b, *s++);
				}
			}
			shape_dict_entry(f, buf_cstr(&b));
			buf_free(&b);
			shape_dict_type(f, sets[k].v[i].in);
		}
	for (int i = 0; i < FZ_NWHO; i++)
		shape_dict_entry(f, fz_who_names[i]);
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fz_init();
	const char *dict = getenv("MENTORD_FUZZ_DICT");
	if (dict && *dict) {
		write_dict(dict);
		_exit(0); /* no leak check: the tables live as long as the process */
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	arena_t *a = arena_new();
	const char *p = (const char *)data, *end = p + size;
	const char *nl = memchr(p, '\n', size);
	char *first = arena_strndup(a, p, nl ? (size_t)(nl - p) : size);
	p = nl ? nl + 1 : end;
	fz_req_t q = {.method = "GET", .path = "/", .who = FZ_MENTEE, .auth = FZ_COOKIE};
	char *words[4] = {0};
	for (int i = 0; i < 4 && first; i++) {
		char *sp = strchr(first, ' ');
		if (sp)
			*sp = '\0';
		words[i] = first;
		first = sp ? sp + 1 : NULL;
	}
	if (words[0] && *words[0])
		q.method = words[0];
	if (words[1] && *words[1]) {
		char *qm = strchr(words[1], '?');
		if (qm) {
			*qm = '\0';
			q.query = qm + 1;
		}
		q.path = words[1];
	}
	for (int i = 0; words[2] && i < FZ_NWHO; i++)
		if (!strcmp(words[2], fz_who_names[i]))
			q.who = (fz_who_t)i;
	for (int i = 0; words[3] && i < FZ_NAUTH; i++)
		if (!strcmp(words[3], fz_auth_names[i]))
			q.auth = (fz_auth_t)i;
	while (p < end && *p != '\n' && q.nhdr < FZ_MAX_HEADERS) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		char *line = arena_strndup(a, p, e ? (size_t)(e - p) : (size_t)(end - p));
		p = e ? e + 1 : end;
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		q.hdr[q.nhdr].name = line;
		q.hdr[q.nhdr++].value = colon[1] == ' ' ? colon + 2 : colon + 1;
	}
	if (p < end && *p == '\n')
		p++;
	q.body = p;
	q.body_len = (size_t)(end - p);
	fz_run(&q);
	fz_end_input();
	arena_free(a);
	return 0;
}
