/* Skill self-assessment: at the start of a relationship and at its close
 * the mentee rates each skill they want to grow (1-5), and the mentor may
 * rate the mentee on the same skills. The operations (svc_skill_get,
 * svc_skill_put) are declared in svc/api_types.h; this header adds what the
 * report and the dashboard read: a program's growth from those ratings,
 * counts and averages only. Everything is allocated in the arena given. */
#ifndef MENTORD_SVC_SKILL_H
#define MENTORD_SVC_SKILL_H
#include "svc/svc.h"

enum { SKILL_MENTEE, SKILL_MENTOR, SKILL_RATERS };
/* Buckets of a relationship's average change: declined, unchanged, up to
 * 1, 1 to 2, 2 or more. */
enum { SKILL_BUCKETS = 5 };

/* One relationship: per rater, the skills rated at both moments and the
 * average change (end minus start) over them. */
typedef struct skill_growth_rel {
	int64_t rel_id;
	int skills[SKILL_RATERS];
	double change[SKILL_RATERS];
} skill_growth_rel_t;

typedef struct skill_growth {
	skill_growth_rel_t *rels; /* by relationship id; only those with ratings at both moments */
	int n;
	/* the mentee's ratings, over every skill rated at both moments */
	int relationships, skills;
	double average_start, average_end, average_change;
	int by_change[SKILL_BUCKETS]; /* relationships by their average change */
	/* the mentor's */
	int mentor_relationships;
	double mentor_average_change;
} skill_growth_t;

/* The growth of a program's relationships (one query). A store status; the
 * caller has checked access. */
int skill_growth_load(db_t *db, arena_t *a, int64_t program_id, skill_growth_t *out);
/* Relationship rel_id's entry, or NULL when it has none. */
const skill_growth_rel_t *skill_growth_find(const skill_growth_t *g, int64_t rel_id);
/* The bucket of an average change. */
int skill_growth_bucket(double change);

/* The same for the program's managers and administrators (404/403 for
 * others, as the health operations). */
int svc_skill_growth(svc_t *s, int64_t program_id, skill_growth_t *out);

#endif
