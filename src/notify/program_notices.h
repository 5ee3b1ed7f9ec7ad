/* The mail a program sends about its pairs, besides what happens inside a
 * relationship: the introduction when a published match run pairs two
 * people, the program managers' messages to a pair (and the pair's
 * replies), the news that a manager ended a relationship, the alert to
 * the managers that a relationship has become at risk, and the gentle note
 * to the pair when a misstep is first flagged on their relationship.
 * Called inside the caller's transaction (the outbox is transactional,
 * notify.h); every mail has its own key, so nothing is queued twice, also
 * when a pass of the health watch is repeated after a restart. Mail never
 * quotes what the pair wrote to each other: managers' messages are written
 * to be read by everyone in their thread. */
#ifndef MENTORD_NOTIFY_PROGRAM_NOTICES_H
#define MENTORD_NOTIFY_PROGRAM_NOTICES_H
#include "notify/notify.h"

/* The relationship a notice is about. */
typedef struct notify_pair {
	int64_t rel_id;
	const char *program_name;
	int64_t mentor_id, mentee_id;
	const char *mentor_name, *mentee_name;
} notify_pair_t;

/* A published match run made the pair: an introduction to each of them
 * ("messages" category, like every other word from people about the
 * relationship). */
int notify_matched(db_t *db, arena_t *a, const notify_pair_t *p);

/* A message (message_id, by author) in the thread between the program's
 * managers and the pair, to to_id ("messages" category). */
int notify_manager_message(db_t *db, arena_t *a, const notify_pair_t *p, int64_t to_id, int64_t message_id,
			   const char *author, const char *body);

/* A program manager (by) ended the relationship, with reason: to each of
 * the pair ("messages" category). */
int notify_rel_ended(db_t *db, arena_t *a, const notify_pair_t *p, const char *by, const char *reason);

/* The relationship became at risk for the nth time, with score (-1 when
 * the pair has not met) and its flags in words: to manager_id ("nudges"
 * category). Keyed by n, so a relationship that recovers and falls back is
 * announced again, and two passes that see the same change queue it once. */
int notify_at_risk(db_t *db, arena_t *a, const notify_pair_t *p, int64_t manager_id, int64_t nth, int score,
		   const char *flags);

/* A misstep (a health flag code, "schedule_imposed" ...) was flagged on
 * the pair's relationship for the first time: a gentle note to user_id,
 * one of the pair ("nudges" category). Once per flag and relationship.
 * Returns DB_OK without mail for a code it has no words for. */
int notify_flag_raised(db_t *db, arena_t *a, const notify_pair_t *p, int64_t user_id, const char *code);
/* Whether notify_flag_raised has words for code (gone_quiet has its own
 * nudge in the job runner, so it has none). */
bool notify_flag_has_note(const char *code);

#endif
