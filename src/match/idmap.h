/*
 * idmap.h — an open-addressing hash map from 64-bit keys (user ids, feature
 * ids) to 32-bit indexes. The matching engine uses it while finalizing an
 * instance to turn ids into dense indexes once, so the hot loops never hash.
 */
#ifndef MENTORD_MATCH_IDMAP_H
#define MENTORD_MATCH_IDMAP_H

#include <stddef.h>
#include <stdint.h>

struct match_idmap {
	uint64_t *keys;
	uint32_t *vals;
	size_t mask; /* capacity - 1, capacity a power of two */
	size_t count;
};

#define MATCH_IDMAP_MISSING UINT32_MAX

/* Room for at least n keys without growing. Returns MATCH_OK or MATCH_ENOMEM. */
int match_idmap_init(struct match_idmap *map, size_t n);
void match_idmap_fini(struct match_idmap *map);

/* Insert key -> val unless key is present. *existing receives the value
 * already stored, or MATCH_IDMAP_MISSING if key was new. */
int match_idmap_put(struct match_idmap *map, int64_t key, uint32_t val,
	uint32_t *existing);

/* The value of key, or MATCH_IDMAP_MISSING. */
uint32_t match_idmap_get(const struct match_idmap *map, int64_t key);

#endif
