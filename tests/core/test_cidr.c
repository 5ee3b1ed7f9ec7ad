/* Address lists for trusted_proxies, and the client address behind them in
 * X-Forwarded-For. */
#include <criterion/criterion.h>

#include "core/cidr.h"

Test(cidr, parse_and_match)
{
	cidr_list_t l;
	const char *why = NULL;
	cr_assert(cidr_list_parse("10.0.0.0/8, 127.0.0.1 ::1,fd00::/8", &l, &why), "%s", why);
	cr_assert_eq(l.n, 4);
	cr_assert(cidr_list_has(&l, "10.1.2.3"));
	cr_assert(cidr_list_has(&l, "127.0.0.1"));
	cr_assert(cidr_list_has(&l, "::ffff:10.9.9.9"), "IPv4-mapped IPv6 is the same address");
	cr_assert(cidr_list_has(&l, "::1"));
	cr_assert(cidr_list_has(&l, "fd12::5"));
	cr_assert_not(cidr_list_has(&l, "11.0.0.1"));
	cr_assert_not(cidr_list_has(&l, "127.0.0.2"));
	cr_assert_not(cidr_list_has(&l, "fe80::1"));
	cr_assert_not(cidr_list_has(&l, "unknown"));
	cr_assert(cidr_list_parse("192.168.1.0/25", &l, &why));
	cr_assert(cidr_list_has(&l, "192.168.1.127"));
	cr_assert_not(cidr_list_has(&l, "192.168.1.128"));
	cr_assert(cidr_list_parse("", &l, &why));
	cr_assert_eq(l.n, 0);
	cr_assert_not(cidr_list_has(&l, "127.0.0.1"));
}

Test(cidr, bad_lists)
{
	cidr_list_t l;
	const char *why = NULL;
	static const char *const bad[] = {"10.0.0.0/33", "localhost", "10.0.0.1/", "10.0.0/8", "::1/129",
					  "1.2.3.4/-1"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		cr_assert_not(cidr_list_parse(bad[i], &l, &why), "%s", bad[i]);
		cr_assert_not_null(why);
	}
}

Test(cidr, forwarded_client)
{
	cidr_list_t l;
	const char *why;
	arena_t *a = arena_new();
	cr_assert(cidr_list_parse("10.0.0.0/8", &l, &why));
	cr_assert_str_eq(cidr_forwarded_client(&l, "203.0.113.7", a), "203.0.113.7");
	/* The client may write anything to the left; the proxies' entries are on the right. */
	cr_assert_str_eq(cidr_forwarded_client(&l, "1.1.1.1, 203.0.113.7, 10.0.0.2", a), "203.0.113.7");
	cr_assert_str_eq(cidr_forwarded_client(&l, "forged, 198.51.100.1", a), "198.51.100.1");
	cr_assert_str_eq(cidr_forwarded_client(&l, " 2001:db8::1 ", a), "2001:db8::1");
	cr_assert_null(cidr_forwarded_client(&l, "garbage", a));
	cr_assert_null(cidr_forwarded_client(&l, "", a));
	cr_assert_str_eq(cidr_forwarded_client(&l, "10.0.0.3,10.0.0.2", a), "10.0.0.3", "all proxies: the leftmost");
	arena_free(a);
}
