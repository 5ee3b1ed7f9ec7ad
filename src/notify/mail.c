/* Rendering and SMTP submission of outbox rows (see mail.h). Every body part
 * is base64 so line length and 8-bit content never depend on the server;
 * header values are stripped of control characters (no header injection)
 * and non-ASCII ones become RFC 2047 encoded words. A calendar message is
 * shaped the way the big calendar clients expect: multipart/mixed holding
 * multipart/alternative (text/plain + text/calendar; method=...) and the
 * same calendar again as an invite.ics attachment. */
#include "notify/mail.h"
#include "core/buf.h"
#include "core/timeutil.h"
#include "core/xalloc.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- headers ---- */

const char *mail_addr(arena_t *a, const char *from)
{
	const char *lt = strrchr(from, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt)
		return arena_strndup(a, lt + 1, (size_t)(gt - lt - 1));
	return from;
}

char *mail_new_message_id(arena_t *a, const char *from)
{
	unsigned char rnd[16];
	char hex[33];
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(hex, sizeof(hex), rnd, sizeof(rnd));
	const char *addr = mail_addr(a, from ? from : "");
	const char *at = strrchr(addr, '@');
	const char *domain = at && at[1] ? at + 1 : "mentord.invalid";
	return arena_printf(a, "<%s@%s>", hex, domain);
}

/* Copies s without control characters (CR and LF above all). */
static char *header_clean(arena_t *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, n + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		*o++ = (*p < 0x20 || *p == 0x7f) ? ' ' : (char)*p;
	*o = '\0';
	return out;
}

static bool ascii(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p >= 0x80)
			return false;
	return true;
}

