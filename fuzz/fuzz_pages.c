/* libFuzzer target: every page, driven from the generated page table
 * (web_pages[], from the page documents (src/web/pages)): form posts through the page
 * handlers, their query strings and path values, as the browser sends them
 * (url-encoded forms carrying the session's CSRF field). The same input
 * text and schema-shaped mutator as fuzz_api (request.h), the same
 * fixture; the answers are held to the pages' contracts (harness.h): no
 * 500, no transaction left open, UTF-8 HTML with nothing from the request
 * unescaped, redirects that stay on the site.
 *
 * MENTORD_FUZZ_DICT=FILE writes the dictionary and exits, as fuzz_api. */
#include "harness.h"
#include "request.h"

#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed);

static fz_ops_t ops;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	ops = fz_ops_pages();
	const char *dict = getenv("MENTORD_FUZZ_DICT");
	fz_init();
	if (dict && *dict) {
		fz_text_dict(&ops, dict, NULL);
		_exit(0); /* no leak check: the tables live as long as the process */
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz_text_run(&ops, data, size);
	return 0;
}

size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
	return fz_text_mutate(&ops, data, size, max_size, seed);
}
