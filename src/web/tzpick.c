/* The time zone picker (see tzpick.h). The tables are read from
 * /usr/share/zoneinfo on first use under pthread_once and kept for the
 * life of the process (a few hundred zones); without tzdata the picker
 * offers UTC and the current value only, and the services still check what
 * is sent. */
#include "web/tzpick.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZONEINFO "/usr/share/zoneinfo/"

typedef struct tz_zone {
	char *name;    /* "America/New_York" */
	char *label;   /* "New York (Eastern, most areas)" */
	char *country; /* "United States" */
} tz_zone_t;

static tz_zone_t *zones;
static size_t n_zones;
static pthread_once_t once = PTHREAD_ONCE_INIT;

typedef struct country {
	char code[3];
	char *name;
} country_t;

static char *chomp(char *s)
{
	s[strcspn(s, "\r\n")] = 0;
	return s;
}

static const char *country_name(const country_t *c, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(c[i].code, code))
			return c[i].name;
	return code;
}

/* "America/Argentina/Buenos_Aires" -> "Buenos Aires", with the zone's
 * comment when tzdata has one. */
static char *city_label(const char *name, const char *comment)
{
	const char *city = strrchr(name, '/');
	city = city ? city + 1 : name;
	size_t n = strlen(city) + (comment && *comment ? strlen(comment) + 3 : 0) + 1;
	char *out = malloc(n);
	if (!out)
		return NULL;
	if (comment && *comment)
		snprintf(out, n, "%s (%s)", city, comment);
	else
		snprintf(out, n, "%s", city);
	for (char *p = out; *p && *p != '('; p++)
		if (*p == '_')
			*p = ' ';
	return out;
}

static int by_country_then_city(const void *a, const void *b)
{
	const tz_zone_t *x = a, *y = b;
	int c = strcmp(x->country, y->country);
	return c ? c : strcmp(x->label, y->label);
}

static void load(void)
{
	country_t *cs = NULL;
	size_t nc = 0, cap = 0;
	char line[512];
	FILE *f = fopen(ZONEINFO "iso3166.tab", "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *tab = strchr(chomp(line), '\t');
		if (line[0] == '#' || !tab || tab - line != 2)
			continue;
		if (nc == cap) {
			country_t *m = realloc(cs, (cap = cap ? 2 * cap : 256) * sizeof(*cs));
			if (!m)
				break;
			cs = m;
		}
		memcpy(cs[nc].code, line, 2);
		cs[nc].code[2] = 0;
		cs[nc].name = strdup(tab + 1);
		nc++;
	}
	if (f)
		fclose(f);
	size_t zcap = 0;
	f = fopen(ZONEINFO "zone.tab", "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		char *fields[4] = {NULL, NULL, NULL, ""};
		int k = 0;
		for (char *p = chomp(line), *save = NULL, *t; k < 4 && (t = strtok_r(p, "\t", &save)); p = NULL)
			fields[k++] = t;
		if (k < 3)
			continue;
		if (n_zones == zcap) {
			tz_zone_t *m = realloc(zones, (zcap = zcap ? 2 * zcap : 512) * sizeof(*zones));
			if (!m)
				break;
			zones = m;
		}
		tz_zone_t *z = &zones[n_zones];
		z->name = strdup(fields[2]);
		z->label = city_label(fields[2], fields[3]);
		z->country = strdup(country_name(cs, nc, fields[0]));
		if (z->name && z->label && z->country)
			n_zones++;
	}
	if (f)
		fclose(f);
	for (size_t i = 0; i < nc; i++)
		free(cs[i].name);
	free(cs);
	if (n_zones)
		qsort(zones, n_zones, sizeof(*zones), by_country_then_city);
}

static json_t *option(const char *value, const char *label, bool selected)
{
	return json_pack("{s:s, s:s, s:b}", "value", value, "label", label, "selected", selected);
}

void tzpick_field(json_t *fl, const char *current)
{
	pthread_once(&once, load);
	const char *cur = current ? current : "";
	bool listed = !*cur || !strcmp(cur, "UTC");
	for (size_t i = 0; !listed && i < n_zones; i++)
		listed = !strcmp(zones[i].name, cur);
	json_t *groups = json_array(), *first = json_array();
	if (!*cur)
		json_array_append_new(first, option("", "Choose your city", true));
	if (!listed)
		json_array_append_new(first, option(cur, cur, true));
	json_array_append_new(first, option("UTC", "UTC (Coordinated Universal Time)", !strcmp(cur, "UTC")));
	json_array_append_new(groups, json_pack("{s:s, s:o}", "country", "Anywhere", "zones", first));
	json_t *g = NULL;
	for (size_t i = 0; i < n_zones; i++) {
		if (!i || strcmp(zones[i].country, zones[i - 1].country)) {
			g = json_array();
			json_array_append_new(groups, json_pack("{s:s, s:o}", "country", zones[i].country, "zones", g));
		}
		json_array_append_new(g, option(zones[i].name, zones[i].label, !strcmp(zones[i].name, cur)));
	}
	json_object_set_new(fl, "groups", groups);
}
