/* The time zone picker of the pages: the system's tzdata zones
 * (zone.tab with iso3166.tab, read once) as a select with one group per
 * country and each zone by its city ("Berlin" under "Germany"), so a
 * person picks their city, and typing "Berlin" on the list finds it; the
 * value sent is still the IANA name the services store. */
#ifndef MENTORD_WEB_TZPICK_H
#define MENTORD_WEB_TZPICK_H
#include <jansson.h>

/* Turns field fl (from page_field: name, label, value, hint, error) into
 * the picker's context for templates/field_tz.html: "groups", each
 * {country, zones: [{value, label, selected}]}, with "UTC" and, when the
 * current value is not a zone of the list, that value first. */
void tzpick_field(json_t *fl, const char *current);

#endif
