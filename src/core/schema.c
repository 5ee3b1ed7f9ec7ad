/* The scalar rules of declared fields (see schema.h): one place that says
 * what "maxLength 200", "format: date" or "minimum 1" means, for every way
 * input arrives. */
#include "core/schema.h"
#include "core/buf.h"
#include "core/rrule.h"
#include "core/text.h"
#include "core/timeutil.h"

#include <math.h>
#include <pthread.h>
#include <regex.h>
#include <string.h>

const sch_field_t *sch_field(const sch_type_t *t, const char *name)
{
	for (int i = 0; i < t->nfields; i++)
		if (strcmp(t->fields[i].name, name) == 0)
			return &t->fields[i];
	return NULL;
}

const char *sch_enum_match(const sch_field_t *f, const char *s)
{
	for (const char *const *e = f->enums; e && *e; e++)
		if (strcmp(*e, s) == 0)
			return *e;
	return NULL;
}

void sch_set_flag(void *base, uint32_t off, bool v)
{
	if (off != SCH_NO_OFF)
		*(bool *)sch_at(base, off) = v;
}

bool sch_get_flag(const void *base, uint32_t off)
{
	return off != SCH_NO_OFF && *(const bool *)sch_cat(base, off);
}

/* Compiled patterns, by the address of the pattern string (a literal of the
 * generated tables, so each is compiled once per process). */
#define MAX_PATTERNS 64
static struct {
	const char *src;
	regex_t re;
	bool ok;
} patterns[MAX_PATTERNS];
static int npatterns;
static pthread_mutex_t patterns_mu = PTHREAD_MUTEX_INITIALIZER;

static bool pattern_match(const char *pat, const char *s)
{
	regex_t *re = NULL;
	bool ok = false;
	pthread_mutex_lock(&patterns_mu);
	for (int i = 0; i < npatterns; i++)
		if (patterns[i].src == pat) {
			re = &patterns[i].re;
			ok = patterns[i].ok;
		}
	if (!re && npatterns < MAX_PATTERNS) {
		patterns[npatterns].src = pat;
		ok = patterns[npatterns].ok = regcomp(&patterns[npatterns].re, pat, REG_EXTENDED | REG_NOSUB) == 0;
		re = &patterns[npatterns++].re;
	}
	pthread_mutex_unlock(&patterns_mu);
	/* A pattern that does not compile is a bug in the document, caught by
	 * the generator's tests; refuse rather than let anything through. */
	return re && ok && regexec(re, s, 0, NULL, 0) == 0;
}

static bool check_format(const sch_field_t *f, const char *s, const char **why)
{
	switch ((sch_format_t)f->format) {
	case SCH_F_DATE:
		*why = "must be a date (YYYY-MM-DD)";
		return date_parse(s, NULL);
	case SCH_F_EMAIL:
		*why = "must be an email address";
		return text_email_ok(s);
	case SCH_F_RRULE:
		return rrule_check(s, time_now(), why);
	case SCH_F_TZ:
		*why = "must be a time zone such as Europe/Berlin";
		return tz_valid(s);
	default:
		return true;
	}
}

const char *sch_enum_text(const sch_field_t *f, arena_t *a)
{
	buf_t b = BUF_INIT;
	buf_puts(&b, "must be one of ");
	for (const char *const *e = f->enums; *e; e++)
		buf_printf(&b, "%s%s", e == f->enums ? "" : ", ", *e);
	char *out = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	return out;
}

bool sch_check_str(const sch_field_t *f, const char *s, size_t len, arena_t *a, const char **out,
		   const char **why)
{
	if (!text_ok(s, len, f->flags & SCH_MULTILINE, why))
		return false;
	const char *v = f->format == SCH_F_PASSWORD ? arena_strndup(a, s, len) : text_trim(a, s, len);
	size_t n = text_chars(v, strlen(v));
	/* A required string is never empty, whatever its minLength. */
	if (n == 0 && ((f->flags & SCH_REQUIRED) || f->min_len == 1)) {
		*why = "must not be empty";
		return false;
	}
	if (n < f->min_len) {
		*why = f->min_len == 1 ? "must not be empty"
				       : arena_printf(a, "must be at least %u characters", f->min_len);
		return false;
	}
	if (n > f->max_len) {
		*why = arena_printf(a, "must be at most %u characters", f->max_len);
		return false;
	}
	if (!check_format(f, v, why))
		return false;
	if (f->enums) {
		const char *e = sch_enum_match(f, v);
		if (!e) {
			*why = sch_enum_text(f, a);
			return false;
		}
		v = e;
	}
	if (f->pattern && !pattern_match(f->pattern, v)) {
		*why = "is not in the expected form";
		return false;
	}
	*out = v;
	return true;
}

bool sch_check_int(const sch_field_t *f, int64_t v, int64_t *out, arena_t *a, const char **why)
{
	if (v < f->min || v > f->max) {
		if (f->flags & SCH_CLAMP) {
			*out = v < f->min ? f->min : f->max;
			return true;
		}
		if (f->max == INT64_MAX)
			*why = arena_printf(a, "must be at least %lld", (long long)f->min);
		else if (f->min == INT64_MIN)
			*why = arena_printf(a, "must be at most %lld", (long long)f->max);
		else
			*why = arena_printf(a, "must be between %lld and %lld", (long long)f->min,
					    (long long)f->max);
		return false;
	}
	*out = v;
	return true;
}

bool sch_check_num(const sch_field_t *f, double v, arena_t *a, const char **why)
{
	if (v < f->nmin || v > f->nmax) {
		*why = isinf(f->nmax) ? arena_printf(a, "must be at least %g", f->nmin)
		       : isinf(f->nmin) ? arena_printf(a, "must be at most %g", f->nmax)
					: arena_printf(a, "must be between %g and %g", f->nmin, f->nmax);
		return false;
	}
	return true;
}
