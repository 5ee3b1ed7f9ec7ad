/* libFuzzer target: SCIM filter expressions (RFC 7644 3.4.2.2) as an
 * identity provider sends them to GET /scim/v2/Users?filter=…, through the
 * real router, api/scim.c's filter reader and svc/scim.c's lookups, as the
 * fixture's provisioning token. The input is the filter's text (the first
 * line), and optionally startIndex and count (the second line,
 * "START COUNT").
 *
 * Contract, besides the harness's and SCIM's (scim_check.h): the answer is
 * 200 or 400 (invalidFilter for a filter mentord does not read,
 * invalidValue for startIndex or count); a 200 is a ListResponse whose
 * itemsPerPage is the length of Resources, at most count and at most 200;
 * a filtered list finds at most one account; the filter that matched finds
 * the same account by its own userName or externalId again. */
#include "scim_check.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/xalloc.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	fz_init();
	return 0;
}

static void check_list(const json_t *j, bool filtered, long long count)
{
	json_t *res = json_object_get(j, "Resources");
	json_int_t per = json_integer_value(json_object_get(j, "itemsPerPage"));
	if (!json_is_array(res) || (size_t)per != json_array_size(res) || per > 200 || (count >= 0 && per > count))
		fz_fail("a ListResponse's Resources and itemsPerPage disagree");
	if (filtered && json_integer_value(json_object_get(j, "totalResults")) > 1)
		fz_fail("a filter found more than one account");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);
	char *nl = strchr(text, '\n');
	long long start = 1, count = -1;
	if (nl) {
		*nl = '\0';
		if (sscanf(nl + 1, "%lld %lld", &start, &count) < 1)
			start = 1;
	}
	buf_t q = BUF_INIT;
	buf_puts(&q, "filter=");
	buf_put_urlenc(&q, text);
	if (nl)
		buf_printf(&q, "&startIndex=%lld", start);
	if (count >= 0)
		buf_printf(&q, "&count=%lld", count);
	json_t *j = scim_run("GET", "/scim/v2/Users", buf_cstr(&q), NULL, 0);
	json_int_t st = json_integer_value(json_object_get(j, "_status"));
	if (st != 200 && st != 400)
		fz_fail("a filter answered %lld", (long long)st);
	if (st == 400) {
		const char *type = json_string_value(json_object_get(j, "scimType"));
		if (!type || (strcmp(type, "invalidFilter") && strcmp(type, "invalidValue")))
			fz_fail("a refused filter is not invalidFilter or invalidValue");
	} else {
		check_list(j, *text != '\0', count);
		/* What a filter found, its own userName finds again. */
		json_t *u = json_array_get(json_object_get(j, "Resources"), 0);
		const char *name = json_string_value(json_object_get(u, "userName"));
		if (name && !strchr(name, '"') && !strchr(name, '\\')) {
			buf_reset(&q);
			buf_puts(&q, "filter=userName%20eq%20%22");
			buf_put_urlenc(&q, name);
			buf_puts(&q, "%22");
			json_t *again = scim_run("GET", "/scim/v2/Users", buf_cstr(&q), NULL, 0);
			if (json_integer_value(json_object_get(again, "totalResults")) != 1 ||
			    !json_equal(json_object_get(json_array_get(json_object_get(again, "Resources"), 0), "id"),
					json_object_get(u, "id")))
				fz_fail("userName eq \"%s\" does not find its own account", name);
			json_decref(again);
		}
	}
	json_decref(j);
	buf_free(&q);
	free(text);
	fz_end_input();
	return 0;
}
