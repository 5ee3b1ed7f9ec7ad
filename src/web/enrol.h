/* Self-enrolment as the pages say it (web/enrol.c): the "enrol me" page,
 * and the rules of a program in words, which the program's own page shows
 * too. */
#ifndef MENTORD_WEB_ENROL_H
#define MENTORD_WEB_ENROL_H
#include "web/page.h"

/* {open, summary, rules: [sentence]}: who may enrol themselves in p and
 * who is eligible, in words ("Mentees can enrol themselves.", "Only people
 * in Engineering or Data.", "Mentees at career level 4 or below."). */
json_t *web_enrolment_words(req_t *r, const program_t *p);

#endif
