/* Collector of per-field validation messages; see verr.h. */
#include "core/verr.h"

#include <string.h>

bool verr_has(const verr_t *v, const char *field)
{
	for (int i = 0; i < v->n; i++)
		if (strcmp(v->e[i].field, field) == 0)
			return true;
	return false;
}

void verr_add(verr_t *v, const char *field, const char *msg)
{
	if (v->n >= VERR_MAX || verr_has(v, field))
		return;
	v->e[v->n].field = field;
	v->e[v->n].msg = msg;
	v->n++;
}

void verr_addf(verr_t *v, arena_t *a, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(a, fmt, ap);
	va_end(ap);
	verr_add(v, field, msg);
}
