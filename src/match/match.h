/*
 * match.h — mentord's matching engine: the one public header of src/match/.
 *
 * Pure computation: no I/O, no SQL, no JSON. The caller loads a program's
 * people from the store, turns them into struct match_mentee/match_mentor
 * records with interned integer feature ids, and gets back pairs with
 * integer scores, the reasons behind each score, and a reason code for every
 * mentee left unmatched. The pipeline is
 *
 *     match_instance_new -> add mentees, mentors, past pairs -> finalize
 *     match_graph_build   (candidate generation + scoring, see docs/matching.md)
 *     match_solve         (optimal: max total score; stable: deferred acceptance)
 *     match_explain       (the "why" of any pair, on demand)
 *     match_recommend     (self-match: ranked mentors for one mentee)
 *
 * Every function returning int returns MATCH_OK (0) or a negative
 * enum match_status. Objects are opaque; each *_free accepts NULL. An
 * instance must outlive the graphs built from it, a graph the results
 * solved from it. Different objects may be used from different threads;
 * one object is not safe for concurrent mutation (read-only use of a
 * finalized instance, a graph or a result from several threads is fine).
 * docs/matching.md describes the model, the criteria and the algorithms.
 */
#ifndef MENTORD_MATCH_MATCH_H
#define MENTORD_MATCH_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum match_status {
	MATCH_OK = 0,
	MATCH_ENOMEM = -1,     /* an allocation failed; nothing was changed */
	MATCH_EINVAL = -2,     /* an argument or input record is out of range */
	MATCH_ESTATE = -3,     /* wrong order: adding after finalize, using before */
	MATCH_EDUPLICATE = -4, /* two mentees (or two mentors) share a user id */
	MATCH_ERANGE = -5,     /* the instance is too large for the engine's integers */
};

/* A static English message for a status; never NULL. */
const char *match_strerror(int status);

/* ---- Criteria, weights and program rules ------------------------------ */

enum match_criterion {
	MATCH_CRIT_SKILLS,       /* mentee's wanted skills the mentor offers */
	MATCH_CRIT_INTERESTS,    /* interests in common */
	MATCH_CRIT_LANGUAGES,    /* at least one language in common */
	MATCH_CRIT_SENIORITY,    /* seniority gap fits the program kind */
	MATCH_CRIT_DEPARTMENT,   /* same or other department, by program rule */
	MATCH_CRIT_TIMEZONE,     /* UTC offsets close together */
	MATCH_CRIT_AVAILABILITY, /* weekly hours both are available */
	MATCH_CRIT_PREFERENCES,  /* the mentee's stated preferences met */
	MATCH_CRITERION_COUNT
};

/* "skills", "interests", ... : stable names for APIs and pages. */
const char *match_criterion_name(enum match_criterion c);

enum match_department_rule {
	MATCH_DEPT_PREFER_CROSS, /* points when departments differ (default) */
	MATCH_DEPT_PREFER_SAME,  /* points when departments are equal */
};

enum match_seniority_rule {
	MATCH_SENIORITY_MENTOR_ABOVE, /* classic mentoring: mentor 1-2 levels above */
	MATCH_SENIORITY_PEER,         /* peer programs: same level best */
	MATCH_SENIORITY_REVERSE,      /* reverse mentoring: mentor below the mentee */
};

enum match_policy {
	/* Maximise the sum of pair scores; an unmatched mentee adds 0 (default). */
	MATCH_POLICY_MAX_SCORE,
	/* Maximise the number of pairs first, then the sum of scores. */
	MATCH_POLICY_MAX_CARDINALITY,
};

#define MATCH_WEIGHT_MAX 1000     /* per criterion */
#define MATCH_CANDIDATES_MAX 1000 /* per mentee */
#define MATCH_CAPACITY_MAX 5      /* per mentor */
#define MATCH_LIST_MAX 255        /* entries in any one id list of a person */

/*
 * Per-program matching settings. Fill with match_config_default() and
 * change what the program sets; match_config_validate() checks ranges.
 */
