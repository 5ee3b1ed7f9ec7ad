/* Services: mentor_request (being moved here from src/api; see docs/architecture.md). */
