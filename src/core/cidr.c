/* Address lists and X-Forwarded-For; see cidr.h. */
#include "core/cidr.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* One address as 16 bytes (IPv4 mapped into ::ffff:0:0/96) and its family. */
static bool parse_addr(const char *s, unsigned char out[16], int *family)
{
	struct in_addr v4;
	if (inet_pton(AF_INET, s, &v4) == 1) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, &v4, 4);
		*family = 4;
		return true;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
		*family = memcmp(out, mapped, 12) == 0 ? 4 : 6;
		return true;
	}
	return false;
}

static bool parse_one(const char *item, cidr_t *c)
{
	char addr[64];
	const char *slash = strchr(item, '/');
	size_t n = slash ? (size_t)(slash - item) : strlen(item);
	if (n == 0 || n >= sizeof(addr))
		return false;
	memcpy(addr, item, n);
	addr[n] = '\0';
	if (!parse_addr(addr, c->addr, &c->family))
		return false;
	int max = c->family == 4 && !strchr(addr, ':') ? 32 : 128;
	c->prefix = max;
	if (slash) {
		char *end;
		long p = strtol(slash + 1, &end, 10);
		if (!isdigit((unsigned char)slash[1]) || *end || p < 0 || p > max)
			return false;
		c->prefix = (int)p;
	}
	if (max == 32)
		c->prefix += 96; /* compared as its mapped IPv6 form */
	return true;
}

bool cidr_list_parse(const char *s, cidr_list_t *out, const char **why)
{
	out->n = 0;
	while (*s) {
		size_t skip = strspn(s, ", \t");
		s += skip;
		size_t n = strcspn(s, ", \t");
		if (!n)
			break;
		if (out->n == CIDR_MAX) {
			*why = "at most 32 addresses or ranges";
			return false;
		}
		char item[80];
		if (n >= sizeof(item) || (memcpy(item, s, n), item[n] = '\0', !parse_one(item, &out->v[out->n]))) {
			*why = "each entry must be an IPv4 or IPv6 address, or a range such as 10.0.0.0/8";
			return false;
		}
		out->n++;
		s += n;
	}
	return true;
}

static bool matches(const cidr_t *c, const unsigned char a[16])
{
	int full = c->prefix / 8, rest = c->prefix % 8;
	if (memcmp(c->addr, a, (size_t)full) != 0)
		return false;
	if (!rest)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (c->addr[full] & mask) == (a[full] & mask);
}

bool cidr_list_has(const cidr_list_t *l, const char *ip)
{
	unsigned char a[16];
	int family;
	if (!l || !ip || !parse_addr(ip, a, &family))
		return false;
	for (int i = 0; i < l->n; i++)
		if (matches(&l->v[i], a))
			return true;
	return false;
}

/* The entry of xff between start and end, trimmed, as a valid address in
 * the arena; NULL when it is not one. */
static const char *entry(const char *start, const char *end, arena_t *a)
{
	while (start < end && isspace((unsigned char)*start))
		start++;
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	unsigned char bin[16];
	int family;
	char *s = arena_strndup(a, start, (size_t)(end - start));
	return parse_addr(s, bin, &family) ? s : NULL;
}

const char *cidr_forwarded_client(const cidr_list_t *l, const char *xff, arena_t *a)
{
	if (!xff)
		return NULL;
	const char *end = xff + strlen(xff), *last = NULL;
	while (end > xff) {
		const char *start = end;
		while (start > xff && start[-1] != ',')
			start--;
		const char *ip = entry(start, end, a);
		if (!ip)
			return last; /* a forged or broken entry: trust stops here */
		last = ip;
		if (!cidr_list_has(l, ip))
			return ip;
		end = start > xff ? start - 1 : xff;
	}
	return last;
}
