/*
 * idmap.c — open addressing with linear probing over a power-of-two table
 * kept at most half full. Keys are stored biased so that no real key
 * collides with the empty marker; the mixer spreads sequential ids, which
 * are the common case for database ids.
 */
#include "match/idmap.h"
#include "match/match.h"

#include <stdlib.h>

#define EMPTY UINT64_MAX

static uint64_t mix(uint64_t x)
{
	/* splitmix64 finalizer: sequential ids land on unrelated buckets */
	x ^= x >> 30;
	x *= UINT64_C(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64_C(0x94d049bb133111eb);
	x ^= x >> 31;
	return x;
}

static int grow(struct match_idmap *map, size_t cap)
{
	uint64_t *keys = malloc(cap * sizeof *keys);
	uint32_t *vals = malloc(cap * sizeof *vals);
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return MATCH_ENOMEM;
	}
	for (size_t i = 0; i < cap; i++)
		keys[i] = EMPTY;
	size_t mask = cap - 1;
	for (size_t i = 0; map->keys && i <= map->mask; i++) {
		if (map->keys[i] == EMPTY)
			continue;
		size_t h = mix(map->keys[i]) & mask;
		while (keys[h] != EMPTY)
			h = (h + 1) & mask;
		keys[h] = map->keys[i];
		vals[h] = map->vals[i];
	}
	free(map->keys);
	free(map->vals);
	map->keys = keys;
	map->vals = vals;
	map->mask = mask;
	return MATCH_OK;
}

int match_idmap_init(struct match_idmap *map, size_t n)
{
	size_t cap = 16;
	map->keys = NULL;
	map->vals = NULL;
	map->mask = 0;
	map->count = 0;
	while (cap < 2 * n + 2)
		cap *= 2;
	return grow(map, cap);
}

void match_idmap_fini(struct match_idmap *map)
{
	free(map->keys);
	free(map->vals);
	map->keys = NULL;
	map->vals = NULL;
}

static uint64_t bias(int64_t key)
{
	/* Flipping the sign bit maps exactly one key, INT64_MAX, onto the
	 * empty marker; that one id is refused rather than widening every
	 * slot to carry an "occupied" flag. */
	return (uint64_t)key ^ UINT64_C(0x8000000000000000);
}

int match_idmap_put(struct match_idmap *map, int64_t key, uint32_t val,
	uint32_t *existing)
{
	uint64_t k = bias(key);
	if (k == EMPTY)
		return MATCH_EINVAL; /* INT64_MAX is not a valid id */
	if (2 * (map->count + 1) > map->mask + 1) {
		int rc = grow(map, 2 * (map->mask + 1));
		if (rc)
			return rc;
	}
	size_t h = mix(k) & map->mask;
	while (map->keys[h] != EMPTY) {
		if (map->keys[h] == k) {
			*existing = map->vals[h];
			return MATCH_OK;
		}
		h = (h + 1) & map->mask;
	}
	map->keys[h] = k;
	map->vals[h] = val;
	map->count++;
	*existing = MATCH_IDMAP_MISSING;
	return MATCH_OK;
}

uint32_t match_idmap_get(const struct match_idmap *map, int64_t key)
{
	uint64_t k = bias(key);
	if (k == EMPTY || !map->keys)
		return MATCH_IDMAP_MISSING;
	size_t h = mix(k) & map->mask;
	while (map->keys[h] != EMPTY) {
		if (map->keys[h] == k)
			return map->vals[h];
		h = (h + 1) & map->mask;
	}
	return MATCH_IDMAP_MISSING;
}
