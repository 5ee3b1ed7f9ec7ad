/*
 * bits.h — bit counts over the engine's bitsets (a week's hours): header
 * only, used by the scoring model (score.h) and by the instance's person
 * views (instance.c) alike, so neither needs the other.
 */
#ifndef MENTORD_MATCH_BITS_H
#define MENTORD_MATCH_BITS_H

#include "match/match.h"

#include <stdint.h>

/* Bit count without relying on the POPCNT instruction, which the
 * baseline x86-64 target lacks (the builtin then becomes a slow call). */
static inline uint32_t match_popcount64(uint64_t x)
{
	x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
	x = (x & UINT64_C(0x3333333333333333)) + ((x >> 2) & UINT64_C(0x3333333333333333));
	x = (x + (x >> 4)) & UINT64_C(0x0f0f0f0f0f0f0f0f);
	return (uint32_t)((x * UINT64_C(0x0101010101010101)) >> 56);
}

static inline uint32_t match_week_common(const struct match_week *a,
	const struct match_week *b)
{
	return match_popcount64(a->bits[0] & b->bits[0]) +
		match_popcount64(a->bits[1] & b->bits[1]) +
		match_popcount64(a->bits[2] & b->bits[2]);
}

#endif
