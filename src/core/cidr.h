/* Lists of network addresses and ranges ("10.0.0.0/8, 127.0.0.1, ::1,
 * fd00::/8"), for the `trusted_proxies` setting: whether a connection comes
 * from a reverse proxy whose X-Forwarded-For header may be believed, and
 * which address in that header is the client's. Pure computation. */
#ifndef MENTORD_CIDR_H
#define MENTORD_CIDR_H
#include <stdbool.h>

#include "core/arena.h"

#define CIDR_MAX 32

typedef struct cidr {
	int family;               /* 4 or 6 */
	unsigned char addr[16];
	int prefix;               /* bits that must match */
} cidr_t;

typedef struct cidr_list {
	cidr_t v[CIDR_MAX];
	int n;
} cidr_list_t;

/* Parses a comma- or space-separated list; "" is the empty list. Returns
 * false with *why on a bad entry or more than CIDR_MAX of them. */
bool cidr_list_parse(const char *s, cidr_list_t *out, const char **why);
/* Whether the textual address ip (IPv4, IPv6, or IPv4-mapped IPv6) is in
 * the list; false for anything that is not an address. */
bool cidr_list_has(const cidr_list_t *l, const char *ip);
/* The client behind trusted proxies: walks the X-Forwarded-For value xff
 * from its right end (the entry the nearest proxy added) leftwards, past
 * every address in the list, and returns the first one that is not (or the
 * leftmost when all are); NULL when xff holds no valid address. The result
 * is owned by a. */
const char *cidr_forwarded_client(const cidr_list_t *l, const char *xff, arena_t *a);

#endif