struct match_config {
	int32_t weights[MATCH_CRITERION_COUNT]; /* 0..MATCH_WEIGHT_MAX points */
	enum match_department_rule department_rule;
	enum match_seniority_rule seniority_rule;
	enum match_policy policy;
	bool allow_repeat;            /* past pairs may be proposed again */
	bool require_common_language; /* no pair without a shared language,
	                                 when both list languages (default on) */
	int32_t min_score;            /* pairs scoring less are never proposed;
	                                 >= 1, default 1 */
	uint32_t candidates_per_mentee; /* K, 1..MATCH_CANDIDATES_MAX, default 50 */
	uint32_t pool_per_feature; /* L: mentors taken from one skill's (or
	                              interest's) index entry per mentee; longer
	                              entries contribute a window of L
	                              (docs/matching.md), 0 = no limit,
	                              default 128 */
	uint32_t availability_target_hours; /* common hours/week for full
	                                       availability points, default 4 */
	uint32_t threads; /* candidate generation and certification threads;
	                     0 = online CPUs */
	uint64_t tie_seed; /* seeds the hash that orders equal scores (see
	                      docs/matching.md, "Ties"); same seed and
	                      people, same result. Default 0. */
	uint32_t time_limit_ms; /* optimal runs: stop certifying after this
	                           long and return the best matching found,
	                           not certified (0 = no limit, default) */
};

/* Default weights (sum 100): skills 35, interests 10, languages 10,
 * seniority 10, department 10, time zone 5, availability 10, preferences 10. */
void match_config_default(struct match_config *cfg);
int match_config_validate(const struct match_config *cfg);

/* ---- People ------------------------------------------------------------ */

/* A list of interned feature ids (skills, interests, languages,
 * departments); any int32 values, order and duplicates do not matter. */
struct match_ids {
	const int32_t *v;
	size_t n; /* <= MATCH_LIST_MAX */
};

/* A list of user ids. */
struct match_uids {
	const int64_t *v;
	size_t n; /* <= MATCH_LIST_MAX */
};

/* Weekly availability: bit h (0..167) is the hour of the week starting
 * Monday 00:00 UTC plus h hours. The caller converts local times to UTC.
 * An all-zero week means "unknown" and earns no availability points. */
struct match_week {
	uint64_t bits[3];
};

static inline void match_week_set(struct match_week *w, unsigned hour)
{
	if (hour < 168)
		w->bits[hour / 64] |= UINT64_C(1) << (hour % 64);
}

/*
 * A mentee's stated preferences. Each non-empty list is one preference;
 * the preferences criterion earns weight * met / stated points.
 */
struct match_preferences {
	struct match_ids departments; /* mentor in one of these departments */
	struct match_ids languages;   /* mentor speaks one of these */
	struct match_uids mentors;    /* mentor is one of these users */
	struct match_uids avoid;      /* hard rule: never these users */
};

struct match_mentee {
	int64_t user_id;
	struct match_ids skills_wanted;
	struct match_ids interests;
	struct match_ids languages;
	int32_t department;     /* 0 = unknown */
	int32_t seniority;      /* higher = more senior */
	int32_t utc_offset_min; /* -720..840 */
	struct match_week availability;
	struct match_preferences prefs;
	/* Hard rule: the manager, the manager's manager, ... up the chain. */
	struct match_uids manager_chain;
};

struct match_mentor {
	int64_t user_id;
	struct match_ids skills_offered;
	struct match_ids interests;
	struct match_ids languages;
	int32_t department;
	int32_t seniority;
	int32_t utc_offset_min;
	struct match_week availability;
	int32_t capacity; /* 1..MATCH_CAPACITY_MAX mentees at once */
	int32_t load;     /* 0..capacity mentees already held from earlier runs */
};

struct match_instance;

/* A new empty instance, owned by the caller (match_instance_free). */
int match_instance_new(struct match_instance **out);
void match_instance_free(struct match_instance *inst);

/*
 * Copy a person into the instance (the caller's arrays may be freed after
 * the call). *index_out, if not NULL, receives the person's index: mentees
 * and mentors are numbered separately from 0 in the order added, and every
 * other function names people by these indexes.
 */
int match_instance_add_mentee(struct match_instance *inst,
	const struct match_mentee *m, uint32_t *index_out);
int match_instance_add_mentor(struct match_instance *inst,
	const struct match_mentor *m, uint32_t *index_out);

/* Record that this mentee and mentor were paired before (any program).
 * User ids not present in the instance are ignored at finalize. */
int match_instance_add_past_pair(struct match_instance *inst,
	int64_t mentee_user_id, int64_t mentor_user_id);

/* Freeze the instance and build its indexes. MATCH_EDUPLICATE if two
 * mentees or two mentors share a user id. */
int match_instance_finalize(struct match_instance *inst);

uint32_t match_instance_mentee_count(const struct match_instance *inst);
uint32_t match_instance_mentor_count(const struct match_instance *inst);
int64_t match_instance_mentee_uid(const struct match_instance *inst, uint32_t i);
int64_t match_instance_mentor_uid(const struct match_instance *inst, uint32_t j);

