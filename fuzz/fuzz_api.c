/* libFuzzer target: every operation of the JSON API, driven from the
 * generated endpoint table (api_endpoints[], from src/api/openapi.json), so
 * an endpoint added to the document is fuzzed with no new code. Each input
 * is one or more requests in the text form of request.h: the operation,
 * who asks and how (session cookie, bearer token, cookie without CSRF),
 * its path values, query string, headers and body. The custom mutator
 * shapes bodies and queries by the operation's declared schema (most of
 * them pass the edge's checks and reach the services) and leaves the rest
 * to libFuzzer's byte mutations. The requests run in process through the
 * server's own dispatch over the fixture's database, and every answer is
 * held to the contracts of harness.h.
 *
 * MENTORD_FUZZ_DICT=FILE writes the dictionary of the table's operation ids,
 * field names and enum values to FILE and exits (fuzz/run.sh and
 * fuzz/campaign.sh use it). */
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
	ops = fz_ops_api();
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
