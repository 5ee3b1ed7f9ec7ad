/* Services: relationship (being moved here from src/api; see docs/architecture.md). */