/* ---- Explanations ------------------------------------------------------ */

/* Hard rules. A blocked pair is never proposed. */
enum match_block {
	MATCH_BLOCK_NONE,
	MATCH_BLOCK_SELF,          /* mentor and mentee are the same user */
	MATCH_BLOCK_MANAGER_CHAIN, /* mentor is in the mentee's management chain */
	MATCH_BLOCK_REPEAT,        /* paired before and the program forbids repeats */
	MATCH_BLOCK_AVOIDED,       /* the mentee asked never to be paired with them */
	MATCH_BLOCK_NO_LANGUAGE,   /* require_common_language and none shared */
	MATCH_BLOCK_FULL,          /* the mentor has no capacity left (load) */
};

const char *match_block_name(enum match_block b);

/* What a preferences reason lists in ids[]. */
enum match_pref_kind {
	MATCH_PREF_DEPARTMENT = 1,
	MATCH_PREF_LANGUAGE = 2,
	MATCH_PREF_MENTOR = 3,
};

#define MATCH_REASON_IDS 8

/*
 * One criterion's contribution. value and ids by criterion:
 *   skills       value = shared skills,     ids = shared skill ids
 *   interests    value = shared interests,  ids = shared interest ids
 *   languages    value = shared languages,  ids = shared language ids
 *   seniority    value = mentor's level minus mentee's
 *   department   value = the mentor's department, ids = { mentee's }
 *   timezone     value = minutes between the UTC offsets (0..720)
 *   availability value = common hours per week
 *   preferences  value = preferences met, ids = enum match_pref_kind met
 * ids holds at most MATCH_REASON_IDS entries (n_ids); value is exact.
 */
struct match_reason {
	enum match_criterion criterion;
	int32_t points;
	int32_t value;
	uint32_t n_ids;
	int32_t ids[MATCH_REASON_IDS];
};

/*
 * Why a pair scores what it does. reasons[] lists every criterion with
 * points > 0, most points first (ties in enum order), so the first few are
 * "the top reasons" and the points of all of them sum to score exactly.
 */
struct match_explanation {
	int32_t score;
	enum match_block blocked; /* MATCH_BLOCK_NONE if the pair is allowed */
	uint32_t n_reasons;
	struct match_reason reasons[MATCH_CRITERION_COUNT];
};

/* Score and explain any pair of a finalized instance (also pairs that are
 * not candidates, e.g. a manager's manual edit). Fills *out. */
int match_explain(const struct match_instance *inst,
	const struct match_config *cfg, uint32_t mentee, uint32_t mentor,
	struct match_explanation *out);

/* ---- Candidate graph --------------------------------------------------- */

struct match_graph;

/*
 * Generate and score the candidates of every mentee: at most K mentors
 * each, the best by score among those the indexes reach (docs/matching.md,
 * "Candidates"). The graph keeps pointers into inst, which must outlive it,
 * and a copy of cfg.
 */
int match_graph_build(const struct match_instance *inst,
	const struct match_config *cfg, struct match_graph **out);

/*
 * A graph from caller-made arcs, for callers that score pairs themselves,
 * tests and benchmarks: n mentees, m mentors with capacity[j] (0..5)
 * slots, mentee i's arcs at off[i]..off[i+1]-1 of mentor[] and score[]
 * (scores 1..1000000, no mentor twice per mentee). Arrays are copied.
 * Results from such a graph have user ids -1 and no explanations.
 */
int match_graph_from_arcs(uint32_t n, uint32_t m, const int32_t *capacity,
	const size_t *off, const uint32_t *mentor, const int32_t *score,
	enum match_policy policy, struct match_graph **out);

void match_graph_free(struct match_graph *g);

uint32_t match_graph_mentee_count(const struct match_graph *g);
uint32_t match_graph_mentor_count(const struct match_graph *g);
size_t match_graph_arc_count(const struct match_graph *g);
/* Slots the mentor can still take in this run (capacity - load). */
int32_t match_graph_slots(const struct match_graph *g, uint32_t mentor);

/* Mentee i's candidates, best first (score desc, then tie key asc).
 * Returns the count; the arrays belong to the graph. */
size_t match_graph_candidates(const struct match_graph *g, uint32_t mentee,
	const uint32_t **mentors, const int32_t **scores);

struct match_graph_stats {
	uint64_t pool_mentors;  /* mentor visits during candidate generation */
	uint64_t full_scored;   /* pairs scored with all criteria */
	uint32_t widened;       /* mentees whose skill pool was too small, so
	                           every mentor was considered */
	uint32_t certified;     /* mentees whose candidates are provably the
	                           top K over all mentors */
};
void match_graph_stats(const struct match_graph *g, struct match_graph_stats *out);

