/* What the relationship services offer besides the API's operations: the
 * API's shape of a relationship, the pages' view of one (with the viewer's
 * time zone), and list pages without the health member for the pages that
 * do not show it. */
#ifndef MENTORD_SVC_RELATIONSHIP_H
#define MENTORD_SVC_RELATIONSHIP_H
#include "svc/svc.h"

/* What the pair should do next in a phase (a static sentence). */
const char *svc_relationship_next_step(int phase);
/* The API's summary of rel, health null (strings stay rel's). */
void svc_relationship_out(const relationship_t *rel, Relationship_t *out);

/* A relationship as its pages show it to the viewer. */
typedef struct svc_rel_view {
	relationship_t *rel;
	Relationship_t out; /* the summary (health null); with detail also
			       commonalities, conversation starters, preferences */
	const char *tz;     /* the viewer's time zone, "UTC" when they have none */
} svc_rel_view_t;
/* Loads relationship id if the caller may see its metadata (the pair, the
 * program's managers, administrators; 404 for anyone else). */
int svc_relationship_view(svc_t *s, int64_t id, bool detail, svc_rel_view_t *out);
/* The caller's time zone ("UTC" when they have none). */
int svc_relationship_viewer_tz(svc_t *s, const char **tz);

/* Loads relationship id for one of its program's managers or an
 * administrator: the pair gets 403 (what managers do about a relationship
 * is not the pair's to see), anyone else 404. */
int svc_relationship_manage(svc_t *s, int64_t id, relationship_t **out);
/* Ends active relationship rel inside the caller's open transaction, as a
 * program manager: completed, the reason in its history, mail to both of
 * the pair. A store status. */
int svc_relationship_end_tx(svc_t *s, relationship_t *rel, const char *reason);

/* svc_relationship_list with or without each item's health. */
int svc_relationship_page(svc_t *s, const in_listRelationships_t *in, bool health, RelationshipList_t *out);

#endif