static void put_b64(buf_t *b, const void *p, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *tmp = xmalloc(cap);
	sodium_bin2base64(tmp, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	buf_puts(b, tmp);
	free(tmp);
}

/* s as RFC 2047 encoded words of at most 45 input bytes each, split on
 * UTF-8 character boundaries (each word stays under 75 characters). */
static void put_words(buf_t *b, const char *s)
{
	size_t n = strlen(s), i = 0;
	bool first = true;
	while (i < n) {
		size_t len = n - i > 45 ? 45 : n - i;
		while (len < n - i && len > 0 && ((unsigned char)s[i + len] & 0xC0) == 0x80)
			len--;
		if (!first)
			buf_puts(b, "\r\n ");
		buf_puts(b, "=?UTF-8?B?");
		put_b64(b, s + i, len);
		buf_puts(b, "?=");
		i += len;
		first = false;
	}
}

static void header_text(buf_t *b, arena_t *a, const char *name, const char *value)
{
	const char *v = header_clean(a, value);
	buf_printf(b, "%s: ", name);
	if (ascii(v))
		buf_puts(b, v);
	else
		put_words(b, v);
	buf_puts(b, "\r\n");
}

/* name <addr>, the name quoted or encoded. */
static void header_addr(buf_t *b, arena_t *a, const char *hname, const char *name, const char *addr)
{
	const char *n = header_clean(a, name ? name : "");
	buf_printf(b, "%s: ", hname);
	if (*n && ascii(n)) {
		buf_putc(b, '"');
		for (const char *p = n; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(b, '\\');
			buf_putc(b, *p);
		}
		buf_puts(b, "\" ");
	} else if (*n) {
		put_words(b, n);
		buf_putc(b, ' ');
	}
	buf_printf(b, "<%s>\r\n", header_clean(a, addr));
}

static void header_date(buf_t *b, int64_t t)
{
	static const char *const days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	char iso[32];
	time_format(t, iso, sizeof(iso)); /* YYYY-MM-DDTHH:MM:SSZ */
	int y = 0, mo = 1, d = 1;
	sscanf(iso, "%d-%d-%d", &y, &mo, &d);
	int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	buf_printf(b, "Date: %s, %d %s %d %.8s +0000\r\n", days[((day % 7) + 7) % 7], d,
		   months[(mo - 1) % 12], y, iso + 11);
}

/* ---- body parts ---- */

static void part_b64(buf_t *b, const char *ctype, const char *extra, const char *text)
{
	buf_printf(b, "Content-Type: %s\r\n", ctype);
	if (extra)
		buf_puts(b, extra);
	buf_puts(b, "Content-Transfer-Encoding: base64\r\n\r\n");
	size_t n = strlen(text);
	for (size_t i = 0; i < n; i += 57) { /* 57 bytes -> 76 characters a line */
		put_b64(b, text + i, n - i > 57 ? 57 : n - i);
		buf_puts(b, "\r\n");
	}
}

/* A boundary no base64 line can contain ("=_" only occurs in padding). */
static const char *boundary(arena_t *a, const outbox_row_t *o, const char *which)
{
	unsigned char h[8];
	char hex[17];
	crypto_generichash(h, sizeof(h), (const unsigned char *)o->message_id, strlen(o->message_id),
			   NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return arena_printf(a, "=_mentord_%s_%s", which, hex);
}

char *mail_render(arena_t *a, const notify_config_t *c, const outbox_row_t *o)
{
	buf_t b = BUF_INIT;
	header_date(&b, o->created_at);
	header_addr(&b, a, "From", "mentord", mail_addr(a, c->mail_from));
	header_addr(&b, a, "To", o->to_name, o->to_addr);
	header_text(&b, a, "Subject", o->subject);
	buf_printf(&b, "Message-ID: %s\r\n", header_clean(a, o->message_id));
	buf_puts(&b, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");
	buf_printf(&b, "X-Mentord-Kind: %s\r\n", header_clean(a, o->kind));
	if (!o->ics) {
		part_b64(&b, "text/plain; charset=utf-8", NULL, o->body);
	} else {
		const char *mixed = boundary(a, o, "m"), *alt = boundary(a, o, "a");
		const char *method = o->ics_method ? o->ics_method : "REQUEST";
		buf_printf(&b, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", mixed);
		buf_printf(&b, "--%s\r\nContent-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", mixed, alt);
		buf_printf(&b, "--%s\r\n", alt);
		part_b64(&b, "text/plain; charset=utf-8", NULL, o->body);
		buf_printf(&b, "--%s\r\n", alt);
		part_b64(&b, arena_printf(a, "text/calendar; charset=utf-8; method=%s", method), NULL, o->ics);
		buf_printf(&b, "--%s--\r\n", alt);
		buf_printf(&b, "--%s\r\n", mixed);
		part_b64(&b, "application/ics; name=\"invite.ics\"",
			 "Content-Disposition: attachment; filename=\"invite.ics\"\r\n", o->ics);
		buf_printf(&b, "--%s--\r\n", mixed);
	}
	char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

/* ---- SMTP ---- */

struct reader {
	const char *p;
	size_t left;
};

static size_t on_read(char *dst, size_t size, size_t n, void *ud)
{
	struct reader *r = ud;
	size_t k = size * n < r->left ? size * n : r->left;
	memcpy(dst, r->p, k);
	r->p += k;
	r->left -= k;
	return k;
}

static bool loopback_host(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL;
	bool yes = false;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		yes = !strcasecmp(host, "localhost") || !strncmp(host, "127.", 4) || !strcmp(host, "[::1]");
	curl_free(host);
	curl_url_cleanup(u);
	return yes;
}

static long use_ssl(const notify_config_t *c)
{
	if (!strncasecmp(c->smtp_url, "smtps://", 8))
		return CURLUSESSL_ALL;
	if (c->smtp_tls && !strcmp(c->smtp_tls, "off"))
		return CURLUSESSL_NONE;
	if (c->smtp_tls && !strcmp(c->smtp_tls, "starttls"))
		return CURLUSESSL_ALL;
	/* auto: never send mail or a password in clear text past this host */
	return loopback_host(c->smtp_url) ? CURLUSESSL_NONE : CURLUSESSL_ALL;
}

mail_result_t mail_send(CURL *curl, const notify_config_t *c, const outbox_row_t *o, const char *msg,
			char *err, size_t errlen)
{
	char ebuf[CURL_ERROR_SIZE] = "";
	char from[320], to[320];
	arena_t *a = arena_new();
	snprintf(from, sizeof(from), "<%s>", mail_addr(a, c->mail_from));
	snprintf(to, sizeof(to), "<%s>", o->to_addr);
	arena_free(a);
	struct curl_slist *rcpt = curl_slist_append(NULL, to);
	struct reader rd = {msg, strlen(msg)};
	curl_easy_reset(curl); /* keeps the connection cache: one SMTP session serves many */
	curl_easy_setopt(curl, CURLOPT_URL, c->smtp_url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, on_read);
	curl_easy_setopt(curl, CURLOPT_READDATA, &rd);
	curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)rd.left);
	curl_easy_setopt(curl, CURLOPT_USE_SSL, use_ssl(c));
	if (c->smtp_user && *c->smtp_user) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, c->smtp_user);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, c->smtp_password ? c->smtp_password : "");
	}
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)c->smtp_timeout);
	curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)(c->smtp_timeout < 10 ? c->smtp_timeout : 10));
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, ebuf);
	CURLcode rc = curl_easy_perform(curl);
	long code = 0;
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
	curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, NULL);
	curl_slist_free_all(rcpt);
	if (rc == CURLE_OK) {
		snprintf(err, errlen, "accepted (%ld)", code);
		return MAIL_SENT;
	}
	snprintf(err, errlen, "%s (%ld): %s", curl_easy_strerror(rc), code, ebuf);
	/* 5xx refuses this message for good, except authentication trouble,
	 * which is the configuration's and may be fixed. */
	if (code >= 500 && code < 600 && code != 530 && code != 534 && code != 535 &&
	    rc != CURLE_LOGIN_DENIED)
		return MAIL_PERMANENT;
	return MAIL_RETRY;
}