/* ---- Solving ----------------------------------------------------------- */

enum match_algorithm {
	MATCH_ALGO_OPTIMAL, /* maximum total score under capacities, exact */
	MATCH_ALGO_STABLE,  /* mentee-proposing deferred acceptance */
};

/* Why a mentee got no mentor. */
enum match_unmatched_reason {
	MATCH_UNMATCHED_NO_CANDIDATES = 1, /* no mentor reaches min_score */
	MATCH_UNMATCHED_CAPACITY,          /* candidates exist, all full */
	MATCH_UNMATCHED_BLOCKED,           /* compatible mentors exist, but hard
	                                      rules exclude every one */
};

const char *match_unmatched_name(enum match_unmatched_reason r);

#define MATCH_NONE UINT32_MAX

struct match_pair {
	uint32_t mentee;
	uint32_t mentor;
	int64_t mentee_uid;
	int64_t mentor_uid;
	int32_t score;
};

struct match_unmatched {
	uint32_t mentee;
	int64_t mentee_uid;
	enum match_unmatched_reason reason;
};

struct match_result;

/*
 * Solve; *out is owned by the caller. MATCH_ALGO_OPTIMAL on a graph built
 * from an instance solves on the candidates, then certifies the result
 * over every allowed pair with the solver's dual prices, adding the pairs
 * that could raise the total and solving again until none can (or the
 * time limit runs out): see match_result_certificate(). g is not changed.
 * MATCH_ALGO_STABLE is stable with respect to the candidate graph.
 */
int match_solve(const struct match_graph *g, enum match_algorithm algo,
	struct match_result **out);
void match_result_free(struct match_result *r);

int64_t match_result_total_score(const struct match_result *r);
/* Pairs in mentee order; the array belongs to the result. */
size_t match_result_pairs(const struct match_result *r,
	const struct match_pair **pairs);
/* Unmatched mentees in mentee order; the array belongs to the result. */
size_t match_result_unmatched(const struct match_result *r,
	const struct match_unmatched **unmatched);
/* The mentor of mentee i, or MATCH_NONE. */
uint32_t match_result_mentor_of(const struct match_result *r, uint32_t mentee);

/* Why a result is not certified optimal over every pair. */
enum match_cert_reason {
	MATCH_CERT_CERTIFIED = 0,  /* it is */
	MATCH_CERT_TIME_LIMIT,     /* config.time_limit_ms ran out first */
	MATCH_CERT_STABLE,         /* a stable run maximises no total */
	MATCH_CERT_GAP,            /* the duals left a gap of a point or more:
	                              a solver defect, never expected */
	MATCH_CERT_ROUNDS,         /* 64 rounds of adding pairs did not end it
	                              (a safety stop, not a time limit) */
};

/* "time_limit", "stable_algorithm", "duality_gap", "round_limit" (NULL
 * when certified): stable names for APIs and pages. */
const char *match_cert_reason_name(enum match_cert_reason r);

/*
 * The optimality certificate of an optimal run (docs/matching.md,
 * "Global optimality"): certified is true when the solver's dual prices
 * prove that no allowed pair, candidate or not, could raise the total, so
 * the total is the maximum over all N x M pairs. Graphs from caller-made
 * arcs are certified over those arcs. The counters say what it cost.
 */
struct match_certificate {
	bool certified;              /* "certified_optimal" */
	enum match_cert_reason reason;
	uint32_t rounds;             /* solves: 1 + re-solves after adding pairs */
	uint64_t pairs_checked;      /* non-candidate pairs scored exactly */
	uint64_t arcs_added;         /* pairs the certificate added to the graph */
	double solve_seconds;        /* in the solver, all rounds */
	double certify_seconds;      /* in the certificate, all rounds */
};

void match_result_certificate(const struct match_result *r,
	struct match_certificate *out);

/* ---- Self-match -------------------------------------------------------- */

struct match_recommendation {
	uint32_t mentor;
	int64_t mentor_uid;
	struct match_explanation why;
};

/*
 * Self-match: up to max mentors for one mentee, best first, each with its
 * explanation. Only mentors with capacity left and no hard rule against the
 * pair are listed; candidates come from the same generator as the graph.
 * out[] is caller-provided with room for max entries.
 */
int match_recommend(const struct match_instance *inst,
	const struct match_config *cfg, uint32_t mentee,
	struct match_recommendation *out, size_t max, size_t *n_out);

#endif
