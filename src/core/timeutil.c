/* Date and time parsing for the API's formats. Civil-date arithmetic uses
 * Howard Hinnant's days-from-civil algorithm so no libc time zone state is
 * touched (timegm and friends are not needed and not thread-hostile here).
 * Zone names are checked against the system tzdata files; conversions between
 * zones are left to libical, never to a hand-made offset table. */
#include "core/timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int64_t time_now(void)
{
	const char *pin = getenv("MENTORD_NOW");
	if (pin && *pin)
		return strtoll(pin, NULL, 10);
	return (int64_t)time(NULL);
}

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (*m <= 2));
}

static bool digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool ymd_valid(int y, int m, int d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return false;
	return d <= mdays[m - 1] + (m == 2 && leap(y));
}

bool date_parse(const char *s, int64_t *days)
{
	int y, m, d;
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	if (!digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return false;
	if (!ymd_valid(y, m, d))
		return false;
	if (days)
		*days = days_from_civil(y, (unsigned)m, (unsigned)d);
	return true;
}

bool time_parse(const char *s, int64_t *out)
{
	int hh, mi, ss;
	int64_t days;
	if (!s || strlen(s) < 20)
		return false;
	char date[11];
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!date_parse(date, &days) || (s[10] != 'T' && s[10] != 't'))
		return false;
	if (!digits(s + 11, 2, &hh) || s[13] != ':' || !digits(s + 14, 2, &mi) ||
	    s[16] != ':' || !digits(s + 17, 2, &ss))
		return false;
	if (hh > 23 || mi > 59 || ss > 59)
		return false;
	const char *p = s + 19;
	if (*p == '.') { /* fractional seconds are accepted and dropped */
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	int offset = 0;
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
		offset = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':') {
		int oh, om;
		if (!digits(p + 1, 2, &oh) || !digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return false;
		offset = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
	} else {
		return false;
	}
	*out = days * 86400 + hh * 3600 + mi * 60 + ss - offset;
	return true;
}

void time_format(int64_t t, char *out, size_t n)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rem = t - days * 86400;
	int y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999 || n < 21) {
		snprintf(out, n, "%04d-%02u-%02uT%02d:%02d:%02dZ", y, m, d, (int)(rem / 3600),
			 (int)(rem / 60 % 60), (int)(rem % 60));
		return;
	}
	/* The common case by hand: every JSON record carries a few of these. */
	unsigned v[6] = {(unsigned)y, m, d, (unsigned)(rem / 3600), (unsigned)(rem / 60 % 60), (unsigned)(rem % 60)};
	char *p = out;
	p[0] = (char)('0' + v[0] / 1000), p[1] = (char)('0' + v[0] / 100 % 10);
	p[2] = (char)('0' + v[0] / 10 % 10), p[3] = (char)('0' + v[0] % 10);
	p += 4;
	static const char sep[5] = {'-', '-', 'T', ':', ':'};
	for (int i = 1; i < 6; i++) {
		*p++ = sep[i - 1];
		*p++ = (char)('0' + v[i] / 10);
		*p++ = (char)('0' + v[i] % 10);
	}
	*p++ = 'Z';
	*p = '\0';
}

bool clock_parse(const char *s, int *minutes)
{
	int h, m;
	if (!s || strlen(s) != 5 || s[2] != ':' || !digits(s, 2, &h) || !digits(s + 3, 2, &m))
		return false;
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return false;
	*minutes = h * 60 + m;
	return true;
}

void clock_format(int minutes, char out[6])
{
	unsigned m = (unsigned)minutes % 1441;
	out[0] = (char)('0' + m / 600);
	out[1] = (char)('0' + m / 60 % 10);
	out[2] = ':';
	out[3] = (char)('0' + m % 60 / 10);
	out[4] = (char)('0' + m % 10);
	out[5] = '\0';
}

bool tz_valid(const char *name)
{
	size_t n = name ? strlen(name) : 0;
	/* Zone names start with a capital ("UTC", "Europe/Berlin"); this also
	 * keeps out tzdata's helper files (localtime, posixrules, right/...). */
	if (n == 0 || n > 64 || name[0] < 'A' || name[0] > 'Z' || strstr(name, ".."))
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
			return false;
	char path[128];
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char magic[4];
	bool ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}
