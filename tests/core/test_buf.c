/* Tests of the growable byte buffer (core/buf.h): appends of every kind keep
 * the contents NUL-terminated across growth, HTML escaping covers the five
 * characters that matter in markup and attributes, URL encoding leaves only
 * the unreserved set, and detach/reset/free hand memory over correctly. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

Test(buf, empty_buffer_reads_as_empty_string)
{
	buf_t b = BUF_INIT;
	cr_assert_str_eq(buf_cstr(&b), "");
	cr_assert_eq(b.len, 0);
	buf_free(&b);
}

Test(buf, appends_and_growth)
{
	buf_t b = BUF_INIT;
	buf_puts(&b, "abc");
	buf_putc(&b, '-');
	buf_append(&b, "xyz123", 3);
	buf_printf(&b, "%d:%s", 7, "seven");
	cr_assert_str_eq(buf_cstr(&b), "abc-xyz7:seven");
	cr_assert_eq(b.len, strlen("abc-xyz7:seven"));
	/* Grow well past the initial capacity; contents must survive. */
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	cr_assert_eq(b.len, 14 + 10000);
	cr_assert_eq(strlen(buf_cstr(&b)), b.len);
	cr_assert(b.cap > b.len);
	cr_assert_eq(memcmp(b.data, "abc-xyz7:seven", 14), 0);
	cr_assert_eq(b.data[14 + 9999], (char)('a' + 9999 % 26));
	buf_free(&b);
	cr_assert_null(b.data);
	cr_assert_eq(b.len, 0);
}

Test(buf, append_binary_with_nul)
{
	buf_t b = BUF_INIT;
	buf_append(&b, "a\0b", 3);
	cr_assert_eq(b.len, 3);
	cr_assert_eq(memcmp(b.data, "a\0b\0", 4), 0);
	buf_append(&b, NULL, 0);
	cr_assert_eq(b.len, 3);
	buf_free(&b);
}

Test(buf, printf_large_output)
{
	buf_t b = BUF_INIT;
	char big[5000];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_puts(&b, "<");
	buf_printf(&b, "%s>", big);
	cr_assert_eq(b.len, sizeof(big) + 1);
	cr_assert_eq(b.data[b.len - 1], '>');
	cr_assert_eq(b.data[b.len], '\0');
	buf_free(&b);
}

Test(buf, html_escaping)
{
	buf_t b = BUF_INIT;
	buf_put_html(&b, "<a href=\"x\" title='y'>Tom & Jerry</a>");
	cr_assert_str_eq(buf_cstr(&b),
			 "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;");
	buf_reset(&b);
	buf_put_html(&b, "plain text, ümlauts");
	cr_assert_str_eq(buf_cstr(&b), "plain text, ümlauts");
	buf_reset(&b);
	buf_put_html(&b, "");
	cr_assert_str_eq(buf_cstr(&b), "");
	buf_put_html(&b, "&&");
	cr_assert_str_eq(buf_cstr(&b), "&amp;&amp;");
	buf_free(&b);
}

Test(buf, url_encoding)
{
	buf_t b = BUF_INIT;
	buf_put_urlenc(&b, "AZaz09-_.~");
	cr_assert_str_eq(buf_cstr(&b), "AZaz09-_.~");
	buf_reset(&b);
	buf_put_urlenc(&b, "/a b?c=d&e+f%");
	cr_assert_str_eq(buf_cstr(&b), "%2Fa%20b%3Fc%3Dd%26e%2Bf%25");
	buf_reset(&b);
	buf_put_urlenc(&b, "\xc3\xbc\xff");
	cr_assert_str_eq(buf_cstr(&b), "%C3%BC%FF");
	buf_free(&b);
}

Test(buf, reset_keeps_capacity)
{
	buf_t b = BUF_INIT;
	buf_puts(&b, "hello");
	size_t cap = b.cap;
	buf_reset(&b);
	cr_assert_eq(b.len, 0);
	cr_assert_eq(b.cap, cap);
	cr_assert_str_eq(buf_cstr(&b), "");
	buf_reset(&b);
	buf_free(&b);
	buf_t empty = BUF_INIT;
	buf_reset(&empty); /* no storage yet: must not crash */
	buf_free(&empty);
}

Test(buf, detach_hands_over_the_string)
{
	buf_t b = BUF_INIT;
	buf_puts(&b, "owned");
	size_t len = 0;
	char *s = buf_detach(&b, &len);
	cr_assert_str_eq(s, "owned");
	cr_assert_eq(len, 5);
	cr_assert_null(b.data);
	cr_assert_eq(b.len, 0);
	cr_assert_eq(b.cap, 0);
	free(s);
	/* The buffer is reusable after detaching. */
	buf_puts(&b, "again");
	cr_assert_str_eq(buf_cstr(&b), "again");
	buf_free(&b);
}

Test(buf, detach_of_empty_buffer_is_an_empty_heap_string)
{
	buf_t b = BUF_INIT;
	char *s = buf_detach(&b, NULL);
	cr_assert_not_null(s);
	cr_assert_str_eq(s, "");
	free(s);
}
