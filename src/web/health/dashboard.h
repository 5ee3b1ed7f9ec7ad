/* The program manager's health dashboard, GET /programs/{id}/dashboard: the
 * program's outcomes as charts drawn by the server as inline SVG (each with
 * a title, a description and the same figures as a data table beside it, so
 * screen readers and people without images get everything), and the
 * relationships at risk first, with the flags that put them there. No
 * script; presentation attributes only, so the strict CSP holds. */
#ifndef MENTORD_WEB_HEALTH_DASHBOARD_H
#define MENTORD_WEB_HEALTH_DASHBOARD_H
#include "http/http.h"

/* Registers the page route and loads its templates (called once at start). */
void web_health_register(void);
/* Queries and renders the dashboard of program p for r->who into the
 * response: the whole path the page takes once access is checked (the
 * benchmark times exactly this). Uses r->db, r->arena and r->who only. */
void web_health_dashboard_render(req_t *r, const program_t *p);

#endif
