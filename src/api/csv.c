/* CSV fields; see csv.h. libcsv quotes. */
#include "api/csv.h"

#include <csv.h>
#include <string.h>

void api_csv_text(buf_t *out, const char *s, bool first)
{
	if (!first)
		buf_putc(out, ',');
	s = s ? s : "";
	bool formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
	buf_t tmp = BUF_INIT;
	if (formula) {
		buf_putc(&tmp, '\'');
		buf_puts(&tmp, s);
		s = buf_cstr(&tmp);
	}
	size_t n = strlen(s), need = csv_write(NULL, 0, s, n);
	buf_grow(out, need + 1);
	out->len += csv_write(out->data + out->len, need, s, n);
	out->data[out->len] = '\0';
	buf_free(&tmp);
}

void api_csv_int(buf_t *out, int64_t v, bool null)
{
	if (null)
		buf_putc(out, ',');
	else
		buf_printf(out, ",%lld", (long long)v);
}

void api_csv_end_row(buf_t *out)
{
	buf_puts(out, "\r\n");
}
